/** Reading a tab: what it is, whether text is selected, and the extracted article. */
import { pageProblem, ProblemError } from '../errors/problem';
import { classifyTabUrl } from '../extract/restricted';
import { Extracted } from '../extract/result';
import type { TabInfo } from '../messaging';

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

export async function extractTab(tabId: number, wantSelection: boolean): Promise<Extracted> {
  const tab = await browser.tabs.get(tabId).catch(() => null);
  if (!tab) throw new ProblemError(pageProblem('no_tab'));
  const readability = classifyTabUrl(tab.url);
  if (readability === 'restricted') throw new ProblemError(pageProblem('restricted_page', tab.url ?? ''));
  if (readability === 'pdf') throw new ProblemError(pageProblem('pdf_page', tab.url ?? ''));
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
  if (extracted.contentType === 'application/pdf') throw new ProblemError(pageProblem('pdf_page', extracted.url));
  if (wantSelection && extracted.kind !== 'selection') throw new ProblemError(pageProblem('empty_page', 'No text is selected.'));
  if (!extracted.text.trim()) throw new ProblemError(pageProblem('empty_page'));
  return extracted;
}
