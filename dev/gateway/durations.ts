/**
 * LiteLLM's duration strings (`litellm_core_utils/duration_parser.py`, contract §5): `30s`, `30m`
 * (minutes), `12h`, `30d`, `1w`, `1mo` (months), and the words hourly/daily/weekly/monthly.
 */
export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w' | 'mo';
export interface Duration {
  value: number;
  unit: DurationUnit;
}

const WORDS: Record<string, Duration> = {
  hourly: { value: 1, unit: 'h' },
  daily: { value: 1, unit: 'd' },
  weekly: { value: 7, unit: 'd' },
  monthly: { value: 30, unit: 'd' },
};
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DAY_MS = UNIT_MS.d;

export function parseDuration(text: string): Duration | null {
  const word = WORDS[text.trim().toLowerCase()];
  if (word) return word;
  const match = /^(\d+)(mo|s|m|h|d|w)$/.exec(text.trim());
  if (!match) return null;
  return { value: Number(match[1]), unit: match[2] as DurationUnit };
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  // Like LiteLLM: keep the day of month, clamped to the target month's last day.
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime() + (ms % DAY_MS);
}

/** When something that lasts `duration` from `fromMs` ends: a key's `expires` from `duration`. */
export function durationEnd(duration: Duration, fromMs: number): number {
  if (duration.unit === 'mo') return addMonths(fromMs, duration.value);
  return fromMs + duration.value * UNIT_MS[duration.unit];
}

/** The next multiple of `every` units after `nowMs`, counting from `periodStart` in units of `unitMs`. */
function nextAligned(nowMs: number, periodStart: number, unitMs: number, every: number): number {
  const current = Math.floor((nowMs - periodStart) / unitMs);
  return periodStart + (current + every - (current % every)) * unitMs;
}

/**
 * `budget_reset_at` for a budget period, as newer LiteLLM computes it
 * (`get_next_standardized_reset_time`, UTC): `1d` next midnight, `7d` next Monday, `30d` the 1st of
 * next month, other day counts midnight + N days; hours, minutes and seconds align to their
 * boundaries. Older releases used `now + duration`. `w` and `mo` are not handled by that function
 * (it falls back to next midnight); treating them as weeks and calendar months is our choice.
 */
export function nextBudgetResetAt(duration: Duration, nowMs: number): number {
  const midnight = nowMs - (nowMs % DAY_MS);
  const { value, unit } = duration;
  switch (unit) {
    case 'd':
    case 'w': {
      const days = unit === 'w' ? value * 7 : value;
      if (days === 1) return midnight + DAY_MS;
      if (days === 7) {
        const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday = 0, as Python's weekday()
        return midnight + (7 - weekday) * DAY_MS;
      }
      if (days === 30) return firstOfMonth(nowMs, 1);
      return midnight + days * DAY_MS;
    }
    case 'mo':
      return firstOfMonth(nowMs, value);
    case 'h':
      return nextAligned(nowMs, midnight, UNIT_MS.h, value);
    case 'm':
      return nextAligned(nowMs, nowMs - (nowMs % UNIT_MS.h), UNIT_MS.m, value);
    case 's':
      return nextAligned(nowMs, nowMs - (nowMs % UNIT_MS.m), UNIT_MS.s, value);
  }
}

function firstOfMonth(nowMs: number, monthsAhead: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + monthsAhead, 1);
}
