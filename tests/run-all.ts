/**
 * `npm test`: every check in order — types, unit tests, build, end-to-end tests in Chromium —
 * then one closing line `N passed, N failed` over all of them. Exits non-zero on any failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tally, TallyLine } from './e2e/support/tally-reporter';

const reports = mkdtempSync(join(tmpdir(), 'ga-test-'));
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function step(name: string): boolean {
  return only.length === 0 || only.includes(name);
}

let ok = true;
ok = run('prepare', 'npx', ['wxt', 'prepare']) && ok;
if (step('types')) {
  const typed = run('typecheck', 'npx', ['tsc', '--noEmit']);
  typed ? passed++ : failed++;
  ok = typed && ok;
}

if (step('unit')) {
  const file = join(reports, 'vitest.json');
  ok = run('unit tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]) && ok;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests;
  } catch {
    failed++;
  }
}

if (step('e2e')) {
  const built = run('build the extension', 'npx', ['wxt', 'build']);
  ok = built && ok;
  if (built) {
    const file = join(reports, 'playwright.jsonl');
    ok = run('end-to-end tests (Playwright + Chromium)', 'npx', ['playwright', 'test', '--config', 'tests/e2e/playwright.config.ts', '--reporter=list,./tests/e2e/support/tally-reporter.ts'], { TALLY_FILE: file }) && ok;
    let lines: TallyLine[] = [];
    try {
      lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => TallyLine.parse(JSON.parse(line)));
    } catch {
      // No file at all: the run never began, which the count below reports as one failure.
    }
    const e2e = tally(lines);
    if (!lines.some((line) => line.type === 'begin')) failed++;
    passed += e2e.passed;
    failed += e2e.failed;
    skipped += e2e.skipped;
    for (const title of e2e.failures) console.log(`  failed: ${title}`);
    if (e2e.notRun > 0) console.log(`  ${e2e.notRun} end-to-end tests did not run (the run was cut off): each counts as failed`);
  } else {
    failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
// The reports are read above; a run leaves no folder behind in the temp directory.
rmSync(reports, { recursive: true, force: true });
process.exit(ok && failed === 0 ? 0 : 1);
