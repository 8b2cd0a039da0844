/** A PDF's pages as the text the summarizer reads: one section per page, headed by its number. */

/** What pdf.js's `getTextContent` gives per run of text (marked-content items carry no `str`). */
export interface TextRun {
  str?: string;
  hasEOL?: boolean;
}

/**
 * PDF text is not Markdown, but lib/summarize/chunk.ts reads it as Markdown: a line of the paper
 * that starts with `#`, a fence or a pipe would become a heading, an unclosed code block or a
 * table row, and the chunker would stop cutting at the page markers after it. Escaped, it reads
 * the same to a model and leaves the page markers as the only structure.
 */
const MARKDOWN_LINE_START = /^(\s*)([#`~|])/gm;

export function pageText(runs: readonly TextRun[]): string {
  return runs
    .map((run) => (run.str ?? '') + (run.hasEOL ? '\n' : ''))
    .join('')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(MARKDOWN_LINE_START, '$1\\$2')
    .trim();
}

const pageMarker = (page: number) => `## Page ${page}`;

/**
 * Headings are where the chunker prefers to cut, so a long PDF is split between pages and each
 * part knows which pages it holds. Pages without text (figures, blank pages) get no section, but
 * the numbers of the others stay those of the PDF.
 */
export function joinPages(pages: readonly string[]): string {
  return pages
    .map((text, index) => (text ? `${pageMarker(index + 1)}\n\n${text}` : ''))
    .filter(Boolean)
    .join('\n\n');
}

export const hasText = (pages: readonly string[]) => pages.some((text) => text.trim() !== '');
