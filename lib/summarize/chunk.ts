/**
 * Splits a Markdown document (as lib/extract writes it) into parts that each fit a token limit,
 * cutting where the document's own structure does: between sections (largest headings first),
 * then between blocks, then between lines, then between sentences, and only as a last resort
 * inside a sentence. Parts tile the input: joined in order they give back every character once,
 * so a summary built from them covers the whole document and nothing twice (issue #4).
 */
import { countTokens, tokenPrefix } from './tokens';

export interface Part {
  /** Offsets into the input; part n+1 starts where part n ends. */
  start: number;
  end: number;
  text: string;
  tokens: number;
  /** The headings in force where the part starts, outermost first: where it sits in the document. */
  headings: string[];
}

type BlockKind = 'heading' | 'fence' | 'table' | 'text';

interface Block {
  start: number;
  end: number;
  kind: BlockKind;
  /** 1–6 for headings, 0 otherwise. */
  level: number;
  tokens: number;
}

/** A piece that fits the limit on its own; parts are runs of consecutive units. */
interface Unit {
  start: number;
  end: number;
  tokens: number;
  /** A heading: better at the start of the next part than alone at the end of this one. */
  heading: boolean;
}

/**
 * Token counts of pieces do not quite add up: BPE can merge across the seam when two pieces are
 * joined. Allowing one token per seam keeps sums on the safe side; each part is then counted whole.
 */
const SEAM_TOKENS = 1;
/** Below this, a "part" would be a few words: a limit that small is a caller's mistake. */
export const MIN_PART_TOKENS = 16;

const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?=[ \t]|\r?$)/;
const TABLE_ROW = /^[ \t]*\|/;
const BLANK = /^[ \t]*\r?$/;
// A sentence ends at . ! ? followed by space (closing quotes and brackets stay with it), or at
// a CJK full stop, which needs no space after it. "3.14" and "e.g.x" do not end sentences.
const SENTENCE_END = /[.!?]+["'”’)\]]*[ \t]+|[。！？]+[」』）”’)\]]*[ \t]*/gu;

interface Line {
  start: number;
  /** After the newline, if there is one. */
  end: number;
  content: string;
}

function linesOf(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline >= to ? to : newline + 1;
    lines.push({ start, end, content: text.slice(start, newline === -1 || newline >= to ? to : newline) });
    start = end;
  }
  return lines;
}

function closesFence(content: string, fence: string): boolean {
  const trimmed = content.trim();
  return trimmed.length >= fence.length && trimmed === fence[0]!.repeat(trimmed.length);
}

/**
 * Blocks in document order, tiling the text: blank lines belong to the block before them (the
 * first block also takes any leading ones). A fence runs to its closing fence, or to the end of
 * the text if it never closes: a `#` line inside code is not a heading, a blank line inside code
 * does not end it.
 */
function blocksOf(text: string): Block[] {
  const lines = linesOf(text, 0, text.length);
  const blocks: Omit<Block, 'tokens'>[] = [];
  let i = 0;
  const extendLast = (end: number) => {
    const last = blocks.at(-1);
    if (last) last.end = end;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (BLANK.test(line.content)) {
      extendLast(line.end);
      i++;
      continue;
    }
    const start = blocks.length === 0 ? 0 : line.start;
    const fence = FENCE_OPEN.exec(line.content)?.[1];
    const heading = HEADING.exec(line.content)?.[1];
    let next = i + 1;
    let kind: BlockKind;
    if (fence) {
      kind = 'fence';
      while (next < lines.length && !closesFence(lines[next]!.content, fence)) next++;
      next = Math.min(next + 1, lines.length);
    } else if (heading) {
      kind = 'heading';
    } else if (TABLE_ROW.test(line.content)) {
      kind = 'table';
      while (next < lines.length && TABLE_ROW.test(lines[next]!.content)) next++;
    } else {
      kind = 'text';
      while (next < lines.length && !startsOtherBlock(lines[next]!.content)) next++;
    }
    blocks.push({ start, end: lines[next - 1]!.end, kind, level: heading?.length ?? 0 });
    i = next;
  }
  if (blocks.length === 0 && text !== '') blocks.push({ start: 0, end: text.length, kind: 'text', level: 0 });
  return blocks.map((block) => ({ ...block, tokens: countTokens(text.slice(block.start, block.end)) }));
}

function startsOtherBlock(content: string): boolean {
  return BLANK.test(content) || FENCE_OPEN.test(content) || HEADING.test(content) || TABLE_ROW.test(content);
}

