/**
 * Runs inside the tab (injected by the background under the activeTab grant): reads the
 * selection if there is one, otherwise the article via Readability, from a copy of the page that
 * holds only what the person can see (visible.ts). Falls back to `main`/`article`, then to the
 * visible body text. Title and URL are returned as data fields; the prompt builders delimit them.
 */
import { Readability } from '@mozilla/readability';
import type { Extracted } from './result';
import { htmlToMarkdown } from './to-markdown';
import { LARGE_PAGE_ELEMENTS, stripInvisibleChars, visibleCopy, visibleSelection } from './visible';

const MIN_ARTICLE_CHARS = 200;

function plainText(el: Element | null): string {
  return (el?.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

function selectionText(doc: Document): string {
  const selected = visibleSelection(doc);
  if (!selected) return '';
  return htmlToMarkdown(selected) || plainText(selected);
}

/** A frameset page, or one that embeds iframes: their text is not in this document. */
function frameKind(doc: Document): Extracted['frames'] {
  if (doc.querySelector('frameset')) return 'frameset';
  return doc.querySelector('iframe') ? 'iframe' : null;
}

export function extractFromDocument(doc: Document = document): Extracted {
  const base = {
    title: stripInvisibleChars(doc.title).trim(),
    url: doc.location?.href ?? '',
    lang: doc.documentElement.lang ?? '',
    contentType: doc.contentType ?? 'text/html',
    frames: frameKind(doc),
  };
  // A frameset's own text is at most its <noframes> fallback; the content is in the frames.
  if (base.frames === 'frameset') return { ...base, kind: 'page', byline: null, text: '', method: 'body' };
  const selected = selectionText(doc);
  if (selected) return { ...base, kind: 'selection', byline: null, text: selected, method: 'selection' };

  // Readability and turndown grow faster than the page: a very large one goes out as plain text,
  // read in one walk without layout, in bounded time.
  const large = doc.getElementsByTagName('*').length > LARGE_PAGE_ELEMENTS;
  const copy = visibleCopy(doc, { large });
  if (large) return { ...base, kind: 'page', byline: null, text: plainText(copy.querySelector('main, article, [role=main]') ?? copy.body), method: 'body' };

  // Readability takes the copy itself (it edits what it reads) and hands back its article node,
  // which turndown reads without a serialize-and-parse round trip.
  const article = new Readability(copy, { keepClasses: false, serializer: (node) => node }).parse();
  if (article?.content) {
    const text = htmlToMarkdown(article.content);
    if (text.length >= MIN_ARTICLE_CHARS) {
      const title = stripInvisibleChars(article.title ?? '').trim() || base.title;
      const byline = article.byline ? stripInvisibleChars(article.byline).trim() : null;
      return { ...base, kind: 'page', title, lang: article.lang || base.lang, byline, text, method: 'readability' };
    }
  }
  // Readability found no article and left its copy edited: the fallbacks read a fresh one.
  const fresh = visibleCopy(doc);
  const main = fresh.querySelector('main, article, [role=main]');
  const mainText = main ? htmlToMarkdown(main) : '';
  if (mainText.length >= MIN_ARTICLE_CHARS) return { ...base, kind: 'page', byline: null, text: mainText, method: 'main' };
  return { ...base, kind: 'page', byline: null, text: plainText(fresh.body), method: 'body' };
}
