/**
 * Article HTML → Markdown, keeping what a summary needs: headings, lists, tables (GFM), code
 * blocks. Links keep their text only: URLs cost tokens and rarely help a summary.
 */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

let service: TurndownService | null = null;

/** What @joplin/turndown-plugin-gfm's tableShouldBeHtml looks for. */
const BLOCKS_WITHOUT_GFM_TABLE_FORM = 'code, ul, ol, h1, h2, h3, h4, h5, h6, hr, blockquote';

function turndown(): TurndownService {
  if (service) return service;
  service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_' });
  service.use(gfm);
  const dropped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'FORM', 'BUTTON', 'SELECT']);
  service.remove((node) => dropped.has(node.nodeName.toUpperCase()));
  service.addRule('linkText', { filter: 'a', replacement: (content) => content });
  // Phrasing elements no rule handles would be tried against every rule (a name comparison each,
  // hundreds of times on an article) before turndown's default gives their content: same result, found first.
  service.addRule('plainPhrasing', { filter: ['span', 'sup', 'sub', 'cite', 'abbr', 'small', 'q', 'time', 'mark', 'bdi', 'u', 'label'], replacement: (content) => content });
  service.addRule('noImages', { filter: 'img', replacement: (_content, node) => ((node as HTMLImageElement).alt ? ` ${(node as HTMLImageElement).alt} ` : '') });
  // A table holding lists, headings, code or quotes has no GFM form, and the gfm plugin keeps it
  // as raw HTML, hrefs and srcs included (Wikipedia's infobox: 1.6 kB of markup). Its cells go
  // out as plain blocks instead, one after the other, each converted like any other HTML.
  service.addRule('tableWithBlocks', {
    filter: (node) => node.nodeName === 'TABLE' && node.querySelector(BLOCKS_WITHOUT_GFM_TABLE_FORM) !== null,
    replacement: (_content, node) => {
      const cells = [...(node as HTMLTableElement).rows].flatMap((row) => [...row.cells]);
      return `\n\n${cells.map((cell) => turndown().turndown(cell)).filter(Boolean).join('\n\n')}\n\n`;
    },
  });
  return service;
}

/**
 * A cell outside any table crashes the gfm plugin (it looks up the cell's table). The HTML parser
 * never builds one, but Readability's edits and page scripts can: such a tree goes through HTML.
 */
function withoutOrphanCells(node: Node): string | Node {
  if (node.nodeType !== Node.ELEMENT_NODE) return node;
  const root = node as Element;
  for (const cell of root.querySelectorAll('td, th, tr')) {
    const table = cell.closest('table');
    if (!table || !root.contains(table)) return root.innerHTML;
  }
  return node;
}

export function htmlToMarkdown(html: string | Node): string {
  return turndown()
    .turndown((typeof html === 'string' ? html : withoutOrphanCells(html)) as string)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