function headingText(text: string, block: Block): string {
  return text
    .slice(block.start, block.end)
    .trim()
    .replace(/^#{1,6}[ \t]*/, '')
    .replace(/[ \t]+#+$/, '')
    .trim();
}

class Splitter {
  readonly units: Unit[] = [];
  private readonly prefix: number[];

  constructor(
    private readonly text: string,
    private readonly blocks: Block[],
    private readonly limit: number,
  ) {
    this.prefix = [0];
    for (const block of blocks) this.prefix.push(this.prefix.at(-1)! + block.tokens);
  }

  private rangeTokens(from: number, to: number): number {
    return this.prefix[to]! - this.prefix[from]! + (to - from - 1) * SEAM_TOKENS;
  }

  /** Blocks [from, to) as whole sections at `level` if they fit, else one level down. */
  sections(from: number, to: number, level: number): void {
    if (level > 6) {
      for (let b = from; b < to; b++) this.block(this.blocks[b]!);
      return;
    }
    let groupStart = from;
    for (let b = from + 1; b <= to; b++) {
      const block = this.blocks[b];
      if (b < to && !(block!.kind === 'heading' && block!.level <= level)) continue;
      if (this.rangeTokens(groupStart, b) <= this.limit) {
        this.push(this.blocks[groupStart]!.start, this.blocks[b - 1]!.end, this.rangeTokens(groupStart, b), false);
      } else {
        this.sections(groupStart, b, level + 1);
      }
      groupStart = b;
    }
  }

  private block(block: Block): void {
    if (block.tokens <= this.limit) {
      this.push(block.start, block.end, block.tokens, block.kind === 'heading');
      return;
    }
    // The blank lines a block carries can be what tips it over: then they go on their own.
    const lines = linesOf(this.text, block.start, block.end);
    const contentEnd = lines.findLast((line) => !BLANK.test(line.content))?.end ?? block.end;
    const contentTokens = countTokens(this.text.slice(block.start, contentEnd));
    if (contentEnd < block.end && contentTokens <= this.limit) {
      this.push(block.start, contentEnd, contentTokens, block.kind === 'heading');
      this.line(contentEnd, block.end);
      return;
    }
    // Too big alone: a code block or a table is cut between lines (for a table, between rows),
    // which keeps each line intact; so is prose, whose lines are list items or paragraphs.
    for (const line of lines) this.line(line.start, line.end);
  }

  private line(start: number, end: number): void {
    const tokens = countTokens(this.text.slice(start, end));
    if (tokens <= this.limit) {
      this.push(start, end, tokens, false);
      return;
    }
    // A single line over the limit (a huge paragraph, table row or minified code line).
    for (const [from, to] of sentencesOf(this.text, start, end)) this.sentence(from, to);
  }

  private sentence(start: number, end: number): void {
    // Whole if it fits; a sentence over the limit has nothing left to respect but whole characters.
    for (const piece of characterPieces(this.text, start, end, this.limit)) this.push(piece.start, piece.end, piece.tokens, false);
  }

  private push(start: number, end: number, tokens: number, heading: boolean): void {
    this.units.push({ start, end, tokens, heading });
  }
}

/**
 * Cuts [start, end) into pieces of at most `limit` tokens. Each step encodes only a window of
 * `limit × WINDOW_CHARS_PER_TOKEN` characters, so a huge line costs linear time; the window only
 * bounds the work (a piece is never longer than its window, never over the limit).
 */
const WINDOW_CHARS_PER_TOKEN = 8;

function characterPieces(text: string, start: number, end: number, limit: number): { start: number; end: number; tokens: number }[] {
  const pieces: { start: number; end: number; tokens: number }[] = [];
  for (let from = start; from < end; ) {
    const fit = tokenPrefix(text.slice(from, Math.min(end, from + limit * WINDOW_CHARS_PER_TOKEN)), limit);
    pieces.push({ start: from, end: from + fit.text.length, tokens: fit.tokens });
    from += fit.text.length;
  }
  return pieces;
}

function sentencesOf(text: string, start: number, end: number): [number, number][] {
  const pieces: [number, number][] = [];
  let from = start;
  for (const match of text.slice(start, end).matchAll(SENTENCE_END)) {
    const to = start + match.index + match[0].length;
    if (to > from && to < end) {
      pieces.push([from, to]);
      from = to;
    }
  }
  pieces.push([from, end]);
  return pieces;
}

/** Greedy runs of units, each checked by counting the joined text once. */
function pack(text: string, units: Unit[], limit: number): { start: number; end: number; tokens: number }[] {
  const parts: { start: number; end: number; tokens: number }[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i + 1;
    let sum = units[i]!.tokens;
    while (j < units.length && sum + SEAM_TOKENS + units[j]!.tokens <= limit) sum += SEAM_TOKENS + units[j++]!.tokens;
    if (j < units.length && j - 1 > i && units[j - 1]!.heading) j--;
    let tokens = countTokens(text.slice(units[i]!.start, units[j - 1]!.end));
    while (tokens > limit && j - 1 > i) tokens = countTokens(text.slice(units[i]!.start, units[--j - 1]!.end));
    if (tokens > limit) {
      // One unit that fit by the sum of its blocks but not whole (seams merged worse than allowed
      // for): cut it by characters rather than break the limit.
      parts.push(...characterPieces(text, units[i]!.start, units[i]!.end, limit));
    } else {
      parts.push({ start: units[i]!.start, end: units[j - 1]!.end, tokens });
    }
    i = j;
  }
  return parts;
}

export function chunkMarkdown(text: string, maxTokens: number): Part[] {
  if (!(maxTokens >= MIN_PART_TOKENS)) throw new RangeError(`maxTokens must be at least ${MIN_PART_TOKENS}, got ${maxTokens}`);
  const blocks = blocksOf(text);
  const splitter = new Splitter(text, blocks, maxTokens);
  splitter.sections(0, blocks.length, 1);

  const trail: { level: number; text: string }[] = [];
  let b = 0;
  return pack(text, splitter.units, maxTokens).map((part) => {
    for (; b < blocks.length && blocks[b]!.start <= part.start; b++) {
      const block = blocks[b]!;
      if (block.kind !== 'heading') continue;
      while (trail.length > 0 && trail.at(-1)!.level >= block.level) trail.pop();
      trail.push({ level: block.level, text: headingText(text, block) });
    }
    return { ...part, text: text.slice(part.start, part.end), headings: trail.map((h) => h.text) };
  });
}
