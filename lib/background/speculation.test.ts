import { describe, expect, it } from 'vitest';
import type { Extracted } from '../extract/result';
import { HANDOFF_MS, MAX_KEPT_TABS, SPECULATION_TTL_MS, Speculations } from './speculation';

const URL_A = 'https://example.test/article';

function page(url = URL_A, over: Partial<Extracted> = {}): Extracted {
  return { kind: 'page', title: 'Article', url, lang: 'en', contentType: 'text/html', byline: null, text: 'The article text.', method: 'readability', ...over };
}

function setup() {
  let now = 1_000_000;
  const cache = new Speculations(() => now);
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('Speculations (issue #17)', () => {
  it('hands the reading to a run at the same tab and URL', async () => {
    const { cache } = setup();
    const read = page();
    cache.start(7, URL_A, async () => read);
    await expect(cache.take(7, URL_A)).resolves.toBe(read);
  });

  it('hands over a reading still under way, so the run waits for it rather than reading twice', async () => {
    const { cache } = setup();
    let finish!: (value: Extracted) => void;
    cache.start(7, URL_A, () => new Promise((resolve) => (finish = resolve)));
    const taken = cache.take(7, URL_A);
    finish(page());
    await expect(taken).resolves.toMatchObject({ text: 'The article text.' });
  });

  it('serves one run only: a retry reads the page again', async () => {
    const { cache } = setup();
    cache.start(7, URL_A, async () => page());
    await expect(cache.take(7, URL_A)).resolves.not.toBeNull();
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
  });

  it('misses for another tab or another URL (history.pushState, a fragment)', async () => {
    const { cache } = setup();
    cache.start(7, URL_A, async () => page());
    await expect(cache.take(8, URL_A)).resolves.toBeNull();
    cache.start(7, URL_A, async () => page());
    await expect(cache.take(7, `${URL_A}?page=2`)).resolves.toBeNull();
    cache.start(7, URL_A, async () => page());
    await expect(cache.take(7, `${URL_A}#comments`)).resolves.toBeNull();
  });

  it('drops the reading when the popup asks again (its page reloaded or moved) or the tab closes', async () => {
    const { cache } = setup();
    cache.start(7, URL_A, async () => page());
    cache.forget(7);
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
    cache.start(7, URL_A, async () => page(URL_A, { text: 'FIRST' }));
    cache.start(7, URL_A, async () => page(URL_A, { text: 'RELOADED' }));
    await expect(cache.take(7, URL_A)).resolves.toMatchObject({ text: 'RELOADED' });
  });

  it('misses once the reading is older than the TTL', async () => {
    const { cache, advance } = setup();
    cache.start(7, URL_A, async () => page());
    advance(SPECULATION_TTL_MS);
    cache.start(8, URL_A, async () => page());
    advance(1);
    await expect(cache.take(8, URL_A)).resolves.not.toBeNull();
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
  });

  it('drops the reading when the popup watching the tab closes, unless it was handed to the side panel', async () => {
    const { cache, advance } = setup();
    cache.start(7, URL_A, async () => page());
    cache.start(8, URL_A, async () => page());
    cache.release(7);
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
    cache.start(7, URL_A, async () => page());
    cache.handOff(7);
    cache.release(7);
    advance(HANDOFF_MS);
    await expect(cache.take(7, URL_A)).resolves.not.toBeNull();
    cache.start(7, URL_A, async () => page());
    cache.handOff(7);
    cache.release(7);
    advance(HANDOFF_MS + 1);
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
    await expect(cache.take(8, URL_A)).resolves.not.toBeNull();
  });

  it('honours the handoff when it reaches the worker after the popup closed', async () => {
    const { cache, advance } = setup();
    cache.start(7, URL_A, async () => page());
    cache.release(7);
    advance(20);
    cache.handOff(7);
    advance(HANDOFF_MS - 20);
    await expect(cache.take(7, URL_A)).resolves.not.toBeNull();
  });

  it('turns a failed reading into a miss, never an error', async () => {
    const { cache } = setup();
    cache.start(7, URL_A, () => Promise.reject(new Error('Cannot access contents of the page')));
    await expect(cache.take(7, URL_A)).resolves.toBeNull();
  });

  it('keeps only a whole page with text at the URL it was started for', async () => {
    const { cache } = setup();
    const notWholePages = [
      page(URL_A, { kind: 'selection', method: 'selection' }),
      page(URL_A, { contentType: 'application/pdf' }),
      page(URL_A, { text: '  \n' }),
      page('https://example.test/elsewhere'),
    ];
    for (const read of notWholePages) {
      cache.start(7, URL_A, async () => read);
      await expect(cache.take(7, URL_A), JSON.stringify(read)).resolves.toBeNull();
    }
  });

  it('keeps one reading per tab, the latest', async () => {
    const { cache } = setup();
    cache.start(7, URL_A, async () => page(URL_A, { text: 'first opening' }));
    cache.start(7, URL_A, async () => page(URL_A, { text: 'second opening' }));
    await expect(cache.take(7, URL_A)).resolves.toMatchObject({ text: 'second opening' });
  });

  it(`holds at most ${MAX_KEPT_TABS} tabs, dropping the oldest`, async () => {
    const { cache } = setup();
    const tabs = Array.from({ length: MAX_KEPT_TABS + 2 }, (_, i) => i + 1);
    for (const tabId of tabs) cache.start(tabId, URL_A, async () => page());
    const kept = await Promise.all(tabs.map(async (tabId) => (await cache.take(tabId, URL_A)) !== null));
    expect(kept).toEqual(tabs.map((_, i) => i >= 2));
  });
});
