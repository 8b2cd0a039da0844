import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Extracted } from '../extract/result';
import { extractTab, inspectTab, speculations } from './tab';

const TAB = 7;
const URL_A = 'https://example.test/article';
const PAGE: Extracted = { kind: 'page', title: 'Article', url: URL_A, lang: 'en', contentType: 'text/html', byline: null, text: 'The article text.', method: 'readability' };
const SELECTION: Extracted = { ...PAGE, kind: 'selection', text: 'The selected words.', method: 'selection' };

type Injection = { files?: string[]; func?: () => unknown };

/** A tab showing URL_A; `page` answers each injection of /extract.js, in turn, and `selected` the selection check. */
function tabWith(selected: boolean, ...page: (() => Promise<Extracted>)[]) {
  vi.spyOn(fakeBrowser.tabs, 'get').mockResolvedValue({ id: TAB, url: URL_A, status: 'complete', title: 'Article' } as Awaited<ReturnType<typeof fakeBrowser.tabs.get>>);
  const reads: number[] = [];
  const execute = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (injection: Injection) => {
    if (!injection.files) return [{ result: selected }];
    reads.push(reads.length);
    return [{ result: await page[reads.length - 1]!() }];
  }) as never);
  return { reads, execute };
}

describe('reading the page when the popup opens (issue #17)', () => {
  beforeEach(() => speculations.forget(TAB));
  afterEach(() => vi.restoreAllMocks());

  it('answers the popup without waiting for the reading, and the popup run takes it instead of reading again', async () => {
    let finish!: (page: Extracted) => void;
    const { reads } = tabWith(false, () => new Promise((resolve) => (finish = resolve)));
    await expect(inspectTab(TAB)).resolves.toEqual({ readability: 'readable', hasSelection: false });
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    const run = extractTab(TAB, false, undefined, true);
    finish(PAGE);
    await expect(run).resolves.toEqual(PAGE);
    expect(reads).toHaveLength(1);
  });

  it('a selection run, and a run that may not take it (right-click, in-page panel), read the page themselves', async () => {
    const { reads } = tabWith(false, async () => PAGE, async () => SELECTION, async () => PAGE);
    await inspectTab(TAB);
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    await expect(extractTab(TAB, true, undefined, true)).resolves.toEqual(SELECTION);
    await expect(extractTab(TAB, false, undefined, false)).resolves.toEqual(PAGE);
    expect(reads).toHaveLength(3);
  });

  it('does not read ahead a page with a selection, and drops what an earlier opening read', async () => {
    const { reads, execute } = tabWith(false, async () => PAGE, async () => SELECTION);
    await inspectTab(TAB);
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    execute.mockRestore();
    const again = tabWith(true, async () => SELECTION);
    await expect(inspectTab(TAB)).resolves.toEqual({ readability: 'readable', hasSelection: true });
    // The page run reads the page as it is now: the selection (lib/extract/in-page.ts), not the old page.
    await expect(extractTab(TAB, false, undefined, true)).resolves.toEqual(SELECTION);
    expect(again.reads).toHaveLength(1);
  });

  it('never reports a failed reading: the run reads the page itself', async () => {
    const { reads } = tabWith(false, () => Promise.reject(new Error('Cannot access contents of the page')), async () => PAGE);
    await inspectTab(TAB);
    await vi.waitFor(() => expect(reads).toHaveLength(1));
    await expect(extractTab(TAB, false, undefined, true)).resolves.toEqual(PAGE);
    expect(reads).toHaveLength(2);
  });
});
