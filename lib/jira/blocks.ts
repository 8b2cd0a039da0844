/**
 * The little Markdown the description fields may hold, parsed once so that wiki markup, Markdown
 * and ADF all say the same thing. Blocks: paragraphs (a newline is a line break), bullet and
 * numbered lists nested by indentation, fenced code blocks and pipe tables. Inline: `code`,
 * **bold**, [label](https://…), <https://…> and bare http(s) URLs. Everything else is text —
 * no headings, emphasis with one marker, HTML, images or backslash escapes, because model and page
 * text use those characters literally far more often than as markup (`snake_case`, `a * b`, `C:\`).
 */

export type Inline =
  | { type: 'text'; text: string; strong: boolean }
  | { type: 'code'; text: string }
  | { type: 'link'; text: string; href: string }
  | { type: 'break' };

export interface ListItem {
  content: Inline[];
  children: List[];
}
export type List = { type: 'bulletList'; items: ListItem[] } | { type: 'orderedList'; start: number; items: ListItem[] };

export type Block =
  | { type: 'paragraph'; content: Inline[] }
  | List
  | { type: 'codeBlock'; language: string | null; text: string }
  | { type: 'table'; header: Inline[][]; rows: Inline[][][] }
  /** Only built from the acceptance criteria, never parsed from text. */
  | { type: 'checklist'; items: Inline[][] };

// Web links only (issue #15): a ticket's links are followed by whoever reads it, and nothing else may act.
const SAFE_LINK = /^https?:\/\/[^\s/?#]+\S*$/i;

export function isSafeLink(href: string): boolean {
  return SAFE_LINK.test(href);
}

// ---------------------------------------------------------------------------------------------
// Inline

// Printable ASCII minus space, quotes, angle brackets and backtick: a URL ends at the first
// character outside it, so Japanese text written straight after a URL stays text.
const BARE_URL = /^https?:\/\/[!#-&(-;=?-_a-~]+/i;
const TRAILING_URL_PUNCTUATION = /[.,:;!?*_~]$/;

function bareUrlLength(text: string, at: number): number {
  const match = BARE_URL.exec(text.slice(at));
  if (!match) return 0;
  let url = match[0];
  for (;;) {
    if (TRAILING_URL_PUNCTUATION.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
    else break;
  }
  return isSafeLink(url) ? url.length : 0;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function runLength(text: string, at: number, char: string): number {
  let end = at;
  while (text[end] === char) end++;
  return end - at;
}

/** `[label](url)` starting at `at`: its length and parts, or null when it is not a safe link. */
function markdownLink(text: string, at: number): { length: number; label: string; href: string } | null {
  const labelEnd = text.indexOf('](', at);
  if (labelEnd < 0) return null;
  const label = text.slice(at + 1, labelEnd);
  if (/[[\]]/.test(label)) return null;
  let depth = 0;
  let end = labelEnd + 2;
  for (; end < text.length; end++) {
    const char = text[end] ?? '';
    if (char === '(') depth++;
    else if (char === ')' && depth-- === 0) break;
    else if (/\s/.test(char)) return null;
  }
  const href = text.slice(labelEnd + 2, end);
  if (end >= text.length || !isSafeLink(href)) return null;
  return { length: end + 1 - at, label: label.trim() || href, href };
}

function codeSpan(text: string, at: number): { length: number; code: string } | null {
  const fence = runLength(text, at, '`');
  for (let close = text.indexOf('`', at + fence); close >= 0; ) {
    const run = runLength(text, close, '`');
    if (run === fence) {
      let code = text.slice(at + fence, close);
      // CommonMark: one space of padding on each side lets code start or end with a backtick.
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
      return { length: close + run - at, code };
    }
    close = text.indexOf('`', close + run);
  }
  return null;
}

function strongSpan(text: string, at: number): { length: number; inner: string } | null {
  if (!text.startsWith('**', at) || /\s/.test(text[at + 2] ?? ' ')) return null;
  for (let close = text.indexOf('**', at + 3); close >= 0; close = text.indexOf('**', close + 1)) {
    if (!/\s/.test(text[close - 1] ?? ' ')) return { length: close + 2 - at, inner: text.slice(at + 2, close) };
  }
  return null;
}

export function parseInline(source: string, strong = false): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text, strong });
    text = '';
  };
  for (let at = 0; at < source.length; ) {
    const char = source[at] as string;
    if (char === '`') {
      const span = codeSpan(source, at);
      if (span) {
        flush();
        out.push({ type: 'code', text: span.code });
        at += span.length;
      } else {
        const run = runLength(source, at, '`');
        text += source.slice(at, at + run);
        at += run;
      }
      continue;
    }
    if (char === '[') {
      const link = markdownLink(source, at);
      if (link) {
        flush();
        out.push({ type: 'link', text: link.label, href: link.href });
        at += link.length;
        continue;
      }
    }
    if (char === '<') {
      const auto = /^<([^\s<>]+)>/.exec(source.slice(at));
      if (auto?.[1] && isSafeLink(auto[1])) {
        flush();
        out.push({ type: 'link', text: auto[1], href: auto[1] });
        at += auto[0].length;
        continue;
      }
    }
    // Japanese runs straight into a URL without a space; only an ASCII word before it ("xhttp") is not a link.
    if ((char === 'h' || char === 'H') && !/[A-Za-z0-9]/.test(source[at - 1] ?? ' ')) {
      const length = bareUrlLength(source, at);
      if (length) {
        flush();
        const url = source.slice(at, at + length);
        out.push({ type: 'link', text: url, href: url });
        at += length;
        continue;
      }
    }
    if (char === '*' && !strong) {
      const span = strongSpan(source, at);
      if (span) {
        flush();
        out.push(...parseInline(span.inner, true));
        at += span.length;
        continue;
      }
    }
    text += char;
    at++;
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Blocks

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^(\s*)([-*+]|(\d{1,9})[.)])\s+(\S.*)$/;
const THEMATIC_BREAK = /^\s*([-*_])(\s*\1){2,}\s*$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function indentWidth(whitespace: string): number {
  let width = 0;
  for (const char of whitespace) width += char === '\t' ? 4 - (width % 4) : 1;
  return width;
}

function tableCells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map((cell) => cell.trim().replaceAll('\\|', '|'));
}

