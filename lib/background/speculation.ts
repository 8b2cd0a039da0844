/**
 * Start before the click (issue #17): when the popup opens on a web page, the worker reads the page
 * (local, no gateway call) and keeps the result for that tab, so a whole-page run started right
 * after only builds and sends. The kept result is the promise of the same injected extraction a run
 * would make itself; it is memory only, so a worker Chrome stopped simply extracts again.
 */
import type { Extracted } from '../extract/result';

/**
 * How long a kept reading stands for the page. The click it serves follows the popup's opening
 * within seconds; later, a live page (a feed, a chat, a dashboard) may have changed its text
 * without navigating, which no tab event reports, so the run reads the page itself.
 */
export const SPECULATION_TTL_MS = 30_000;

/** Popups open one at a time, so a handful of tabs covers every real case and bounds the memory held. */
export const MAX_KEPT_TABS = 4;

interface Kept {
  url: string;
  startedAt: number;
  result: Promise<Extracted | null>;
}

/** What a tab update says about its document: only a new document or a new URL makes a kept reading stale. */
export interface TabChange {
  status?: string;
  url?: string;
}

export class Speculations {
  private readonly kept = new Map<number, Kept>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Reads the tab at `url` ahead of a run, in place of any earlier reading of it. A reading that
   * fails, or finds no whole page at `url` (a selection, a PDF by its type, no text), is kept as
   * nothing: the run then extracts itself and reports what it finds, so a speculation never reports.
   */
  start(tabId: number, url: string, extract: () => Promise<Extracted>): void {
    this.forget(tabId);
    const result = extract().then(
      (extracted) => (wholePageAt(extracted, url) ? extracted : null),
      () => null,
    );
    this.kept.set(tabId, { url, startedAt: this.now(), result });
    for (const [id, entry] of this.kept) {
      if (this.kept.size > MAX_KEPT_TABS || this.expired(entry)) this.kept.delete(id);
    }
    // A reading that came to nothing holds no memory past its end.
    void result.then((extracted) => {
      if (!extracted && this.kept.get(tabId)?.result === result) this.kept.delete(tabId);
    });
  }

  /**
   * The kept reading of the tab, for one whole-page run, when it was made at the URL the tab shows
   * now and is recent; null tells the run to extract itself. Taking it drops it: a second run (a
   * retry, another action) reads the page as it is then.
   */
  take(tabId: number, url: string): Promise<Extracted | null> {
    const entry = this.kept.get(tabId);
    this.kept.delete(tabId);
    if (!entry || entry.url !== url || this.expired(entry)) return Promise.resolve(null);
    return entry.result;
  }

  forget(tabId: number): void {
    this.kept.delete(tabId);
  }

  /**
   * tabs.onUpdated: a navigation or a reload ('loading') brings a new document, and a URL change
   * without one (history.pushState, a fragment) may bring new content; either way the reading is stale.
   */
  tabUpdated(tabId: number, change: TabChange): void {
    if (change.status === 'loading' || change.url !== undefined) this.forget(tabId);
  }

  private expired(entry: Kept): boolean {
    return this.now() - entry.startedAt > SPECULATION_TTL_MS;
  }
}

function wholePageAt(extracted: Extracted, url: string): boolean {
  return extracted.kind === 'page' && extracted.url === url && extracted.contentType !== 'application/pdf' && extracted.text.trim() !== '';
}
