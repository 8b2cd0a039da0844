/** Reading a tab: what it is, whether text is selected, and the extracted article. */
import { pageProblem, ProblemError } from '../errors/problem';
import { extractGoogleDoc, googleDocExportUrl } from '../extract/google-docs';
import { classifyTabUrl } from '../extract/restricted';
import { Extracted } from '../extract/result';
import type { TabInfo } from '../messaging';
import { extractPdf } from '../pdf/extract';

/** The built extraction script (entrypoints/extract.ts), injected only when asked for. */
const EXTRACT_SCRIPT = '/extract.js';

export async function inspectTab(tabId: number): Promise<TabInfo> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  const readability = classifyTabUrl(tab?.url);
  if (readability !== 'readable') return { readability, hasSelection: false };
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: () => !(getSelection()?.isCollapsed ?? true) });
    return { readability, hasSelection: result?.result === true };
  } catch {
    // No access (a page that blocks scripting, or no activeTab grant): extraction will say why.
    return { readability, hasSelection: false };
  }
}

/** `onProgress` reports pages read, for a PDF. */
export async function extractTab(tabId: number, wantSelection: boolean, onProgress?: (done: number, total: number) => void): Promise<Extracted> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) throw new ProblemError(pageProblem('no_tab'));
  const readability = classifyTabUrl(tab.url);
  if (readability === 'restricted') throw new ProblemError(pageProblem('restricted_page', tab.url ?? ''));
  // Chrome's PDF viewer and Google Docs hold no text an injected script could read.
  const url = tab.url ?? '';
  if (readability === 'pdf') return wantSelection ? noSelection() : extractPdf(tabId, url, tab.title ?? '', onProgress);
  const googleDoc = wantSelection ? null : googleDocExportUrl(url);
  if (googleDoc) return extractGoogleDoc(tabId, googleDoc, { url, title: tab.title ?? '' });
  let raw: unknown;
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, files: [EXTRACT_SCRIPT] });
    raw = result?.result;
  } catch (error) {
    throw new ProblemError(pageProblem('extraction_failed', error instanceof Error ? error.message : String(error)));
  }
  const parsed = Extracted.safeParse(raw);
  if (!parsed.success) throw new ProblemError(pageProblem('extraction_failed', 'The page returned nothing readable.'));
  const extracted = parsed.data;
  // A PDF whose URL does not end in .pdf shows up only here, by the document's type.
  if (extracted.contentType === 'application/pdf') return wantSelection ? noSelection() : extractPdf(tabId, extracted.url, extracted.title, onProgress);
  if (wantSelection && extracted.kind !== 'selection') noSelection();
  if (!extracted.text.trim()) throw new ProblemError(pageProblem(EMPTY_BECAUSE[extracted.frames ?? 'none']));
  return extracted;
}

/** Why a page gave no text: its content may sit in frames the top frame's script does not read. */
const EMPTY_BECAUSE = { frameset: 'frameset_page', iframe: 'framed_page', none: 'empty_page' } as const;

function noSelection(): never {
  throw new ProblemError(pageProblem('empty_page', 'No text is selected.'));
}
