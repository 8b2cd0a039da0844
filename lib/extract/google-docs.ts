/**
 * Google Docs draws the document on a canvas, so the tab's DOM holds next to none of its text.
 * The document's export URL gives it as Markdown (headings intact, which the chunker splits on),
 * read with the person's own Google session (issue #4).
 *
 * Access: the export URL is on the tab's own origin, and it is fetched from inside the tab
 * (lib/extract/tab-fetch.ts), which the activeTab grant allows: opening the popup, the context
 * menu or the shortcut on the tab grants it ("temporary host permissions for the tab's main frame
 * origin", https://developer.chrome.com/docs/extensions/develop/concepts/activeTab). No
 * permission prompt is needed.
 */
import { pageProblem, ProblemError } from '../errors/problem';
import type { Extracted } from './result';
import { fetchInTab } from './tab-fetch';

const DOCUMENT_PATH = /^\/document\/(u\/\d+\/)?d\/([\w-]+)/;

/**
 * The Markdown export of the document a tab shows, or null when the tab is not a Google Doc.
 * `/u/1/` (the second signed-in account) is kept so the export is asked of the account the tab
 * uses; Google's answer to that path could not be checked here (no network).
 */
export function googleDocExportUrl(tabUrl: string | undefined): string | null {
  let url: URL;
  try {
    url = new URL(tabUrl ?? '');
  } catch {
    return null;
  }
  const match = url.protocol === 'https:' && url.hostname === 'docs.google.com' ? DOCUMENT_PATH.exec(url.pathname) : null;
  return match ? `https://docs.google.com/document/${match[1] ?? ''}d/${match[2]}/export?format=md` : null;
}

/** "Design review - Google Docs" → "Design review" (the suffix follows the person's UI language). */
export function googleDocTitle(tabTitle: string): string {
  return tabTitle.replace(/\s+-\s+Google\s*(?:Docs|ドキュメント)$/u, '').trim();
}

/**
 * The export embeds every image as a base64 data URI (reference-style, defined at the end):
 * thousands of tokens per picture that say nothing to a model. Drop them and the references.
 */
export function withoutEmbeddedImages(markdown: string): string {
  const dropped = new Set<string>();
  const text = markdown.replace(/^\[([^\]]+)\]:\s*<?data:[^\n]*$/gm, (_, label: string) => {
    dropped.add(label.toLowerCase());
    return '';
  });
  return text
    .replace(/!\[[^\]]*\]\(<?data:[^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[([^\]]+)\]/g, (whole, label: string) => (dropped.has(label.toLowerCase()) ? '' : whole))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NO_DOCUMENT = 'Google Docs did not hand over the document. Check that you are signed in to Google in this browser and can open it.';

export async function extractGoogleDoc(tabId: number, exportUrl: string, tab: { url: string; title: string }): Promise<Extracted> {
  const result = await fetchInTab(tabId, exportUrl, 'text');
  if (!result.fetched) throw new ProblemError(pageProblem('extraction_failed', `${NO_DOCUMENT} (${result.error})`));
  // Signed out or without access, the export answers with an HTML page instead of the document.
  if (result.status < 200 || result.status > 299 || result.contentType.includes('text/html')) {
    throw new ProblemError(pageProblem('extraction_failed', `${NO_DOCUMENT} (HTTP ${result.status})`));
  }
  const text = withoutEmbeddedImages(result.body.replace(/^\uFEFF/, ''));
  if (!text) throw new ProblemError(pageProblem('empty_page'));
  return { kind: 'page', title: googleDocTitle(tab.title), url: tab.url, lang: '', contentType: 'text/markdown', byline: null, text, method: 'google-docs' };
}
