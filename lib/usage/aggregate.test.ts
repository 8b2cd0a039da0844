import { describe, expect, it } from 'vitest';
import { costBy, costPerDay, localDay, summarizeUsage, totals } from './aggregate';
import type { UsageEntry } from './entry';

/** A local time, `daysAgo` calendar days before 15 Mar 2026 at the given hour. */
const at = (daysAgo: number, hour = 12) => new Date(2026, 2, 15 - daysAgo, hour).getTime();
const NOW = at(0, 18);

let n = 0;
const entry = (time: number, extra: Partial<UsageEntry> = {}): UsageEntry => ({
  id: `e${n++}`,
  time,
  action: null,
  feature: 'summarize',
  model: 'sim-fast',
  promptTokens: 100,
  completionTokens: 10,
  cost: 0.01,
  estimated: false,
  pageTitle: 'Page',
  pageUrl: 'https://example.com/',
  ...extra,
});

describe('usage aggregation', () => {
  it('names days by the local calendar', () => {
    expect(localDay(new Date(2026, 0, 5, 0, 0).getTime())).toBe('2026-01-05');
    expect(localDay(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
  });

  it('gives 30 zero-filled days, oldest first, ending today', () => {
    const days = costPerDay([entry(at(0, 1)), entry(at(0, 23)), entry(at(3), { cost: 0.5 })], NOW);
    expect(days).toHaveLength(30);
    expect(days[0]?.day).toBe('2026-02-14');
    expect(days.at(-1)?.day).toBe('2026-03-15');
    expect(days.at(-1)).toMatchObject({ cost: 0.02, requests: 2 });
    expect(days.at(-4)).toMatchObject({ day: '2026-03-12', cost: 0.5, requests: 1 });
    expect(days.filter((d) => d.requests === 0)).toHaveLength(28);
  });

  it('leaves out entries older than the period, and counts an unpriced call with no cost', () => {
    const days = costPerDay([entry(at(30)), entry(at(29), { cost: null })], NOW);
    expect(days[0]).toMatchObject({ cost: 0, requests: 1 });
    expect(days.reduce((sum, d) => sum + d.requests, 0)).toBe(1);
  });

  it('starts each day at local midnight, also across a DST change', () => {
    // US clocks moved forward on 8 Mar 2026, inside the period; Node reads TZ again when it changes.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const days = costPerDay([entry(new Date(2026, 2, 8, 23, 30).getTime())], new Date(2026, 2, 15, 18).getTime());
      for (const day of days) {
        const start = new Date(day.start);
        expect([start.getHours(), start.getMinutes(), localDay(day.start)]).toEqual([0, 0, day.day]);
      }
      expect(new Set(days.map((d) => d.day)).size).toBe(30);
      expect(days.find((d) => d.requests > 0)?.day).toBe('2026-03-08');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('totals cost and tokens, and says when some cost is unknown or estimated', () => {
    expect(totals([])).toEqual({ cost: 0, requests: 0, promptTokens: 0, completionTokens: 0, unpriced: 0, estimated: false });
    const sum = totals([entry(NOW), entry(NOW, { cost: null, estimated: true }), entry(NOW, { cost: 0.02, estimated: true })]);
    expect(sum).toMatchObject({ requests: 3, promptTokens: 300, completionTokens: 30, unpriced: 1, estimated: true });
    expect(sum.cost).toBeCloseTo(0.03);
  });

  it('groups by feature and by model, most expensive first', () => {
    const entries = [
      entry(NOW, { feature: 'jira-draft', model: 'sim-cache', cost: 0.2 }),
      entry(NOW, { feature: 'summarize', cost: 0.05 }),
      entry(NOW, { feature: 'summarize', cost: 0.05 }),
      entry(NOW, { feature: 'summarize-selection', cost: 0.001 }),
    ];
    expect(costBy(entries, (e) => e.feature).map((g) => [g.key, g.requests])).toEqual([
      ['jira-draft', 1],
      ['summarize', 2],
      ['summarize-selection', 1],
    ]);
    const byModel = costBy(entries, (e) => e.model);
    expect(byModel.map((g) => g.key)).toEqual(['sim-cache', 'sim-fast']);
    expect(byModel[1]?.cost).toBeCloseTo(0.101);
  });

  it('summarizes only the period for totals and groups', () => {
    const summary = summarizeUsage([entry(at(45), { model: 'old-model', cost: 9 }), entry(at(2)), entry(at(0))], NOW);
    expect(summary.since).toBe(new Date(2026, 1, 14).getTime());
    expect(summary.total).toMatchObject({ requests: 2 });
    expect(summary.total.cost).toBeCloseTo(0.02);
    expect(summary.byModel.map((g) => g.key)).toEqual(['sim-fast']);
    expect(summary.byFeature.map((g) => g.key)).toEqual(['summarize']);
    expect(summary.days.filter((d) => d.requests > 0).map((d) => d.day)).toEqual(['2026-03-13', '2026-03-15']);
  });
});
