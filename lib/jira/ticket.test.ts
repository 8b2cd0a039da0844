import { describe, expect, it } from 'vitest';
import { HARD_BUG } from '../../dev/jira/sample-drafts';
import { TicketDraft, parseTicketAnswer, ticketJsonSchema, ticketResponseFormat, type AnswerContext } from './ticket';

const context: AnswerContext = {
  issueTypes: ['Bug', 'Task', 'Story'],
  defaultLabels: ['from-browser'],
  language: 'en',
  sourceUrl: 'https://example.com/page',
  sourceTitle: 'The page',
};

const answer = {
  summary: 'Login button does nothing',
  issueType: 'Bug',
  priority: 'High',
  description: {
    background: 'On the login page.',
    stepsToReproduce: ['Open the page', 'Click Login'],
    expected: 'Logged in',
    actual: 'Nothing happens',
    whatToDo: '',
    acceptanceCriteria: [],
  },
  labels: ['login', 'front end'],
};

describe('TicketDraft', () => {
  it('accepts the sample drafts', () => {
    expect(TicketDraft.safeParse(HARD_BUG).success).toBe(true);
  });

  it('makes the summary one line and holds it to 1..255 characters', () => {
    expect(TicketDraft.parse({ ...HARD_BUG, summary: '  two\r\n lines \n' }).summary).toBe('two lines');
    expect(TicketDraft.safeParse({ ...HARD_BUG, summary: 'あ'.repeat(255) }).success).toBe(true);
    expect(TicketDraft.safeParse({ ...HARD_BUG, summary: 'あ'.repeat(256) }).success).toBe(false);
    expect(TicketDraft.safeParse({ ...HARD_BUG, summary: ' \n ' }).success).toBe(false);
  });

  it('turns spaces in labels into hyphens, since Jira labels cannot hold spaces', () => {
    expect(TicketDraft.parse({ ...HARD_BUG, labels: [' front end ', 'a\tb'] }).labels).toEqual(['front-end', 'a-b']);
    expect(TicketDraft.safeParse({ ...HARD_BUG, labels: ['  '] }).success).toBe(false);
  });

  it('takes any issue type name but only Jira priorities', () => {
    expect(TicketDraft.safeParse({ ...HARD_BUG, issueType: 'Improvement' }).success).toBe(true);
    expect(TicketDraft.safeParse({ ...HARD_BUG, priority: 'Urgent' }).success).toBe(false);
  });
});

describe('ticketJsonSchema', () => {
  type Schema = { [key: string]: unknown; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
  function* schemas(schema: Schema): Generator<Schema> {
    yield schema;
    for (const child of Object.values(schema.properties ?? {})) yield* schemas(child);
    if (schema.items) yield* schemas(schema.items);
  }

  it('meets OpenAI strict mode: closed objects, every property required, no unsupported keywords', () => {
    const schema = ticketJsonSchema(['Bug', 'Task']) as Schema;
    for (const node of schemas(schema)) {
      for (const keyword of ['$schema', 'minLength', 'maxLength', 'pattern', 'default', 'format']) expect(node).not.toHaveProperty(keyword);
      if (node.type === 'object') {
        expect(node.additionalProperties).toBe(false);
        expect(new Set(node.required)).toEqual(new Set(Object.keys(node.properties ?? {})));
      }
    }
  });

  it('asks for the ticket fields only, with the allowed issue types as an enum', () => {
    const schema = ticketJsonSchema(['Bug', 'Defect']) as Schema;
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(['description', 'issueType', 'labels', 'priority', 'summary']);
    expect(schema.properties?.issueType).toMatchObject({ enum: ['Bug', 'Defect'] });
    expect(schema.properties?.priority).toMatchObject({ enum: ['Highest', 'High', 'Medium', 'Low', 'Lowest'] });
  });

  it('is wrapped as a strict json_schema response format', () => {
    expect(ticketResponseFormat(['Task'])).toMatchObject({ type: 'json_schema', json_schema: { name: 'jira_ticket', strict: true } });
  });
});

describe('parseTicketAnswer', () => {
  const raw = JSON.stringify(answer);

  it('completes a valid answer with the known source, language and default labels', () => {
    const parsed = parseTicketAnswer(raw, context);
    expect(parsed).toEqual({
      ok: true,
      draft: {
        ...answer,
        labels: ['from-browser', 'login', 'front-end'],
        sourceUrl: 'https://example.com/page',
        sourceTitle: 'The page',
        language: 'en',
      },
    });
  });

  it.each([
    ['a ```json fence', `\`\`\`json\n${raw}\n\`\`\``],
    ['a bare ``` fence with text around', `Here is the ticket:\n\`\`\`\n${raw}\n\`\`\`\nHope it helps.`],
    ['a sentence before and after', `Sure! ${raw} Done.`],
    ['a fence whose JSON holds a code fence', `\`\`\`json\n${JSON.stringify({ ...answer, description: { ...answer.description, actual: '```\nHTTP 500\n```' } }, null, 2)}\n\`\`\``],
    ['pretty-printed JSON with a fence inside a value', JSON.stringify({ ...answer, description: { ...answer.description, actual: '```json\n{}\n```' } }, null, 2)],
    ['extra keys the schema does not know', JSON.stringify({ ...answer, notes: 'ignored', sourceUrl: 'https://evil.example' })],
  ])('tolerates %s', (_name, text) => {
    const parsed = parseTicketAnswer(text, context);
    expect(parsed.ok && parsed.draft.summary).toBe('Login button does nothing');
    expect(parsed.ok && parsed.draft.sourceUrl).toBe('https://example.com/page');
  });

  it('does not duplicate a default label the model also chose', () => {
    const parsed = parseTicketAnswer(JSON.stringify({ ...answer, labels: ['from-browser'] }), context);
    expect(parsed.ok && parsed.draft.labels).toEqual(['from-browser']);
  });

  it('reports text that is not JSON, with the raw answer', () => {
    expect(parseTicketAnswer('I cannot help with that.', context)).toEqual({
      ok: false,
      error: expect.stringContaining('not a JSON object'),
      raw: 'I cannot help with that.',
    });
  });

  it('reports each schema violation by its path', () => {
    const bad = JSON.stringify({ ...answer, summary: 'x'.repeat(256), issueType: 'Epic', description: { ...answer.description, expected: 3 } });
    const parsed = parseTicketAnswer(bad, context);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/at summary/);
    expect(parsed.error).toMatch(/at issueType/);
    expect(parsed.error).toMatch(/at description\.expected/);
    expect(parsed.raw).toBe(bad);
  });
});
