import { describe, expect, it } from 'vitest';
import { adfProblems } from '../../dev/jira/adf-validator';
import { EMPTY_STORY, HARD_BUG, JAPANESE_TASK, draftWith } from '../../dev/jira/sample-drafts';
import { DEFAULT_TEMPLATES } from './templates';
import { toAdfDescription, type AdfNode } from './to-adf';

const adf = (draft = HARD_BUG) => toAdfDescription(draft, DEFAULT_TEMPLATES);

function* walk(nodes: AdfNode[] | undefined): Generator<AdfNode> {
  for (const node of nodes ?? []) {
    yield node;
    yield* walk(node.content);
  }
}

describe('toAdfDescription', () => {
  it.each([
    ['a bug full of markup characters', HARD_BUG],
    ['a Japanese task with a checklist', JAPANESE_TASK],
    ['a draft with only empty sections', EMPTY_STORY],
  ])("validates against Atlassian's ADF schema: %s", (_name, draft) => {
    expect(adfProblems(adf(draft))).toEqual([]);
  });

  it('is an empty document when no section has content', () => {
    expect(adf(EMPTY_STORY)).toEqual({ type: 'doc', version: 1, content: [] });
  });

  it('never emits an empty text node, and never combines code with another mark than link', () => {
    for (const draft of [HARD_BUG, JAPANESE_TASK]) {
      for (const node of walk(adf(draft).content)) {
        if (node.type !== 'text') continue;
        expect(node.text).not.toBe('');
        const marks = (node.marks ?? []).map((mark) => mark.type);
        if (marks.includes('code')) expect(marks.filter((mark) => mark !== 'code' && mark !== 'link')).toEqual([]);
      }
    }
  });

  it('renders the sections of the type, each under a level-2 heading, and the source link last', () => {
    const headings = adf().content.filter((node) => node.type === 'heading');
    expect(headings.map((node) => node.content?.[0]?.text)).toEqual(['Background', 'Steps to reproduce', 'Expected result', 'Actual result', 'Source']);
    expect(headings.every((node) => node.attrs?.level === 2)).toBe(true);
    expect(adf().content.at(-1)).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Issue 42 | Example [beta]', marks: [{ type: 'link', attrs: { href: 'https://example.com/issues/42?filter=[open]|all' } }] },
        { type: 'text', text: ' (example.com)' },
      ],
    });
  });

  it('turns the acceptance criteria into a task list of TODO items', () => {
    const taskList = adf(JAPANESE_TASK).content.find((node) => node.type === 'taskList');
    expect(taskList).toEqual({
      type: 'taskList',
      attrs: { localId: 'acceptance-criteria' },
      content: [
        { type: 'taskItem', attrs: { localId: 'acceptance-criteria-1', state: 'TODO' }, content: [{ type: 'text', text: '「次へ」を押すと次の画面に進む' }] },
        { type: 'taskItem', attrs: { localId: 'acceptance-criteria-2', state: 'TODO' }, content: [{ type: 'text', text: 'エラー時は *赤字* でメッセージを表示する' }] },
      ],
    });
  });

  it('numbers the steps to reproduce, dropping blank steps and the numbers the model wrote', () => {
    const steps = adf().content.find((node) => node.type === 'orderedList');
    expect(steps?.content).toHaveLength(3);
    expect(steps?.content?.[1]?.content?.[0]?.content?.[0]).toEqual({ type: 'text', text: 'Enter user ' });
    expect(steps?.content?.[2]?.content?.[0]?.content?.[1]).toEqual({ type: 'text', text: 'Sign in', marks: [{ type: 'strong' }] });
  });

  it('keeps code blocks verbatim with their language, and marks inline code', () => {
    const code = adf().content.find((node) => node.type === 'codeBlock');
    expect(code).toEqual({ type: 'codeBlock', attrs: { language: 'json' }, content: [{ type: 'text', text: '{"error": "boom", "path": "{code}"}' }] });
    const doc = adf(draftWith({ background: '```\n```\nrun `a|b`' }));
    expect(doc.content[1]).toEqual({ type: 'codeBlock' });
    expect(doc.content[2]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'run ' }, { type: 'text', text: 'a|b', marks: [{ type: 'code' }] }] });
    expect(adfProblems(doc)).toEqual([]);
  });

  it('builds tables with a header row and an empty paragraph for an empty cell', () => {
    const table = adf().content.find((node) => node.type === 'table');
    expect(table?.content?.[0]?.content?.map((cell) => cell.type)).toEqual(['tableHeader', 'tableHeader']);
    expect(table?.content?.[2]?.content?.[1]).toEqual({ type: 'tableCell', content: [{ type: 'paragraph' }] });
    expect(table?.content?.[1]?.content?.[1]?.content?.[0]?.content?.[0]?.text).toBe('fails | 500');
  });

  it('nests lists inside list items and keeps an ordered list start', () => {
    const doc = adf(draftWith({ background: '5. five\n   - inner\n6. six' }));
    expect(doc.content[1]).toEqual({
      type: 'orderedList',
      attrs: { order: 5 },
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'five' }] },
            { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'inner' }] }] }] },
          ],
        },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'six' }] }] },
      ],
    });
    expect(adfProblems(doc)).toEqual([]);
  });

  it('writes line breaks as hardBreak nodes and page markup characters as plain text', () => {
    const doc = adf(draftWith({ background: '{code} [x|y] *a* _b_\n# h1. ---' }));
    expect(doc.content[1]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: '{code} [x|y] *a* _b_' }, { type: 'hardBreak' }, { type: 'text', text: '# h1. ---' }],
    });
  });

  it('names a source that cannot be linked instead of linking it', () => {
    const doc = adf(draftWith({}, { sourceUrl: 'file:///C:/report.pdf', sourceTitle: 'Report' }));
    expect(doc.content.at(-1)).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'Report (file:///C:/report.pdf)' }] });
  });

  it('uses the organization headings over the built-in ones', () => {
    const templates = { ...DEFAULT_TEMPLATES, headings: { background: 'Context' } };
    const doc = toAdfDescription(draftWith({ background: 'x' }), templates);
    expect(doc.content[0]?.content?.[0]?.text).toBe('Context');
  });
});

describe('the ADF validator used by these tests and the simulator', () => {
  it('rejects what Jira Cloud rejects', () => {
    expect(adfProblems('plain text')).not.toEqual([]);
    expect(adfProblems({ type: 'doc', version: 2, content: [] })).not.toEqual([]);
    expect(adfProblems({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] })).not.toEqual([]);
    expect(adfProblems({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'code' }, { type: 'strong' }] }] }] })).not.toEqual([]);
    expect(adfProblems({ type: 'doc', version: 1, content: [{ type: 'madeUpNode' }] })).not.toEqual([]);
  });

  it('writes the real host beside a link label that hides it, as plain text, punycode, bidi controls stripped', () => {
    const doc = adf(draftWith({ background: '[paypal.com](https://pаypal.com/login) and [\u202Emoc.live\u202C](https://evil.example/x) and [example.com](https://example.com/a)' }));
    const texts = JSON.stringify(doc);
    const paragraph = doc.content[1]!.content!;
    expect(paragraph.map((n) => n.text)).toEqual(['paypal.com', ' (xn--pypal-4ve.com)', ' and ', 'moc.live', ' (evil.example)', ' and ', 'example.com']);
    expect(paragraph[1]!.marks).toBeUndefined();
    expect(texts).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(adfProblems(doc)).toEqual([]);
  });
});
