/**
 * An answer as HTML with its citations as chips. The Markdown is rendered and sanitized first
 * (render/markdown.ts) with a private-use placeholder where each citation was; only then does each
 * placeholder become a button of our own, whose only variable parts are a number and an escaped title.
 */
import { renderMarkdown } from '../../render/markdown';
import { type Citation, findCitations, visibleText } from './citations';
import type { AskPart } from './conversation';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface CitedAnswer {
  html: string;
  citations: Citation[];
}

export interface ChipLabels {
  /** The chip's tooltip when no passage backs the citation. */
  unverified: string;
  /** How a PDF's page is named, after the part number on the chip and before the passage in its tooltip. */
  page(page: number): string;
}

export function citedAnswer(answer: string, parts: readonly AskPart[], labels: ChipLabels): CitedAnswer {
  // The answer is model output: placeholders it carried itself would become chips.
  const clean = answer.replace(/[\uE000\uE001]/g, '');
  const citations = findCitations(clean, parts);
  let markdown = '';
  let at = 0;
  citations.forEach((citation, i) => {
    if (citation.start >= at) markdown += clean.slice(at, citation.start);
    markdown += `${OPEN}${i}${CLOSE}`;
    at = Math.max(at, citation.end);
  });
  markdown += clean.slice(at);
  const html = renderMarkdown(markdown).replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_, k: string) => {
    const citation = citations[Number(k)]!;
    const verified = citation.passage !== null;
    // The passage as the page shows it, which is what a click highlights.
    const quote = verified ? `“${visibleText(citation.passage!)}”` : labels.unverified;
    const page = citation.page === null ? '' : labels.page(citation.page);
    const title = page ? `${page}: ${quote}` : quote;
    const pageData = citation.page === null ? '' : ` data-page="${citation.page}"`;
    return `<button type="button" class="cite${verified ? '' : ' unverified'}" data-cite="${Number(k)}" data-part="${citation.part}" data-verified="${verified}"${pageData} title="${escapeHtml(title)}">${citation.part}${page ? ` · ${escapeHtml(page)}` : ''}</button>`;
  });
  return { html, citations };
}
