// Counts tokens exactly: the o200k table, installed here rather than for every test file (1.2 s each).
import '../summarize/tokens-bundled';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../summarize/chunk';
import { hasText, joinPages, pageText } from './text';

describe('pageText', () => {
  it('joins pdf.js runs, breaking lines where pdf.js says a line ends', () => {
    const runs = [{ str: 'Trace-based Just-in-Time', hasEOL: false }, { str: ' Type Specialization', hasEOL: true }, { str: 'for Dynamic Languages', hasEOL: false }];
    expect(pageText(runs)).toBe('Trace-based Just-in-Time Type Specialization\nfor Dynamic Languages');
  });

  it('skips marked-content items, which carry no text', () => {
    expect(pageText([{}, { str: 'Abstract', hasEOL: true }, {}])).toBe('Abstract');
  });

  it('drops trailing spaces and runs of blank lines', () => {
    expect(pageText([{ str: 'one  ', hasEOL: true }, { str: '', hasEOL: true }, { str: '', hasEOL: true }, { str: '', hasEOL: true }, { str: 'two', hasEOL: false }])).toBe('one\n\ntwo');
  });

  it('escapes lines the chunker would take for Markdown structure, so page markers stay the only headings', () => {
    const text = pageText([{ str: '# not a heading', hasEOL: true }, { str: '```js', hasEOL: true }, { str: '  | a | b |', hasEOL: true }, { str: 'x # y', hasEOL: false }]);
    expect(text).toBe('\\# not a heading\n\\```js\n  \\| a | b |\nx # y');
  });
});

describe('joinPages', () => {
  it('heads each page with its number', () => {
    expect(joinPages(['first', 'second'])).toBe('## Page 1\n\nfirst\n\n## Page 2\n\nsecond');
  });

  it('leaves out pages without text but keeps the PDF’s numbering', () => {
    expect(joinPages(['', 'figure caption', ''])).toBe('## Page 2\n\nfigure caption');
  });

  it('gives the chunker page boundaries to cut at', () => {
    const pages = Array.from({ length: 6 }, (_, i) => `Page ${i + 1} says ${'something worth reading. '.repeat(30)}`);
    const parts = chunkMarkdown(joinPages(pages), 400);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.text.trimStart()).toMatch(/^## Page \d+\n/);
  });
});

describe('hasText', () => {
  it('is false when no page has any text (a scan)', () => {
    expect(hasText(['', ' ', '\n'])).toBe(false);
    expect(hasText(['', 'a'])).toBe(true);
    expect(hasText([])).toBe(false);
  });
});
