import { defineConfig } from '@playwright/test';

// One worker: the machine has 2 cores and each test runs a real Chromium plus the simulator.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // No retries: a test that passes only on a second try is a failure to fix, not to hide (tally-reporter counts it failed).
  retries: 0,
  reporter: 'list',
  use: { trace: 'off' },
});
