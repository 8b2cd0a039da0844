/**
 * A PDF open in Chrome's viewer, as the summarizer reads it. The viewer's page holds no text an
 * extension can script, so the file itself is fetched and read by pdf.js in the offscreen
 * document (issue #4).
 */
import { pageProblem, ProblemError } from '../errors/problem';
import type { Extracted } from '../extract/result';
import { fetchInTab } from '../extract/tab-fetch';
import { readInOffscreen } from './offscreen';
import { PdfReadError } from './read';
import { hasText, joinPages } from './text';

/** `report.pdf` for `https://intra.example/docs/report.pdf?v=2`, '' when the path has no file name. */
export function fileNameOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
}

/**
 * The bytes cross two extension messages as base64 (the injection's result, then the port to the
 * offscreen reader), and Chrome refuses a message over 64 MiB: 4/3 of 48 MiB. 45 MiB leaves room
 * for the message around them; a bigger PDF is refused by its size, before it is read.
 */
export const MAX_PDF_BYTES = 45 * 1024 * 1024;

/**
 * The tab fetches its own PDF (lib/extract/tab-fetch.ts says why not the worker), so an intranet
 * PDF behind a sign-in comes back as it did to the tab. A `file://` PDF cannot be read: injecting
 * into it needs "Allow access to file URLs", and even then fetch does not support the file scheme;
 * the person is told the PDF could not be loaded.
 */
async function fetchPdf(tabId: number, url: string): Promise<string> {
  const result = await fetchInTab(tabId, url, 'base64', MAX_PDF_BYTES);
  if (!result.fetched && result.tooLarge !== undefined) throw new ProblemError(pageProblem('pdf_too_large', `${result.tooLarge}/${MAX_PDF_BYTES}`));
  if (!result.fetched) throw new ProblemError(pageProblem('pdf_page', result.error));
  if (result.status < 200 || result.status > 299) throw new ProblemError(pageProblem('pdf_page', `The server answered ${result.status} for ${url}.`));
  return result.body;
}

export async function extractPdf(tabId: number, url: string, tabTitle: string, onProgress: (done: number, total: number) => void = () => undefined): Promise<Extracted> {
  const base64 = await fetchPdf(tabId, url);
  const pdf = await readInOffscreen(base64, onProgress).catch((error: unknown) => {
    const kind = error instanceof PdfReadError ? error.kind : 'pdf_page';
    throw new ProblemError(pageProblem(kind, error instanceof Error ? error.message : String(error)));
  });
  if (!hasText(pdf.pages)) throw new ProblemError(pageProblem('pdf_no_text', `${pdf.pages.length} pages, none with text.`));
  return {
    kind: 'page',
    // Chrome's viewer titles the tab with the PDF's own title when it has one, else with the URL.
    title: pdf.title || fileNameOf(url) || tabTitle,
    url,
    lang: pdf.lang,
    contentType: 'application/pdf',
    byline: pdf.author || null,
    text: joinPages(pdf.pages),
    pages: pdf.pages.length,
    method: 'pdf',
  };
}
