/** The long document the benchmarks share: ~300,000 tokens of the corpus articles, tags stripped. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../dev/harness/paths';
import '../lib/summarize/tokens-bundled';
import { countTokens } from '../lib/summarize/tokens';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** An article's text with its paragraphs, so the splitter still has structure to cut on. */
function articleText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(?:p|div|h[1-6]|li|tr|pre|blockquote|section|table|ul|ol|figure|figcaption)>|<br\s*\/?>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (entity, name: string) =>
      name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name.toLowerCase()] ?? entity),
    )
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n[\s]*\n\s*/g, '\n\n')
    .trim();
}

/** The corpus articles concatenated (copies numbered) until `targetTokens` is reached, as Markdown-ish text. */
export function longDocument(targetTokens = 300_000): string {
  const pagesDir = join(corpusDir, 'pages');
  const articles = readdirSync(pagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const title = (JSON.parse(readFileSync(join(pagesDir, entry.name, 'expected-metadata.json'), 'utf8')) as { title?: string }).title ?? entry.name;
      const text = articleText(readFileSync(join(pagesDir, entry.name, 'expected.html'), 'utf8'));
      return { title, text, tokens: countTokens(text) };
    });
  const sections: string[] = [];
  let tokens = 0;
  for (let copy = 1; tokens < targetTokens; copy++) {
    for (const article of articles) {
      if (tokens >= targetTokens) break;
      sections.push(`# ${article.title}${copy > 1 ? ` (copy ${copy})` : ''}\n\n${article.text}\n\n`);
      tokens += article.tokens;
    }
  }
  return sections.join('');
}
