/** Reading a tab: what it is, whether text is selected, and the extracted article. */
import { pageProblem, ProblemError } from '../errors/problem';
import { extractGoogleDoc, googleDocExportUrl } from '../extract/google-docs';
import { classifyTabUrl } from '../extract/restricted';
import { Extracted } from '../extract/result';
import type { TabInfo } from '../messaging';
import { extractPdf } from '../pdf/extract';
import { Speculations } from './speculation';

/** The built extraction script (entrypoints/extract.ts), injected only when asked for. */
const EXTRACT_SCRIPT = '/extract.js';

/** The worker's readings of pages made when the popup opened, or when its tab reloaded or moved while it was open (issue #17). */
export const speculations = new Speculations();

/** What the popup shows for the tab; on a web page with nothing selected it also starts reading the page, unawaited. */
export async function inspectTab(tabId: number): Promise<TabInfo> {
  // Whatever this opening finds replaces what an earlier one kept: a selection made since must not meet an old page.
  speculations.forget(tabId);
  const tab = await browser.tabs.get(tabId).catch(() => null);
  const readability = classifyTabUrl(tab?.url);
  if (readability !== 'readable') return { readability, hasSelection: false };
  let hasSelection: boolean;
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: () => !(getSelection()?.isCollapsed ?? true) });
    hasSelection = result?.result === true;
  } catch {
    // No access (a page that blocks scripting, or no activeTab grant): extraction will say why.
    return { readability, hasSelection: false };
  }
  if (!hasSelection && tab?.url && !googleDocExportUrl(tab.url)) speculate(tabId, tab.url);
  return { readability, hasSelection };
}

/**
 * Reads the page ahead of the click, after the selection check so the popup's answer does not queue
 * behind it in the page. Only a plain web page: a PDF (classified above) is fetched and parsed whole
 * and a Google Doc is a request to Google, neither of which the person asked for by opening the popup;
 * a selection is the person's choice at the click, so a page with one is read then.
 */
function speculate(tabId: number, url: string): void {
  speculations.start(tabId, url, async () => {
    // A page still loading is read when it completes: the popup watching it asks again then.
    const tab = await browser.tabs.get(tabId);
    if (tab.url !== url || tab.status !== 'complete') throw new Error('The page changed before it was read');
    return injectExtraction(tabId);
  });
}

/**
 * `onProgress` reports pages read, for a PDF. `kept`: the run may take the page as read when the
 * popup opened (a whole-page run from the popup, Ask's reading of the page); a selection run never does.
 */
export async function extractTab(tabId: number, wantSelection: boolean, onProgress?: (done: number, total: number) => void, kept = false): Promise<Extracted> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) throw new ProblemError(pageProblem('no_tab'));
  const readability = classifyTabUrl(tab.url);
  if (readability === 'restricted') throw new ProblemError(pageProblem('restricted_page', tab.url ?? ''));
  // Chrome's PDF viewer and Google Docs hold no text an injected script could read.
  const url = tab.url ?? '';
  if (readability === 'pdf') return wantSelection ? noSelection() : extractPdf(tabId, url, tab.title ?? '', onProgress);
  const googleDoc = wantSelection ? null : googleDocExportUrl(url);
  if (googleDoc) return extractGoogleDoc(tabId, googleDoc, { url, title: tab.title ?? '' });
  const speculated = kept && !wantSelection ? await speculations.take(tabId, url) : null;
  const extracted = speculated ?? (await injectExtraction(tabId));
  // A PDF whose URL does not end in .pdf shows up only here, by the document's type.
  if (extracted.contentType === 'application/pdf') return wantSelection ? noSelection() : extractPdf(tabId, extracted.url, extracted.title, onProgress);
  if (wantSelection && extracted.kind !== 'selection') noSelection();
  if (!extracted.text.trim()) throw new ProblemError(pageProblem(EMPTY_BECAUSE[extracted.frames ?? 'none']));
  return extracted;
}

/** The page as the injected script (lib/extract/in-page.ts) reads it: the selection if any, else the article. */
async function injectExtraction(tabId: number): Promise<Extracted> {
  let raw: unknown;
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, files: [EXTRACT_SCRIPT] });
    raw = result?.result;
  } catch (error) {
    throw new ProblemError(pageProblem('extraction_failed', error instanceof Error ? error.message : String(error)));
  }
  const parsed = Extracted.safeParse(raw);
  if (!parsed.success) throw new ProblemError(pageProblem('extraction_failed', 'The page returned nothing readable.'));
  return parsed.data;
}

/** Why a page gave no text: its content may sit in frames the top frame's script does not read. */
const EMPTY_BECAUSE = { frameset: 'frameset_page', iframe: 'framed_page', none: 'empty_page' } as const;

function noSelection(): never {
  throw new ProblemError(pageProblem('empty_page', 'No text is selected.'));
}
