/**
 * CommonMark with GFM tables and task lists, for "Copy as Markdown": Jira Cloud's editor turns
 * pasted Markdown into rich text (jira-contract.md §5, UNCONFIRMED in detail). Text is escaped so
 * page text stays text; markup appears only where the outline has structure.
 */
import type { Block, Inline, List } from './blocks';
import { descriptionOutline } from './outline';
import type { JiraTemplates } from './templates';
import type { TicketDraft } from './ticket';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function escapeMarkdownText(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    const previous = text[at - 1] ?? ' ';
    const next = text[at + 1] ?? ' ';
    if (char === '\\') out += next === ' ' || ASCII_PUNCTUATION.test(next) ? '\\\\' : '\\';
    else if ('`*[]<|~'.includes(char)) out += `\\${char}`;
    // `!` before a link (the next inline, or `[` here) would turn it into a remote image.
    else if (char === '!' && (next === '[' || at === text.length - 1)) out += '\\!';
    // An underscore inside a word never emphasizes (snake_case stays readable).
    else if (char === '_') out += LETTER_OR_DIGIT.test(previous) && LETTER_OR_DIGIT.test(next) ? '_' : '\\_';
    else if (char === '&' && /^&#?[a-z0-9]+;/i.test(text.slice(at))) out += '\\&';
    else out += char;
  }
  return out;
}

/** What would open a heading, quote, list or setext underline at the start of a line. */
function protectLineStart(line: string): string {
  return line.replace(/^([#>+=-])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
}

function wrap(text: string, marker: string): string {
  const core = text.trim();
  if (!core) return text;
  const lead = text.slice(0, text.indexOf(core));
  return `${lead}${marker}${core}${marker}${text.slice(lead.length + core.length)}`;
}

function codeSpan(code: string, inTable: boolean): string {
  const longestRun = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ') && code.trim()) ? ' ' : '';
  // GFM splits table cells before it reads code spans, so a pipe needs its escape even in code.
  const body = inTable ? code.replaceAll('|', '\\|') : code;
  return `${fence}${pad}${body}${pad}${fence}`;
}

// Links never hold whitespace (blocks.ts); a pipe would split a table cell, angle brackets an autolink.
function link(text: string, href: string): string {
  const target = href.replace(/[|<>]/g, encodeURIComponent);
  if (text === href) return `<${target}>`;
  return `[${escapeMarkdownText(text)}](${/[()]/.test(target) ? `<${target}>` : target})`;
}

// A run of `#` at the end of a heading is read as its closing sequence and dropped.
const heading = (level: string, text: string) => `${level} ${escapeMarkdownText(text).replace(/(\s)(#+)\s*$/, '$1\\$2')}`;

function inline(value: Exclude<Inline, { type: 'break' }>, inTable: boolean): string {
  switch (value.type) {
    case 'code':
      return codeSpan(value.text, inTable);
    case 'link':
      return link(value.text, value.href);
    case 'text':
      return value.strong ? wrap(escapeMarkdownText(value.text), '**') : escapeMarkdownText(value.text);
  }
}

/** Each line of the content rendered and protected on its own, joined by `lineBreak`. */
function inlines(content: Inline[], lineBreak: string, inTable = false): string {
  const lines: Exclude<Inline, { type: 'break' }>[][] = [[]];
  for (const value of content) {
    if (value.type === 'break') lines.push([]);
    else lines.at(-1)?.push(value);
  }
  return lines.map((line) => protectLineStart(line.map((value) => inline(value, inTable)).join(''))).join(lineBreak);
}

function listLines(list: List, indent: string): string[] {
  return list.items.flatMap((item, index) => {
    const marker = list.type === 'bulletList' ? '-' : `${list.start + index}.`;
    const childIndent = indent + ' '.repeat(marker.length + 1);
    return [
      `${indent}${marker} ${inlines(item.content, `\\\n${childIndent}`)}`.trimEnd(),
      ...item.children.flatMap((child) => listLines(child, childIndent)),
    ];
  });
}

function codeBlock(language: string | null, text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const info = language && /^[^\s`]+$/.test(language) ? language : '';
  return `${fence}${info}\n${text}\n${fence}`;
}

function table(header: Inline[][], rows: Inline[][][]): string {
  const row = (cells: Inline[][]) => `| ${cells.map((cell) => inlines(cell, ' ', true)).join(' | ')} |`;
  return [row(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(row)].join('\n');
}

function block(value: Block): string {
  switch (value.type) {
    case 'paragraph':
      return inlines(value.content, '\\\n');
    case 'bulletList':
    case 'orderedList':
      return listLines(value, '').join('\n');
    case 'codeBlock':
      return codeBlock(value.language, value.text);
    case 'table':
      return table(value.header, value.rows);
    case 'checklist':
      return value.items.map((item) => `- [ ] ${inlines(item, ' ')}`).join('\n');
  }
}

/** "Copy as Markdown": the summary as the title, then the description's sections. */
export function toMarkdownTicket(draft: TicketDraft, templates: JiraTemplates): string {
  const sections = descriptionOutline(draft, templates).flatMap((section) => [
    heading('##', section.heading),
    ...section.blocks.map(block),
  ]);
  return [heading('#', draft.summary), ...sections].join('\n\n') + '\n';
}
