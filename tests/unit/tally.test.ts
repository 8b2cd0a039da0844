import { describe, expect, it } from 'vitest';
import { tally, type TallyLine } from '../e2e/support/tally-reporter';

const end = (id: string, outcome: 'expected' | 'unexpected' | 'flaky' | 'skipped'): TallyLine => ({ type: 'end', id, title: `t${id}`, outcome });

describe('the end-to-end closing count', () => {
  it('counts passes, failures and skips of a complete run', () => {
    expect(tally([{ type: 'begin', total: 3 }, end('1', 'expected'), end('2', 'unexpected'), end('3', 'skipped')])).toEqual({
      passed: 1,
      failed: 1,
      skipped: 1,
      notRun: 0,
      failures: ['t2'],
    });
  });

  it('counts a test that passed only on retry as failed, by its last outcome', () => {
    const counted = tally([{ type: 'begin', total: 1 }, end('1', 'unexpected'), end('1', 'flaky')]);
    expect(counted).toMatchObject({ passed: 0, failed: 1, failures: ['t1 (passed only on retry)'] });
  });

  it('counts every test of a cut-off run that never ended as failed', () => {
    expect(tally([{ type: 'begin', total: 87 }, end('1', 'expected'), end('2', 'unexpected')])).toMatchObject({ passed: 1, failed: 86, notRun: 85 });
  });
});
