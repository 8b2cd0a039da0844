/**
 * Citations in an answer: each [n] (or [n, m]) after a claim names the parts it came from. A
 * citation is verified when the part holds a sentence that says what the claim says (most of the
 * claim's words); that sentence is the passage shown and highlighted. Otherwise it is unverified
 * and never linked: pointing at the wrong place would be worse than pointing nowhere.
 */
import type { AskPart } from './conversation';
import { terms } from './terms';

export interface Citation {
  /** Where the marker sits in the answer. */
  start: number;
  end: number;
  part: number;
  /** The sentence of the part that backs the claim, or null when none does (or the part does not exist). */
  passage: string | null;
  /** For a PDF, the page the passage is on. */
  page: number | null;
}

/** pdf/text.ts starts each page with the heading `## Page n`. */
const PAGE_HEADING = /^Page (\d+)$/;
const PAGE_MARKER = /^## Page (\d+)$/gm;

/** The page a PDF part starts on: the last page heading above it. */
export function pageOfHeadings(headings: readonly string[]): number | null {
  for (let i = headings.length - 1; i >= 0; i--) {
    const page = PAGE_HEADING.exec(headings[i]!.trim());
    if (page) return Number(page[1]);
  }
  return null;
}

/** The page of a passage in a PDF part: the last page marker before it in the part, else the page the part starts on. */
function pageOfPassage(part: AskPart, passage: string): number | null {
  if (part.page == null) return null;
  const at = part.text.indexOf(passage);
  let page = part.page;
  for (const marker of part.text.matchAll(PAGE_MARKER)) if (at >= 0 && marker.index < at) page = Number(marker[1]);
  return page;
}

/** `[3]`, `[3, 7]`, `[3][7]`; not a Markdown link `[3](url)`. */
const MARKER = /\[(\d{1,4}(?:\s*[,、]\s*\d{1,4})*)\](?!\()/g;
/** A claim starts after the previous sentence end, line break or citation. */
const CLAIM_START = /(?:[.!?。！？]\s|\n|\])(?=[^.!?。！？\n\]]*$)/;
/** Of the claim's words, the share a sentence must contain to back it. */
const MATCH_SHARE = 0.5;

export function claimBefore(answer: string, index: number): string {
  // "Claim. [1]" cites the sentence it follows, as "Claim [1]." does.
  const before = answer.slice(0, index).replace(/[\s.!?。！？]+$/u, '');
  const cut = CLAIM_START.exec(before);
  const claim = cut ? before.slice(cut.index + cut[0].length) : before;
  return claim.replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '').trim();
}

export function partSentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=\S)|(?<=[。！？])/u)
    .map((s) => s.trim())
    .filter((s) => terms(s).length > 0);
}

/** The sentence of `part` that backs `claim`, or null. */
export function passageFor(claim: string, part: AskPart | undefined): string | null {
  if (!part) return null;
  const claimTerms = new Set(terms(claim));
  if (claimTerms.size === 0) return null;
  let best: { sentence: string; share: number } | null = null;
  for (const sentence of partSentences(part.text)) {
    const words = new Set(terms(sentence));
    let shared = 0;
    for (const term of claimTerms) if (words.has(term)) shared += 1;
    const share = shared / claimTerms.size;
    if (!best || share > best.share) best = { sentence, share };
  }
  return best && best.share >= MATCH_SHARE ? best.sentence : null;
}

export function findCitations(answer: string, parts: readonly AskPart[]): Citation[] {
  const byId = new Map(parts.map((p) => [p.id, p]));
  const out: Citation[] = [];
  for (const match of answer.matchAll(MARKER)) {
    const start = match.index;
    const claim = claimBefore(answer, start);
    const ids = (match[1] ?? '').split(/[,、]/).map((s) => Number(s.trim()));
    for (const id of ids) {
      const part = byId.get(id);
      const passage = passageFor(claim, part);
      out.push({ start, end: start + match[0].length, part: id, passage, page: part && passage ? pageOfPassage(part, passage) : null });
    }
  }
  return out;
}

/**
 * The passage as the page shows it: Markdown (as lib/extract wrote the document) reduced to its
 * visible text, so it can be found among the page's text nodes.
 */
export function visibleText(markdown: string): string {
  return markdown
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|\*|`)(?=\S)([^]*?\S)\1/g, '$2')
    // Underscores emphasize only at word edges: `max_budget` keeps its own.
    .replace(/(^|[^\p{L}\p{N}_])(__?)(?=\S)([^]*?\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
