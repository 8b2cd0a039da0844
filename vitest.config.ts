import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['lib/**/*.test.ts', 'lib/**/*.test.tsx', 'components/**/*.test.tsx', 'dev/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    testTimeout: 20_000,
    setupFiles: ['tests/unit/setup.ts'],
  },
});
