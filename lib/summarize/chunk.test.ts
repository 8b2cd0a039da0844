// Counts tokens exactly: the o200k table, installed here rather than for every test file (1.2 s each).
import './tokens-bundled';
// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../dev/harness/paths';
import { htmlToMarkdown } from '../extract/to-markdown';
import { chunkMarkdown, type Part } from './chunk';
import { countTokens } from './tokens';

/** Where fenced code blocks are, found independently of chunk.ts: [start, end) offsets. */
function fenceRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let open: { start: number; fence: string } | null = null;
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const trimmed = line.trim();
    if (open === null) {
      const fence = /^(`{3,}|~{3,})/.exec(trimmed)?.[1];
      if (fence) open = { start: offset, fence };
    } else if (trimmed.length >= open.fence.length && trimmed === open.fence[0]!.repeat(trimmed.length)) {
      ranges.push([open.start, offset + line.length]);
      open = null;
    }
    offset += line.length;
  }
  if (open) ranges.push([open.start, text.length]);
  return ranges;
}

/** Tables outside code blocks (inside one, `| a |` lines are code). */
function tableRanges(text: string): [number, number][] {
  const fences = fenceRanges(text);
  return [...text.matchAll(/(?:^[ \t]*\|.*(?:\n|$))+/gm)]
    .map((m): [number, number] => [m.index, m.index + m[0].length])
    .filter(([start]) => !fences.some(([fenceStart, fenceEnd]) => start >= fenceStart && start < fenceEnd));
}

function lineAt(text: string, offset: number): [number, number] {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  return [start, newline === -1 ? text.length : newline + 1];
}

/** Every property the splitter promises, checked for one input and one limit. */
function expectWellSplit(text: string, parts: Part[], limit: number): void {
  expect(parts.map((p) => p.text).join('')).toBe(text);
  let offset = 0;
  for (const part of parts) {
    expect(part.start).toBe(offset);
    expect(part.text).toBe(text.slice(part.start, part.end));
    expect(part.text.length).toBeGreaterThan(0);
    expect(part.tokens).toBe(countTokens(part.text));
    expect(part.tokens).toBeLessThanOrEqual(limit);
    offset = part.end;
  }
  const cuts = parts.slice(1).map((p) => p.start);
  // Only blocks that fit the limit must stay whole.
  const fitting = (ranges: [number, number][]) => ranges.filter(([start, end]) => countTokens(text.slice(start, end)) <= limit);
  const fences = fitting(fenceRanges(text));
  const tables = fitting(tableRanges(text));
  const lineTokens = new Map<number, number>();
  for (const cut of cuts) {
    // Surrogate pairs stay whole.
    expect(/[\uDC00-\uDFFF]/.test(text[cut] ?? '')).toBe(false);
    const [lineStart, lineEnd] = lineAt(text, cut);
    if (cut !== lineStart) {
      if (!lineTokens.has(lineStart)) lineTokens.set(lineStart, countTokens(text.slice(lineStart, lineEnd)));
      expect(lineTokens.get(lineStart), `cut at ${cut} inside a line that fits`).toBeGreaterThan(limit);
    }
    expect(fences.find(([start, end]) => cut > start && cut < end), `cut at ${cut} inside a code block that fits`).toBeUndefined();
    expect(tables.find(([start, end]) => cut > start && cut < end), `cut at ${cut} inside a table that fits`).toBeUndefined();
  }
}

function corpusMarkdown(): { name: string; text: string }[] {
  const pagesDir = join(corpusDir, 'pages');
  const pages = readdirSync(pagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, text: htmlToMarkdown(readFileSync(join(pagesDir, entry.name, 'expected.html'), 'utf8')) }));
  const ja = readFileSync(join(corpusDir, 'ja/litellm-poc-blog.html'), 'utf8');
  return [...pages, { name: 'ja/litellm-poc-blog', text: htmlToMarkdown(new DOMParser().parseFromString(ja, 'text/html').body) }];
}

/** Small deterministic PRNG (mulberry32) so a failing random case can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['gateway', 'budget', 'key', 'model', 'の', '予算', 'を', '確認', 'する', '😀', 'e.g.', '3.14', 'v2.0', 'Dr.', '#tag', '|', '`', '~'];

function randomDocument(rand: () => number): string {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(pick([' ', ' ', '', '　']));
  const sentence = () => `${words(1 + Math.floor(rand() * 25))}${pick(['. ', '! ', '? ', '。', '！', '. ', ''])}`;
  const blocks: string[] = [];
  for (let i = 0, n = 1 + Math.floor(rand() * 30); i < n; i++) {
    switch (pick(['heading', 'para', 'para', 'list', 'fence', 'table', 'long', 'blank'])) {
      case 'heading':
        blocks.push(`${'#'.repeat(1 + Math.floor(rand() * 6))} ${words(3)}`);
        break;
      case 'para':
        blocks.push(Array.from({ length: 1 + Math.floor(rand() * 8) }, sentence).join(''));
        break;
      case 'list':
        blocks.push(Array.from({ length: 1 + Math.floor(rand() * 6) }, () => `-   ${sentence()}`).join('\n'));
        break;
      case 'fence': {
        const body = Array.from({ length: Math.floor(rand() * 12) }, () => pick(['# not a heading', '', '| not | a table |', words(6), '  ```js inline'])).join('\n');
        blocks.push(rand() < 0.9 ? `\`\`\`sh\n${body}\n\`\`\`` : `~~~~\n${body}`);
        break;
      }
      case 'table':
        blocks.push(['| a | b |', '| --- | --- |', ...Array.from({ length: 1 + Math.floor(rand() * 10) }, () => `| ${words(3)} | ${words(4)} |`)].join('\n'));
        break;
      case 'long':
        blocks.push(words(200 + Math.floor(rand() * 400)));
        break;
      case 'blank':
        blocks.push(pick(['', '   ', '\r']));
        break;
    }
  }
  return blocks.join(pick(['\n\n', '\n', '\r\n\r\n', '\n\n\n']));
}

describe('chunkMarkdown', () => {
  it('keeps a document that fits in one part', () => {
    const text = '# Title\n\nOne paragraph.\n';
    const parts = chunkMarkdown(text, 1000);
    expect(parts).toEqual([{ start: 0, end: text.length, text, tokens: countTokens(text), headings: ['Title'] }]);
  });

  it('gives no parts for an empty document', () => {
    expect(chunkMarkdown('', 100)).toEqual([]);
  });

  it('cuts between sections before cutting between paragraphs', () => {
    const section = (name: string) => `## ${name}\n\n${Array.from({ length: 6 }, (_, i) => `Paragraph ${i} of ${name} says something about budgets.`).join('\n\n')}\n\n`;
    const text = `# Doc\n\n${section('Alpha')}${section('Beta')}${section('Gamma')}`;
    const limit = countTokens(section('Alpha')) + 20;
    const parts = chunkMarkdown(text, limit);
    expectWellSplit(text, parts, limit);
    expect(parts.slice(1).every((p) => p.text.startsWith('## '))).toBe(true);
    expect(parts.map((p) => p.headings)).toEqual([['Doc'], ['Doc', 'Beta'], ['Doc', 'Gamma']]);
  });

  it('does not leave a heading alone at the end of a part', () => {
    const para = 'A sentence about keys and budgets that takes some tokens. '.repeat(5);
    const text = `${para}\n\n${para}\n\n### Next\n\n${para}\n`;
    const limit = countTokens(`${para}\n\n${para}\n\n### Next\n\n`) + 2;
    const parts = chunkMarkdown(text, limit);
    expectWellSplit(text, parts, limit);
    expect(parts[1]!.text.startsWith('### Next')).toBe(true);
    expect(parts[1]!.headings).toEqual(['Next']);
  });

  it('keeps a code block whole when it fits, even across a heading-like line and blank lines', () => {
    const code = '```sh\n# install\n\nnpm ci\n\n# build\nnpm run build\n```\n';
    const text = `Intro paragraph.\n\n${code}\nOutro paragraph with words.\n`;
    const limit = countTokens(code) + 2;
    const parts = chunkMarkdown(text, limit);
    expectWellSplit(text, parts, limit);
    expect(parts.some((p) => p.text.includes(code))).toBe(true);
  });

  it('cuts a code block over the limit at line boundaries only', () => {
    const code = `\`\`\`js\n${Array.from({ length: 200 }, (_, i) => `const value${i} = compute(${i}); // line ${i}`).join('\n')}\n\`\`\`\n`;
    const limit = 300;
    const parts = chunkMarkdown(code, limit);
    expectWellSplit(code, parts, limit);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts.slice(1)) expect(code[part.start - 1]).toBe('\n');
  });

  it('cuts a table over the limit between rows, never inside one', () => {
    const table = ['| key | budget |', '| --- | --- |', ...Array.from({ length: 120 }, (_, i) => `| team-${i} key for the platform group | $${i}.00 a month |`)].join('\n');
    const text = `Before.\n\n${table}\n\nAfter.\n`;
    const parts = chunkMarkdown(text, 200);
    expectWellSplit(text, parts, 200);
    for (const part of parts.slice(1)) expect(text[part.start - 1]).toBe('\n');
  });

  it('cuts an oversized paragraph between sentences, Japanese ones included', () => {
    const english = 'The gateway meters each key. It enforces budgets! Does it reset? Yes, monthly. '.repeat(20);
    const japanese = '予算は毎月リセットされます。キーごとに上限があります！本当ですか？はい。'.repeat(20);
    for (const text of [english, japanese]) {
      const parts = chunkMarkdown(text, 60);
      expectWellSplit(text, parts, 60);
      for (const part of parts.slice(0, -1)) expect(part.text).toMatch(/(?:[.!?] |[。！？])$/u);
    }
  });

  it('cuts a single sentence over the limit by whole characters', () => {
    const text = '絵文字😀と漢字'.repeat(400);
    const parts = chunkMarkdown(text, 50);
    expectWellSplit(text, parts, 50);
  });

  it('splits every corpus article into parts that tile it, within the limit, without breaking structure', () => {
    const docs = corpusMarkdown();
    expect(docs.length).toBeGreaterThanOrEqual(21);
    for (const { name, text } of docs) {
      for (const limit of [64, 400, 3000]) {
        const parts = chunkMarkdown(text, limit);
        expect(parts.length, name).toBeGreaterThan(0);
        expectWellSplit(text, parts, limit);
      }
    }
  });

  it('holds the same properties on random Markdown-like documents', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rand = random(seed);
      const text = randomDocument(rand);
      const limit = [16, 40, 120, 500][seed % 4]!;
      const parts = chunkMarkdown(text, limit);
      expectWellSplit(text, parts, limit);
    }
  });

  it('refuses a limit too small to make sense', () => {
    expect(() => chunkMarkdown('text', 3)).toThrow(RangeError);
  });
});
