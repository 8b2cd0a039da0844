import { describe, expect, it } from 'vitest';
import {
  appendUsage,
  boundHistory,
  clearUsage,
  getKeepUsageText,
  MAX_KEPT_TEXT_CHARS,
  MAX_USAGE_ENTRIES,
  readUsage,
  setKeepUsageText,
  watchUsage,
} from './history';
import { type NewUsageEntry, UsageEntry } from './entry';
import { usageHistoryItem } from '../storage/items';

const entry = (n: number, extra: Partial<NewUsageEntry> = {}): NewUsageEntry => ({
  id: `e${n}`,
  time: 1_700_000_000_000 + n,
  feature: 'summarize',
  model: 'sim-fast',
  promptTokens: 100,
  completionTokens: 20,
  cost: 0.001,
  estimated: false,
  pageTitle: `Page ${n}`,
  pageUrl: `https://example.com/${n}`,
  ...extra,
});

describe('usage history', () => {
  it('starts empty and appends newest last', async () => {
    expect(await readUsage()).toEqual([]);
    await appendUsage(entry(1));
    await appendUsage(entry(2));
    expect((await readUsage()).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('gives an entry an id when the caller has none', async () => {
    const { id: _none, ...withoutId } = entry(1);
    await appendUsage(withoutId);
    const [stored] = await readUsage();
    expect(stored?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps every entry when many calls finish at once', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, n) => appendUsage(entry(n))));
    const ids = (await readUsage()).map((e) => e.id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
  });

  it('refuses an entry that does not fit the schema, without touching the history', async () => {
    await appendUsage(entry(1));
    await expect(appendUsage(entry(2, { feature: 'translate' as never }))).rejects.toThrow();
    await expect(appendUsage(entry(3, { promptTokens: -1 }))).rejects.toThrow();
    expect(await readUsage()).toHaveLength(1);
  });

  it('skips damaged stored entries rather than losing the history', async () => {
    // Storage edited by hand holds what no type allows.
    const damaged = { junk: true } as unknown as UsageEntry;
    await usageHistoryItem.setValue([UsageEntry.parse(entry(1)), damaged, UsageEntry.parse(entry(2))]);
    expect((await readUsage()).map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it(`keeps at most ${MAX_USAGE_ENTRIES} entries, dropping the oldest`, async () => {
    await usageHistoryItem.setValue(Array.from({ length: MAX_USAGE_ENTRIES }, (_, n) => UsageEntry.parse(entry(n))));
    await appendUsage(entry(MAX_USAGE_ENTRIES));
    const ids = (await readUsage()).map((e) => e.id);
    expect(ids).toHaveLength(MAX_USAGE_ENTRIES);
    expect(ids[0]).toBe('e1');
    expect(ids.at(-1)).toBe(`e${MAX_USAGE_ENTRIES}`);
  });

  it('clears, and tells watchers', async () => {
    const seen: UsageEntry[][] = [];
    const unwatch = watchUsage((entries) => seen.push(entries));
    await appendUsage(entry(1));
    await clearUsage();
    unwatch();
    expect(await readUsage()).toEqual([]);
    expect(seen.map((entries) => entries.length)).toEqual([1, 0]);
  });

  describe('page text', () => {
    it('is off by default, and then no text is stored', async () => {
      expect(await getKeepUsageText()).toBe(false);
      await appendUsage(entry(1, { text: 'secret page' }));
      expect((await readUsage())[0]).not.toHaveProperty('text');
    });

    it('is stored once turned on, and removed again when turned off', async () => {
      await setKeepUsageText(true);
      await appendUsage(entry(1, { text: 'kept page' }));
      expect((await readUsage())[0]?.text).toBe('kept page');
      await setKeepUsageText(false);
      expect(await getKeepUsageText()).toBe(false);
      expect((await readUsage())[0]).not.toHaveProperty('text');
    });

    it('is kept on the newest entries only while it fits the storage budget', () => {
      const half = 'x'.repeat(MAX_KEPT_TEXT_CHARS / 2);
      const bounded = boundHistory([1, 2, 3].map((n) => ({ ...entry(n, { text: half }), id: `e${n}` }) as UsageEntry));
      expect(bounded.map((e) => e.text !== undefined)).toEqual([false, true, true]);
    });
  });
});
