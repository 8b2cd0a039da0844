/**
 * Article HTML → Markdown, keeping what a summary needs: headings, lists, tables (GFM), code
 * blocks. Links keep their text only: URLs cost tokens and rarely help a summary.
 */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

let service: TurndownService | null = null;

function turndown(): TurndownService {
  if (service) return service;
  service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_' });
  service.use(gfm);
  const dropped = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'FORM', 'BUTTON', 'SELECT']);
  service.remove((node) => dropped.has(node.nodeName.toUpperCase()));
  service.addRule('linkText', { filter: 'a', replacement: (content) => content });
  service.addRule('noImages', { filter: 'img', replacement: (_content, node) => ((node as HTMLImageElement).alt ? ` ${(node as HTMLImageElement).alt} ` : '') });
  return service;
}

export function htmlToMarkdown(html: string | Node): string {
  return turndown()
    .turndown(html as string)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
