/** What the "My usage" view shows, computed from the history: pure, so it is tested without a browser. */
import type { Feature } from '../settings/schema';
import type { UsageEntry } from './entry';

export const PERIOD_DAYS = 30;

export interface UsageTotals {
  /** Dollars over the entries whose cost is known. */
  cost: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Entries with no cost at all (neither reported nor computable): the total leaves them out. */
  unpriced: number;
  /** Some of the cost is computed from usage × prices rather than reported by the gateway. */
  estimated: boolean;
}

export interface DayCost {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  /** Local midnight that starts the day, in ms. */
  start: number;
  cost: number;
  requests: number;
}

export interface GroupCost<K extends string> extends UsageTotals {
  key: K;
}

export interface UsageSummary {
  /** Local midnight that starts the period. */
  since: number;
  total: UsageTotals;
  days: DayCost[];
  byFeature: GroupCost<Feature>[];
  /** Actions' calls by action (its id, `personal:<id>` for a person's own). */
  byAction: GroupCost<string>[];
  byModel: GroupCost<string>[];
}

const pad = (n: number) => String(n).padStart(2, '0');

export function localDay(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Local midnights of the last `days` days, oldest first, ending with today's. Built from the
 * calendar rather than by subtracting 24 h, because days around a DST change are 23 or 25 h long.
 */
function dayStarts(now: number, days: number): number[] {
  const today = new Date(now);
  return Array.from({ length: days }, (_, i) => new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1 - i)).getTime());
}

export function totals(entries: readonly UsageEntry[]): UsageTotals {
  const sum: UsageTotals = { cost: 0, requests: 0, promptTokens: 0, completionTokens: 0, unpriced: 0, estimated: false };
  for (const entry of entries) {
    sum.requests += 1;
    sum.promptTokens += entry.promptTokens;
    sum.completionTokens += entry.completionTokens;
    if (entry.cost === null) sum.unpriced += 1;
    else sum.cost += entry.cost;
    if (entry.cost !== null && entry.estimated) sum.estimated = true;
  }
  return sum;
}

/** Cost per local day over the last `days` days, zero-filled, oldest first. */
export function costPerDay(entries: readonly UsageEntry[], now: number, days = PERIOD_DAYS): DayCost[] {
  const byDay = new Map(dayStarts(now, days).map((start) => [localDay(start), { day: localDay(start), start, cost: 0, requests: 0 }]));
  for (const entry of entries) {
    const day = byDay.get(localDay(entry.time));
    if (!day) continue;
    day.cost += entry.cost ?? 0;
    day.requests += 1;
  }
  return [...byDay.values()];
}

/** Totals per key, most expensive first (then most used, then by name, so the order is stable). */
export function costBy<K extends string>(entries: readonly UsageEntry[], keyOf: (entry: UsageEntry) => K): GroupCost<K>[] {
  const groups = new Map<K, UsageEntry[]>();
  for (const entry of entries) {
    const key = keyOf(entry);
    const members = groups.get(key);
    if (members) members.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups]
    .map(([key, members]) => ({ key, ...totals(members) }))
    .sort((a, b) => b.cost - a.cost || b.requests - a.requests || a.key.localeCompare(b.key));
}

/** Everything the view shows for the period that ends today. */
export function summarizeUsage(entries: readonly UsageEntry[], now: number, days = PERIOD_DAYS): UsageSummary {
  const perDay = costPerDay(entries, now, days);
  const periodDays = new Set(perDay.map((day) => day.day));
  const inPeriod = entries.filter((entry) => periodDays.has(localDay(entry.time)));
  const since = perDay[0]?.start ?? now;
  return {
    since,
    total: totals(inPeriod),
    days: perDay,
    byFeature: costBy(inPeriod, (entry) => entry.feature),
    byAction: costBy(inPeriod.filter((entry) => entry.action !== null), (entry) => entry.action ?? ''),
    byModel: costBy(inPeriod, (entry) => entry.model),
  };
}
