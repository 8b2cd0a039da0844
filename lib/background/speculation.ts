/**
 * Start before the click (issue #17): when the popup opens on a web page, the worker reads the page
 * (local, no gateway call) and keeps the result for that tab, so a whole-page run started right
 * after only builds and sends. The kept result is the promise of the same injected extraction a run
 * would make itself; it is memory only, so a worker Chrome stopped simply extracts again.
 *
 * The worker does not listen to tab updates (that would wake it on every navigation, issue #17).
 * While the popup is open it watches its tab and asks again when the page reloads or moves
 * (inspectTab in tab.ts forgets, then reads anew), and a run takes a reading only at the URL the tab
 * shows. Once the popup is gone nothing sees a reload, so the reading goes with it, unless the
 * popup handed it to the side panel its Ask button opened.
 */
import type { Extracted } from '../extract/result';

/**
 * How long a kept reading stands for the page. The click it serves follows the popup's opening
 * within seconds; later, a live page (a feed, a chat, a dashboard) may have changed its text
 * without navigating, which no tab event reports, so the run reads the page itself.
 */
export const SPECULATION_TTL_MS = 30_000;

/**
 * How long a reading handed to the side panel stands after the popup closed: the panel takes it as
 * it opens, within a second or two; the reading must not outlive that by much, since no one
 * watches the page for a reload any more.
 */
export const HANDOFF_MS = 5_000;

/** Popups open one at a time, so a handful of tabs covers every real case and bounds the memory held. */
export const MAX_KEPT_TABS = 4;

interface Kept {
  url: string;
  startedAt: number;
  /** The popup's Ask button is opening the side panel, which will take this reading. */
  handedOff: boolean;
  /** When the popup watching the tab closed; null while it is open. */
  releasedAt: number | null;
  result: Promise<Extracted | null>;
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
    this.kept.set(tabId, { url, startedAt: this.now(), handedOff: false, releasedAt: null, result });
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
   * now and is recent (Ask's panel opened from the popup takes it too); null tells the run to
   * extract itself. Taking it drops it: a second run (a retry, another action) reads the page as it
   * is then.
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

  /** The tabs with a reading kept. */
  tabIds(): number[] {
    return [...this.kept.keys()];
  }

  /** The popup is opening the side panel for the tab: the reading is the panel's once the popup closes. */
  handOff(tabId: number): void {
    const entry = this.kept.get(tabId);
    if (entry) entry.handedOff = true;
  }

  /**
   * The popup watching the tab closed: the reading goes, or stands briefly for the side panel it was
   * handed to. Kept, not deleted, for that: the popup's word and its port's disconnect reach the
   * worker by different paths, and the word can come second.
   */
  release(tabId: number): void {
    const entry = this.kept.get(tabId);
    if (entry) entry.releasedAt ??= this.now();
  }

  private expired(entry: Kept): boolean {
    const now = this.now();
    if (now - entry.startedAt > SPECULATION_TTL_MS) return true;
    return entry.releasedAt !== null && (!entry.handedOff || now - entry.releasedAt > HANDOFF_MS);
  }
}

function wholePageAt(extracted: Extracted, url: string): boolean {
  return extracted.kind === 'page' && extracted.url === url && extracted.contentType !== 'application/pdf' && extracted.text.trim() !== '';
}
