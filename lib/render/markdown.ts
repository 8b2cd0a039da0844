/**
 * Model output → safe HTML. The output is untrusted (design.md): raw HTML in it is shown as
 * text, images become their alt text (an image URL is an exfiltration channel), and only
 * http(s) links survive (a mailto: link shows its label, as in the copies), opening in a new tab without referrer or opener, with the host
 * they really go to written beside them (punycode, so `pаypal.com` cannot pass for `paypal.com`).
 * Rendering never throws (#15): nesting and size are bounded before marked recurses over them,
 * and whatever still fails is shown as plain text.
 */
import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { hiddenHost, isWebLink, stripBidiControls } from './link-host';

/** Deeper than anyone reads; marked recurses once per level and a few thousand exhaust the stack. */
export const MAX_NESTING = 8;
/** Past this many characters the answer is shown as plain text: long, but never a frozen view. */
export const MAX_RENDERED_CHARS = 200_000;


const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!isWebLink(token.href)) return text;
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      const anchor = `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
      // A bare URL already shows where it goes; a label may say anything.
      const host = hiddenHost(token.text, token.href);
      return host ? `${anchor} <span class="link-host">(${escapeHtml(host)})</span>` : anchor;
    },
  },
});

// A line's container markers: block quotes, list bullets, ordered list numbers, and the spaces between.
const CONTAINERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+/;
const MARKER = /[ \t]*(?:>|[-*+]|\d{1,9}[.)])/g;

/**
 * Cuts every line's nesting to MAX_NESTING containers (quote or list markers, or indentation of
 * as many levels): what is deeper is shown at the deepest level, its text kept.
 */
export function boundNesting(markdown: string): string {
  // Two columns open a nested list under a bullet: MAX_NESTING levels at the least.
  const maxIndent = (MAX_NESTING - 1) * 2;
  return markdown
    .split('\n')
    .map((line) => {
      let out = line;
      const containers = CONTAINERS.exec(out)?.[0];
      if (containers) {
        const markers = containers.match(MARKER) ?? [];
        if (markers.length > MAX_NESTING) out = markers.slice(0, MAX_NESTING).join('') + ' ' + out.slice(containers.length).trimStart();
      }
      const indent = /^[ \t]*/.exec(out)![0];
      return indent.length > maxIndent ? ' '.repeat(maxIndent) + out.slice(indent.length) : out;
    })
    .join('\n');
}

// Long runs of emphasis or bracket characters nest inline parsing as deep as they are long.
const MARKUP_RUN = /([*_~[\]`])\1{15,}/g;

function boundInlineRuns(markdown: string): string {
  return markdown.replace(MARKUP_RUN, (run) => run.replace(/./g, (c) => `\\${c}`));
}

/** The answer as escaped paragraphs: what is shown when Markdown cannot be. */
export function plainTextHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

const ALLOWED_TAGS = ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'span'];
const ALLOWED_ATTR = ['href', 'title', 'type', 'checked', 'disabled', 'align', 'class'];

let hooked = false;
function installLinkHook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!isWebLink(href)) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') node.remove();
    // Only the host label this module writes keeps a class; the answer cannot borrow the UI's.
    if (node.hasAttribute('class') && !(node.tagName === 'SPAN' && node.getAttribute('class') === 'link-host')) node.removeAttribute('class');
  });
}

function sanitize(html: string): string {
  installLinkHook();
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: [...ALLOWED_ATTR, 'target', 'rel'], ALLOW_DATA_ATTR: false });
}

export function renderMarkdown(markdown: string): string {
  const text = stripBidiControls(markdown);
  try {
    if (text.length > MAX_RENDERED_CHARS) return sanitize(plainTextHtml(text));
    return sanitize(marked.parse(boundInlineRuns(boundNesting(text))) as string);
  } catch {
    try {
      return sanitize(plainTextHtml(text));
    } catch {
      return plainTextHtml(text);
    }
  }
}

let warm = false;
/**
 * Renders a small answer once, unseen: the first render in a page runs marked and DOMPurify cold
 * (3–18 ms measured on the popup's first token, issue #17), so pages warm them while idle.
 */
export function warmRenderer(): void {
  if (warm) return;
  warm = true;
  renderMarkdown('## A\n\n- **b** and *c*, `d`\n- [e](https://example.com/)\n\n1. f\n\n> g\n\n```\nh\n```\n');
}
