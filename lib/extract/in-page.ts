/**
 * Runs inside the tab (injected by the background under the activeTab grant): reads the
 * selection if there is one, otherwise the article via Readability, after dropping what the
 * person cannot see. Falls back to `main`/`article`, then to the visible body text.
 */
import { Readability } from '@mozilla/readability';
import type { Extracted } from './result';
import { htmlToMarkdown } from './to-markdown';

const HIDDEN_MARK = 'data-gateway-assistant-hidden';
const MIN_ARTICLE_CHARS = 200;

function isHidden(el: Element): boolean {
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  const style = getComputedStyle(el);
  return style.display === 'none' || style.visibility === 'hidden';
}

/**
 * Marks hidden elements in the live page (computed styles exist only there), copies the
 * document, then unmarks. The copy loses the hidden nodes; the page is left as it was.
 */
function visibleClone(doc: Document): Document {
  const marked: Element[] = [];
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node as Element;
    if (isHidden(el)) {
      el.setAttribute(HIDDEN_MARK, '');
      marked.push(el);
    }
  }
  const clone = doc.cloneNode(true) as Document;
  for (const el of marked) el.removeAttribute(HIDDEN_MARK);
  for (const el of clone.querySelectorAll(`[${HIDDEN_MARK}]`)) el.remove();
  return clone;
}

function selectionMarkdown(doc: Document): string {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return '';
  const container = doc.createElement('div');
  for (let i = 0; i < selection.rangeCount; i++) container.append(selection.getRangeAt(i).cloneContents());
  const markdown = htmlToMarkdown(container);
  return markdown || selection.toString().trim();
}

function plainText(el: Element | null): string {
  return (el?.textContent ?? '').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}

export function extractFromDocument(doc: Document = document): Extracted {
  const base = {
    title: doc.title.trim(),
    url: doc.location?.href ?? '',
    lang: doc.documentElement.lang ?? '',
    contentType: doc.contentType ?? 'text/html',
  };
  const selected = selectionMarkdown(doc);
  if (selected) return { ...base, kind: 'selection', byline: null, text: selected, method: 'selection' };

  const clone = visibleClone(doc);
  const article = new Readability(clone.cloneNode(true) as Document, { keepClasses: false }).parse();
  if (article?.content) {
    const text = htmlToMarkdown(article.content);
    if (text.length >= MIN_ARTICLE_CHARS) {
      return { ...base, kind: 'page', title: article.title?.trim() || base.title, lang: article.lang || base.lang, byline: article.byline ?? null, text, method: 'readability' };
    }
  }
  const main = clone.querySelector('main, article, [role=main]');
  const mainText = main ? htmlToMarkdown(main.innerHTML) : '';
  if (mainText.length >= MIN_ARTICLE_CHARS) return { ...base, kind: 'page', byline: null, text: mainText, method: 'main' };
  return { ...base, kind: 'page', byline: null, text: plainText(clone.body), method: 'body' };
}
