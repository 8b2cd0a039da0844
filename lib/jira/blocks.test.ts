import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, parseListEntry, type Inline } from './blocks';

const text = (value: string, strong = false): Inline => ({ type: 'text', text: value, strong });

describe('parseInline', () => {
  it('keeps markup characters that are not markup here as text', () => {
    for (const literal of ['a * b', 'snake_case_name', '_under_', '*one star*', '{code}', '[x]', 'C:\\path\\*.txt', '# 1', '~~x~~', '<b>bold</b>']) {
      expect(parseInline(literal)).toEqual([text(literal)]);
    }
  });

  it('reads code spans, including ones that hold backticks', () => {
    expect(parseInline('run `npm test` now')).toEqual([text('run '), { type: 'code', text: 'npm test' }, text(' now')]);
    expect(parseInline('`` a`b ``')).toEqual([{ type: 'code', text: 'a`b' }]);
    expect(parseInline('an ` unclosed tick')).toEqual([text('an ` unclosed tick')]);
  });

  it('reads **bold** with code and links inside, but not a lone or spaced pair', () => {
    expect(parseInline('**Sign in** now')).toEqual([text('Sign in', true), text(' now')]);
    expect(parseInline('**see `x`**')).toEqual([text('see ', true), { type: 'code', text: 'x' }]);
    expect(parseInline('2 ** 10 ** 3')).toEqual([text('2 ** 10 ** 3')]);
  });

  it('links http(s) only: never javascript:, nor mailto:', () => {
    expect(parseInline('[docs](https://example.com/a_(b))')).toEqual([{ type: 'link', text: 'docs', href: 'https://example.com/a_(b)' }]);
    expect(parseInline('[x](javascript:alert(1))')).toEqual([text('[x](javascript:alert(1))')]);
    expect(parseInline('<mailto:a@example.com>').some((node) => node.type === 'link')).toBe(false);
  });

  it('ends a bare URL before trailing punctuation, closing parens and Japanese text', () => {
    expect(parseInline('see https://example.com/a_b?x=1.')).toEqual([
      text('see '),
      { type: 'link', text: 'https://example.com/a_b?x=1', href: 'https://example.com/a_b?x=1' },
      text('.'),
    ]);
    expect(parseInline('(https://example.com/x)')).toEqual([
      text('('),
      { type: 'link', text: 'https://example.com/x', href: 'https://example.com/x' },
      text(')'),
    ]);
    expect(parseInline('詳細はhttps://example.jp/docs参照。')).toEqual([
      text('詳細は'),
      { type: 'link', text: 'https://example.jp/docs', href: 'https://example.jp/docs' },
      text('参照。'),
    ]);
    expect(parseInline('xhttps://example.com')).toEqual([text('xhttps://example.com')]);
  });
});

describe('parseBlocks', () => {
  it('gives nothing for empty or blank text', () => {
    expect(parseBlocks('')).toEqual([]);
    expect(parseBlocks(' \n\t\n')).toEqual([]);
  });

  it('splits paragraphs on blank lines and keeps single newlines as line breaks', () => {
    expect(parseBlocks('one\r\ntwo\n\nthree')).toEqual([
      { type: 'paragraph', content: [text('one'), { type: 'break' }, text('two')] },
      { type: 'paragraph', content: [text('three')] },
    ]);
  });

  it('nests lists by indentation and mixes bullets and numbers', () => {
    const [list] = parseBlocks('- a\n  - b\n    1. c\n    2. d\n- e\n\tcontinued');
    expect(list).toEqual({
      type: 'bulletList',
      items: [
        {
          content: [text('a')],
          children: [
            {
              type: 'bulletList',
              items: [{ content: [text('b')], children: [{ type: 'orderedList', start: 1, items: [{ content: [text('c')], children: [] }, { content: [text('d')], children: [] }] }] }],
            },
          ],
        },
        { content: [text('e'), { type: 'break' }, text('continued')], children: [] },
      ],
    });
  });

  it('returns to the right level when items dedent, joining the deeper list from between two levels', () => {
    const shape = (source: string) =>
      parseBlocks(source).map((block) =>
        block.type === 'bulletList' ? block.items.map((item) => [item.content, item.children.map((child) => child.items.map((inner) => inner.content))]) : block,
      );
    expect(shape('- a\n  - b\n    - c\n  - d\n- e')).toEqual([
      [
        [[text('a')], [[[text('b')], [text('d')]]]],
        [[text('e')], []],
      ],
    ]);
    expect(shape('- a\n    - b\n  - c')).toEqual([[[[text('a')], [[[text('b')], [text('c')]]]]]]);
  });

  it('keeps one ordered list across blank lines and remembers where it starts', () => {
    expect(parseBlocks('3. x\n\n4. y')).toEqual([
      { type: 'orderedList', start: 3, items: [{ content: [text('x')], children: [] }, { content: [text('y')], children: [] }] },
    ]);
  });

  it('starts a sibling list when the marker kind changes at the same level', () => {
    expect(parseBlocks('- a\n1. b').map((block) => block.type)).toEqual(['bulletList', 'orderedList']);
  });

  it('does not read a rule, a heading or a marker without a space as a list', () => {
    expect(parseBlocks('----\n# title\n-1 degree\n*bold*')).toEqual([
      { type: 'paragraph', content: [text('----'), { type: 'break' }, text('# title'), { type: 'break' }, text('-1 degree'), { type: 'break' }, text('*bold*')] },
    ]);
  });

  it('reads fenced code verbatim, with its language, indentation removed, unclosed to the end', () => {
    expect(parseBlocks('```ts\nconst a = `x`;\n  **not bold**\n```\nafter')).toEqual([
      { type: 'codeBlock', language: 'ts', text: 'const a = `x`;\n  **not bold**' },
      { type: 'paragraph', content: [text('after')] },
    ]);
    expect(parseBlocks('  ~~~\n  {code}\n  | a |')).toEqual([{ type: 'codeBlock', language: null, text: '{code}\n| a |' }]);
    expect(parseBlocks('````\n```\n````')).toEqual([{ type: 'codeBlock', language: null, text: '```' }]);
  });

  it('reads pipe tables with escaped pipes, padding short rows and cutting long ones', () => {
    expect(parseBlocks('| a | b |\n|---|:-:|\n| 1 \\| 2 | `x` |\n| only |\n| p | q | r |')).toEqual([
      {
        type: 'table',
        header: [[text('a')], [text('b')]],
        rows: [
          [[text('1 | 2')], [{ type: 'code', text: 'x' }]],
          [[text('only')], []],
          [[text('p')], [text('q')]],
        ],
      },
    ]);
  });

  it('leaves a pipe line without a delimiter row as text', () => {
    expect(parseBlocks('a | b\nc | d')).toEqual([{ type: 'paragraph', content: [text('a | b'), { type: 'break' }, text('c | d')] }]);
  });
});

describe('parseListEntry', () => {
  it('makes one line and drops the markers a model adds to list items', () => {
    expect(parseListEntry('1. Enter `admin`')).toEqual([text('Enter '), { type: 'code', text: 'admin' }]);
    expect(parseListEntry('- [ ] shows\nan error')).toEqual([text('shows an error')]);
    expect(parseListEntry('   ')).toEqual([]);
  });
});
