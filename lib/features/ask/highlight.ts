/**
 * Showing a cited passage on the page: an injected function finds the text among the page's text
 * nodes (whitespace-insensitive, so Japanese and wrapped lines match alike), highlights it with the
 * CSS Custom Highlight API (no change to the page's DOM or its styles) and scrolls to it.
 */
import { visibleText } from './citations';

export const HIGHLIGHT_NAME = 'gateway-assistant-citation';

/**
 * Runs in the page (chrome.scripting.executeScript `func`): self-contained, no imports. Returns
 * whether the passage was found; when it is not, nothing is highlighted.
 */
export function highlightInPage(passage: string, name: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, '');
  const wanted = squash(passage);
  if (!wanted || typeof Highlight === 'undefined' || !('highlights' in CSS)) return false;
  // Every non-space character of the page's visible text, with the node and offset it came from.
  const chars: { node: Text; offset: number }[] = [];
  let text = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      const parent = node.parentElement;
      if (!parent || parent.closest('script,style,noscript,template')) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const value = node.data;
    for (let i = 0; i < value.length; i++) {
      if (/\s/.test(value[i]!)) continue;
      chars.push({ node, offset: i });
      text += value[i];
    }
  }
  const at = text.indexOf(wanted);
  if (at < 0) return false;
  const first = chars[at]!;
  const last = chars[at + wanted.length - 1]!;
  const range = document.createRange();
  range.setStart(first.node, first.offset);
  range.setEnd(last.node, last.offset + 1);
  CSS.highlights.set(name, new Highlight(range));
  const styleId = `${name}-style`;
  if (!document.getElementById(styleId)) {
    const style = document.createElement('style');
    style.id = styleId;
    style.textContent = `::highlight(${name}) { background-color: #ffe066; color: #000; }`;
    document.head.append(style);
  }
  first.node.parentElement?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  return true;
}

/** Highlights the passage in the tab; false when the page does not show it (or cannot be reached). */
export async function showPassage(tabId: number, passage: string): Promise<boolean> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: highlightInPage, args: [visibleText(passage), HIGHLIGHT_NAME] });
    return result?.result === true;
  } catch {
    return false;
  }
}
