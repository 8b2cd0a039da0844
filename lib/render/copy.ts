/**
 * The answer as Markdown for the clipboard. Where it is pasted (GitHub, Confluence, a wiki) it is
 * rendered again, by someone else's rules, so it must carry nothing that acts by itself (#15): no
 * images (a remote image is a request with the answer's data in its URL), no raw HTML, no link
 * that is not http(s) (not even mailto: issue #15 allows web links only), no bidi controls. Everything else is the model's text as written.
 */
import { Lexer, marked, type Token } from 'marked';
import { isWebLink, stripBidiControls } from './link-host';

interface Edit {
  raw: string;
  replacement: string;
}

// A backslash before `<` makes it text in every Markdown dialect; `[` and `!` likewise.
const escapeMarkup = (text: string) => text.replace(/[<>[\]!]/g, (c) => `\\${c}`);

/** What in these tokens would act when rendered, and the text to put in its place. */
function unsafeParts(tokens: Token[]): Edit[] {
  const edits: Edit[] = [];
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'html') edits.push({ raw: token.raw, replacement: token.raw.replace(/</g, '\\<') });
    else if (token.type === 'image') edits.push({ raw: token.raw, replacement: escapeMarkup(token.text) });
    else if (token.type === 'link' && !isWebLink(token.href)) edits.push({ raw: token.raw, replacement: escapeMarkup(token.text) });
  });
  return edits;
}

function lex(markdown: string): Token[] {
  return Lexer.lex(markdown, { gfm: true });
}

/** Each edit in document order, from where the previous one ended. */
function apply(markdown: string, edits: Edit[]): string {
  let out = '';
  let cursor = 0;
  for (const { raw, replacement } of edits) {
    const at = markdown.indexOf(raw, cursor);
    if (at < 0) continue;
    out += markdown.slice(cursor, at) + replacement;
    cursor = at + raw.length;
  }
  return out + markdown.slice(cursor);
}

/** Every line as text: what is copied when the Markdown cannot be cleaned token by token. */
function asText(markdown: string): string {
  return markdown.replace(/[<>[\]!`*_]/g, (c) => `\\${c}`);
}

// Nested images in links need one pass per level; more than this is not an answer but an attack.
const MAX_PASSES = 4;

export function copyableMarkdown(markdown: string): string {
  const text = stripBidiControls(markdown);
  try {
    let current = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const edits = unsafeParts(lex(current));
      if (edits.length === 0) return current;
      current = apply(current, edits);
    }
  } catch {
    // marked gave up (nesting deeper than its stack): fall through to plain text.
  }
  return asText(text);
}
