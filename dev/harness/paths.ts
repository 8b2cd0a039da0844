import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionDir = resolve(repoRoot, '.output/chrome-mv3');
/** The shared corpus sits beside the repository (../shared), in CI as in a session. */
export const corpusDir = process.env.CORPUS_DIR ?? resolve(repoRoot, '../shared/corpus');
/** Web pages made for the tests, served under `/test/` (static-server.ts). */
export const testSitesDir = resolve(repoRoot, 'tests/e2e/sites');
