/**
 * Writes each end-to-end test's outcome as a line the moment it ends, plus how many tests the run
 * holds, so `npm test` can count a run that was cut off: Playwright's JSON report is written only
 * at the very end, and a killed run leaves none.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { z } from 'zod';

export const TallyLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('begin'), total: z.number().int() }),
  /** `outcome` is Playwright's: a test that failed and then passed on a retry is `flaky`. */
  // One line per attempt; the last line of a test is its outcome over all attempts.
  z.object({ type: z.literal('end'), id: z.string(), title: z.string(), outcome: z.enum(['expected', 'unexpected', 'flaky', 'skipped']) }),
]);
export type TallyLine = z.infer<typeof TallyLine>;

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  /** Tests the run held but never finished (cut off, crashed worker, global timeout). */
  notRun: number;
  /** Titles of the tests counted as failed, flaky ones included. */
  failures: string[];
}

/** Counts from the lines: flaky is failed, and every test that never ended is failed too. */
export function tally(lines: readonly TallyLine[]): Tally {
  const total = lines.find((line) => line.type === 'begin')?.total ?? 0;
  const last = new Map<string, Extract<TallyLine, { type: 'end' }>>();
  for (const line of lines) if (line.type === 'end') last.set(line.id, line);
  const ended = [...last.values()];
  const failures = ended.filter((line) => line.outcome === 'unexpected' || line.outcome === 'flaky').map((line) => (line.outcome === 'flaky' ? `${line.title} (passed only on retry)` : line.title));
  const notRun = Math.max(0, total - ended.length);
  return {
    passed: ended.filter((line) => line.outcome === 'expected').length,
    failed: failures.length + notRun,
    skipped: ended.filter((line) => line.outcome === 'skipped').length,
    notRun,
    failures,
  };
}

export default class TallyReporter implements Reporter {
  private readonly file = process.env.TALLY_FILE;

  private write(line: TallyLine) {
    if (this.file) appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  onBegin(_config: FullConfig, suite: Suite) {
    if (this.file) writeFileSync(this.file, '');
    this.write({ type: 'begin', total: suite.allTests().length });
  }

  onTestEnd(test: TestCase) {
    this.write({ type: 'end', id: test.id, title: `${test.location.file.split('/').pop()}:${test.location.line} › ${test.title}`, outcome: test.outcome() });
  }

  printsToStdio() {
    return false;
  }
}
