/**
 * Jira wiki markup, the description format of Jira Data Center/Server (REST v2) and of the
 * "Copy for Jira" button. Text is escaped the way Jira's own `BackslashEscapeRendererComponent.escapeWiki`
 * does, plus `#` (jira-contract.md §5), so page text can never turn into markup, macros or links.
 */
import { hiddenHost, stripBidiControls } from '../render/link-host';
import type { Block, Inline, List } from './blocks';
import { descriptionOutline } from './outline';
import type { JiraTemplates } from './templates';
import type { TicketDraft } from './ticket';

const ESCAPABLE = new Set('![]^~+?%{}()*_-|@#');
// Invisible, and the one way to stop Jira reading markup that has no backslash escape: a literal
// backslash before another backslash (`\\` is a line break) or before an escaped character, and
// `h1.` or `bq.` at the start of a line.
const ZERO_WIDTH_SPACE = '\u200B';

export function escapeWikiText(text: string): string {
  let out = '';
  for (let at = 0; at < text.length; at++) {
    const char = text[at] as string;
    if (char === '\\') {
      const next = text[at + 1];
      out += next === undefined || next === '\\' || ESCAPABLE.has(next) ? `\\${ZERO_WIDTH_SPACE}` : '\\';
    } else {
      out += ESCAPABLE.has(char) ? `\\${char}` : char;
    }
  }
  return out;
}

function protectLineStart(line: string): string {
  return line.replace(/^(\s*)([hH][1-6]|[bB][qQ])\./, (_match, space: string, word: string) => `${space}${word[0]}${ZERO_WIDTH_SPACE}${word.slice(1)}.`);
}

// Phrase markers only work against non-space text, so surrounding spaces stay outside them.
function wrap(text: string, open: string, close: string): string {
  const core = text.trim();
  if (!core) return text;
  const lead = text.slice(0, text.indexOf(core));
  return `${lead}${open}${core}${close}${text.slice(lead.length + core.length)}`;
}

// Link syntax is `[label|target]`: these would end the target early (links never hold whitespace).
function linkTarget(href: string): string {
  return href.replace(/[|[\]{}]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `lineBreak`: a newline in paragraphs; `\\` where a newline would end the list item or cell. */
function inlines(content: Inline[], lineBreak: string): string {
  return content
    .map((inline) => {
      switch (inline.type) {
        case 'break':
          return lineBreak;
        case 'code':
          return wrap(escapeWikiText(inline.text), '{{', '}}');
        case 'link': {
          if (inline.text === inline.href) return `[${linkTarget(inline.href)}]`;
          // A label that hides where the link goes gets the real host beside it (#15).
          const host = hiddenHost(inline.text, inline.href);
          return `[${escapeWikiText(stripBidiControls(inline.text))}|${linkTarget(inline.href)}]${host ? ` (${escapeWikiText(host)})` : ''}`;
        }
        case 'text':
          return inline.strong ? wrap(escapeWikiText(inline.text), '*', '*') : escapeWikiText(inline.text);
      }
    })
    .join('');
}

const inlineOneLine = (content: Inline[]) => inlines(content, ' \\\\ ');

function listLines(list: List, prefix: string): string[] {
  const marker = prefix + (list.type === 'bulletList' ? '*' : '#');
  return list.items.flatMap((item) => [
    `${marker} ${inlineOneLine(item.content)}`.trimEnd(),
    ...item.children.flatMap((child) => listLines(child, marker)),
  ]);
}

// The {code} macro shows an error box for a language it does not know, so only Jira's own
// list is named (Jira "Text formatting notation" help); everything else is sent without one.
const CODE_LANGUAGES: Record<string, string> = Object.fromEntries([
  ...[
    ...['actionscript', 'ada', 'applescript', 'bash', 'c', 'css', 'erlang', 'go', 'groovy', 'haskell', 'html', 'java'],
    ...['javascript', 'json', 'lua', 'objc', 'perl', 'php', 'python', 'r', 'ruby', 'scala', 'sql', 'swift', 'visualbasic'],
    ...['xml', 'yaml'],
  ].map((id) => [id, id]),
  ['js', 'javascript'],
  ['sh', 'bash'],
  ['shell', 'bash'],
  ['py', 'python'],
  ['yml', 'yaml'],
  ['rb', 'ruby'],
  ['golang', 'go'],
]);

function codeBlock(language: string | null, text: string): string {
  const known = language ? CODE_LANGUAGES[language.toLowerCase()] : undefined;
  const hasCodeTag = /\{code\}/i.test(text);
  const hasNoformatTag = /\{noformat\}/i.test(text);
  // Nothing is escaped inside these macros, so the body must not contain the closing tag.
  if (!hasCodeTag) return `{code${known ? `:${known}` : ''}}\n${text}\n{code}`;
  if (!hasNoformatTag) return `{noformat}\n${text}\n{noformat}`;
  return `{code}\n${text.replace(/\{(code)\}/gi, `{${ZERO_WIDTH_SPACE}$1}`)}\n{code}`;
}

function table(header: Inline[][], rows: Inline[][][]): string {
  const cell = (content: Inline[]) => inlineOneLine(content) || ' ';
  return [
    `||${header.map(cell).join('||')}||`,
    ...rows.map((row) => `|${row.map(cell).join('|')}|`),
  ].join('\n');
}

function block(value: Block): string {
  switch (value.type) {
    case 'paragraph':
      return inlines(value.content, '\n').split('\n').map(protectLineStart).join('\n');
    case 'bulletList':
    case 'orderedList':
      return listLines(value, '').join('\n');
    case 'codeBlock':
      return codeBlock(value.language, value.text);
    case 'table':
      return table(value.header, value.rows);
    case 'checklist':
      // Wiki markup has no task list (contract §5): a bullet list is what a Jira reader expects.
      return value.items.map((item) => `* ${inlineOneLine(item)}`).join('\n');
  }
}

/** The `description` field for Jira Data Center/Server. */
export function toWikiDescription(draft: TicketDraft, templates: JiraTemplates): string {
  return descriptionOutline(draft, templates)
    .flatMap((section) => [`h2. ${escapeWikiText(section.heading)}`, ...section.blocks.map(block)])
    .join('\n\n');
}

/** "Copy for Jira": the summary as a title above the description, so one paste carries both. */
export function toWikiTicket(draft: TicketDraft, templates: JiraTemplates): string {
  const description = toWikiDescription(draft, templates);
  return [`h1. ${escapeWikiText(draft.summary)}`, description].filter(Boolean).join('\n\n') + '\n';
}
