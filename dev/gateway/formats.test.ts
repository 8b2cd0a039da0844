import { describe, expect, it } from 'vitest';
import { durationEnd, nextBudgetResetAt, parseDuration } from './durations';
import { isoUtc, pyDatetime, pyFloat, pyStrList } from './py-format';

describe('Python formatting', () => {
  it('prints floats as str(float) does', () => {
    const cases: [number, string][] = [
      [5, '5.0'],
      [0, '0.0'],
      [0.99, '0.99'],
      [6.5e-5, '6.5e-05'],
      [1e-4, '0.0001'],
      [1.5e-6, '1.5e-06'],
      [10.140288825, '10.140288825'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e16, '1e+16'],
      [123456789012345.6, '123456789012345.6'],
      [-2.5, '-2.5'],
    ];
    for (const [value, text] of cases) expect(pyFloat(value)).toBe(text);
  });

  it('prints datetimes and lists as str() does', () => {
    expect(pyDatetime(Date.UTC(2026, 8, 21, 22, 27, 58, 96))).toBe('2026-09-21 22:27:58.096000+00:00');
    expect(pyDatetime(Date.UTC(2025, 0, 1))).toBe('2025-01-01 00:00:00+00:00');
    expect(isoUtc(Date.UTC(2026, 7, 1))).toBe('2026-08-01T00:00:00Z');
    expect(pyStrList(['a', 'b'])).toBe("['a', 'b']");
    expect(pyStrList(["it's"])).toBe('["it\'s"]');
  });
});

describe('durations', () => {
  const at = Date.UTC(2026, 5, 17, 15, 42, 10); // a Wednesday
  const reset = (text: string) => {
    const parsed = parseDuration(text);
    if (!parsed) throw new Error(`unparsed ${text}`);
    return new Date(nextBudgetResetAt(parsed, at)).toISOString();
  };

  it('parses LiteLLM duration strings, m being minutes and mo months', () => {
    expect(parseDuration('30m')).toEqual({ value: 30, unit: 'm' });
    expect(parseDuration('2mo')).toEqual({ value: 2, unit: 'mo' });
    expect(parseDuration('monthly')).toEqual({ value: 30, unit: 'd' });
    expect(parseDuration('soon')).toBeNull();
  });

  it('schedules budget resets on calendar boundaries', () => {
    expect(reset('1d')).toBe('2026-06-18T00:00:00.000Z');
    expect(reset('7d')).toBe('2026-06-22T00:00:00.000Z');
    expect(reset('30d')).toBe('2026-07-01T00:00:00.000Z');
    expect(reset('3d')).toBe('2026-06-20T00:00:00.000Z');
    expect(reset('6h')).toBe('2026-06-17T18:00:00.000Z');
    expect(reset('15m')).toBe('2026-06-17T15:45:00.000Z');
    expect(reset('30s')).toBe('2026-06-17T15:42:30.000Z');
    expect(reset('1mo')).toBe('2026-07-01T00:00:00.000Z');
  });

  it('ends a key duration after that long, months by the calendar', () => {
    expect(new Date(durationEnd({ value: 1, unit: 'h' }, at)).toISOString()).toBe('2026-06-17T16:42:10.000Z');
    expect(new Date(durationEnd({ value: 1, unit: 'mo' }, Date.UTC(2026, 0, 31, 8))).toISOString()).toBe('2026-02-28T08:00:00.000Z');
  });
});