function isTableStart(lines: readonly string[], at: number): boolean {
  const header = lines[at] ?? '';
  const delimiter = lines[at + 1] ?? '';
  return (
    header.includes('|') &&
    delimiter.includes('|') &&
    TABLE_DELIMITER.test(delimiter) &&
    tableCells(header).length === tableCells(delimiter).length
  );
}

function listItemMatch(line: string) {
  if (THEMATIC_BREAK.test(line)) return null;
  const match = LIST_ITEM.exec(line);
  if (!match) return null;
  const [, indent = '', , number, content = ''] = match;
  return { indent: indentWidth(indent), ordered: number !== undefined, start: Number(number ?? 1), content };
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && line.trim() === '';
}

function nextNonBlank(lines: readonly string[], at: number): string | undefined {
  let next = at;
  while (isBlank(lines[next])) next++;
  return lines[next];
}

interface OpenList {
  indent: number;
  list: List;
  /** Where a sibling list of the other kind goes: the blocks, or the parent item's children. */
  siblings: Array<Block | List>;
}

export function parseBlocks(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: Inline[] | null = null;
  let lists: OpenList[] = [];

  const closeAll = () => {
    paragraph = null;
    lists = [];
  };

  for (let at = 0; at < lines.length; at++) {
    const line = lines[at] as string;

    if (line.trim() === '') {
      paragraph = null;
      // A blank line between two items keeps one list, so its numbering runs on.
      const next = nextNonBlank(lines, at);
      if (!(next !== undefined && listItemMatch(next))) lists = [];
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence && !(fence[2]?.startsWith('`') && fence[3]?.includes('`'))) {
      closeAll();
      const [, indent = '', marker = '```', info = ''] = fence;
      const body: string[] = [];
      const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      for (at++; at < lines.length && !closing.test(lines[at] as string); at++) {
        const content = lines[at] as string;
        const strip = Math.min(indent.length, content.length - content.trimStart().length);
        body.push(content.slice(strip));
      }
      blocks.push({ type: 'codeBlock', language: info.trim().split(/\s+/)[0] || null, text: body.join('\n') });
      continue;
    }

    if (isTableStart(lines, at)) {
      closeAll();
      const width = tableCells(line).length;
      const cells = (row: string) => {
        const parsed = tableCells(row).slice(0, width).map((cell) => parseInline(cell));
        while (parsed.length < width) parsed.push([]);
        return parsed;
      };
      const rows: Inline[][][] = [];
      for (at += 2; at < lines.length && !isBlank(lines[at]) && (lines[at] as string).includes('|'); at++) {
        rows.push(cells(lines[at] as string));
      }
      at--;
      blocks.push({ type: 'table', header: cells(line), rows });
      continue;
    }

    const item = listItemMatch(line);
    if (item) {
      paragraph = null;
      const newItem: ListItem = { content: parseInline(item.content), children: [] };
      const newList = (): List =>
        item.ordered ? { type: 'orderedList', start: item.start, items: [newItem] } : { type: 'bulletList', items: [newItem] };
      const top = lists.at(-1);
      if (!top) {
        const list = newList();
        blocks.push(list);
        lists = [{ indent: item.indent, list, siblings: blocks }];
        continue;
      }
      if (item.indent > top.indent) {
        const parent = top.list.items.at(-1) as ListItem;
        const list = newList();
        parent.children.push(list);
        lists.push({ indent: item.indent, list, siblings: parent.children });
        continue;
      }
      // Close the deeper lists this item is not part of; an item indented between two levels
      // joins the deeper one, as in CommonMark.
      while (lists.length > 1 && (lists.at(-2) as OpenList).indent >= item.indent) lists.pop();
      const level = lists.at(-1) as OpenList;
      if ((level.list.type === 'orderedList') === item.ordered) {
        level.list.items.push(newItem);
      } else {
        level.list = newList();
        level.siblings.push(level.list);
      }
      continue;
    }

    const content = parseInline(line.trim());
    const openItem = lists.at(-1)?.list.items.at(-1);
    if (openItem) {
      // A line under an item without a marker continues that item (CommonMark's lazy continuation).
      openItem.content.push({ type: 'break' }, ...content);
    } else if (paragraph) {
      paragraph.push({ type: 'break' }, ...content);
    } else {
      paragraph = content;
      blocks.push({ type: 'paragraph', content: paragraph });
    }
  }
  return blocks;
}

/** A list section's item as one line of inline content: markers the model added are dropped. */
export function parseListEntry(entry: string): Inline[] {
  const line = entry
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/^(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/, '');
  return line ? parseInline(line) : [];
}
