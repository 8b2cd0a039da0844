/**
 * What a page paints before any message to the worker and before zod loads (issue #17): one raw
 * `storage.local` read, started when the popup's module loads, of the copy the worker keeps of
 * everything the popup shows first (background/first-paint.ts, from values it parsed). Only types
 * are imported here, so this module and the popup's first paint carry no schema code; the popup
 * then reads and watches the items themselves (entrypoints/popup/live.ts).
 */
import type { FirstPaintCopy } from '../storage/items';
import type { Job } from '../jobs/job';
import { targetTabId } from './target-tab';

export const FIRST_PAINT_KEY = 'firstPaint';
/** The jobs' keys in storage.session, `job:<tabId>` (declared with their schema in storage/items.ts). */
export const JOB_KEY_PREFIX = 'job:';
/** Raised when the copy's shape changes, so a copy an older build wrote is not painted. */
const SHAPE = 1;

export type FirstPaint = FirstPaintCopy['paint'];

export function firstPaintBuild(version: string = browser.runtime.getManifest().version): string {
  return `${version}/${SHAPE}`;
}

/**
 * Null when there is no copy from this build (first run, just updated) or the read fails: the
 * popup then paints with nothing known and fills in from storage a moment later. Never rejects.
 */
export async function readFirstPaint(): Promise<FirstPaint | null> {
  try {
    const raw = (await browser.storage.local.get(FIRST_PAINT_KEY))[FIRST_PAINT_KEY] as FirstPaintCopy | null | undefined;
    return raw && raw.build === firstPaintBuild() ? raw.paint : null;
  } catch {
    return null;
  }
}

/** What the popup paints first: the copy, the tab it acts on, and that tab's job as the worker last wrote it. */
export interface PopupFirstPaint {
  paint: FirstPaint | null;
  tabId: number | null;
  job: Job | null;
}

/**
 * Never rejects. The job is painted at once so the popup does not jump when it arrives (the
 * controls fold away beside a result); jobs are written by the worker of this very build, since
 * Chrome empties session storage on an update (storage/items.ts). The job is asked for as soon as
 * the tab is known, beside the copy.
 */
export async function readPopupFirstPaint(): Promise<PopupFirstPaint> {
  const tab = targetTabId().catch(() => null);
  const job = tab.then((tabId) => (tabId === null ? null : readJobRaw(tabId)));
  const [paint, tabId, tabJob] = await Promise.all([readFirstPaint(), tab, job]);
  return { paint, tabId, job: tabJob };
}

function readJobRaw(tabId: number): Promise<Job | null> {
  const key = `${JOB_KEY_PREFIX}${tabId}`;
  return browser.storage.session.get(key).then(
    (stored) => (stored[key] as Job | undefined) ?? null,
    () => null,
  );
}

declare global {
  // The read entrypoints/popup-read.ts started; one page-global handoff between two scripts of one page.
  var __popupFirstPaint: Promise<PopupFirstPaint> | undefined;
}

/**
 * Called by entrypoints/popup-read.ts, a classic script popup.html runs while it parses: the
 * storage reads then travel while the popup's modules load and evaluate (about 40 ms on a
 * 2-core machine) instead of starting after them.
 */
export function startPopupFirstPaint(): void {
  void takePopupFirstPaint();
}

/** The read the classic script started, or a new one if the modules ran first (it then reuses this one). */
export function takePopupFirstPaint(): Promise<PopupFirstPaint> {
  return (globalThis.__popupFirstPaint ??= readPopupFirstPaint());
}
