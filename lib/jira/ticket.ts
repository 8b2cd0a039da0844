/**
 * The ticket draft: what the model proposes, the form edits, the converters render and the
 * client sends. One flat shape for every issue type: sections a type does not use stay empty,
 * so switching the type in the form never loses text and no code branches on the shape.
 */
import { z } from 'zod';
import { plainText } from './plain-text';

export const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;
/** The form's "no priority": nothing is sent, as a team-managed project without the field requires. */
export const NO_PRIORITY = '';

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

// Jira rejects a summary with a newline and one longer than 255 characters (jira-contract.md §1.2);
// it is plain text, so Markdown marks are taken out.
export const Summary = z.string().overwrite((text) => oneLine(plainText(text))).min(1).max(255);

// Jira labels cannot contain spaces (jira-contract.md §1.2); "front end" becomes "front-end"
// rather than costing a repair round trip.
export const Label = z
  .string()
  .overwrite((label) => label.trim().replace(/\s+/g, '-'))
  .min(1)
  .max(255)
  .regex(/^\S+$/u);

// The descriptions reach the model twice: inside the JSON Schema and in the prompt (prompt.ts).
export const TicketDescription = z.object({
  background: z.string().describe('The context: where it happens, who is affected, why it matters.'),
  stepsToReproduce: z.array(z.string()).describe('For a defect: one action per item, without numbering.'),
  expected: z.string().describe('For a defect: what should happen.'),
  actual: z.string().describe('For a defect: what happens instead, with exact error texts.'),
  whatToDo: z.string().describe('For work to do: the work, concrete enough to start on.'),
  acceptanceCriteria: z.array(z.string()).describe('For work to do: one checkable statement per item, without checkbox marks.'),
});
export type TicketDescription = z.infer<typeof TicketDescription>;

export const TicketDraft = z.object({
  summary: Summary,
  issueType: z.string().trim().min(1),
  priority: z.union([Priority, z.literal(NO_PRIORITY)]),
  description: TicketDescription,
  labels: z.array(Label),
  sourceUrl: z.string(),
  sourceTitle: z.string(),
  /** BCP 47 language the text is written in (decides the headings' language). */
  language: z.string().min(1),
});
export type TicketDraft = z.infer<typeof TicketDraft>;

/**
 * What the model writes. The source link and the language are not asked for: they are known,
 * and a page's injected instructions must not be able to point the ticket somewhere else.
 */
export function ticketAnswerSchema(issueTypes: readonly [string, ...string[]]) {
  return TicketDraft.pick({ summary: true, description: true, labels: true }).extend({
    issueType: z.enum(issueTypes),
    priority: Priority,
  });
}

// Strict structured output (OpenAI, and providers behind LiteLLM that copy it) rejects length and
// pattern keywords; zod checks them after the answer arrives, and the repair prompt fixes them.
const KEYWORDS_MODELS_REJECT = ['minLength', 'maxLength', 'pattern'] as const;

export function ticketJsonSchema(issueTypes: readonly [string, ...string[]]): Record<string, unknown> {
  const schema: Record<string, unknown> = z.toJSONSchema(ticketAnswerSchema(issueTypes), {
    override: ({ jsonSchema }) => {
      for (const keyword of KEYWORDS_MODELS_REJECT) delete jsonSchema[keyword];
    },
  });
  // Nor is the dialect keyword in strict mode's documented subset; zod adds it after the overrides.
  delete schema.$schema;
  return schema;
}

/** The chat request's `response_format` when the model supports a response schema. */
export function ticketResponseFormat(issueTypes: readonly [string, ...string[]]) {
  return {
    type: 'json_schema' as const,
    json_schema: { name: 'jira_ticket', strict: true, schema: ticketJsonSchema(issueTypes) },
  };
}

/** Everything known before the model answers, which the answer is completed with. */
export interface AnswerContext {
  issueTypes: readonly [string, ...string[]];
  defaultLabels: readonly string[];
  language: string;
  sourceUrl: string;
  sourceTitle: string;
}

export type ParsedAnswer = { ok: true; draft: TicketDraft } | { ok: false; error: string; raw: string };

// A closing fence must start a line: JSON strings cannot hold a raw newline, so a fence inside a
// value (a code block in "actual") is never taken for the end of the answer.
const FENCED = /```(?:json)?[^\S\n]*\n([\s\S]*?)\n[^\S\n]*```/i;

function outermostBraces(text: string): string {
  return text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
}

/** The JSON in an answer: bare, inside a ```json fence, or with a sentence of preamble around it. */
function parseJson(answer: string): { ok: true; json: unknown } | { ok: false; error: string } {
  const fenced = FENCED.exec(answer)?.[1];
  const candidates = [answer.trim(), fenced, outermostBraces(fenced ?? answer), outermostBraces(answer)];
  let error = 'it is empty';
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { ok: true, json: JSON.parse(candidate) };
    } catch (problem) {
      error = (problem as Error).message;
    }
  }
  return { ok: false, error };
}

export function parseTicketAnswer(answer: string, context: AnswerContext): ParsedAnswer {
  const json = parseJson(answer);
  if (!json.ok) return { ok: false, error: `The answer is not a JSON object: ${json.error}`, raw: answer };
  const parsed = ticketAnswerSchema(context.issueTypes).safeParse(json.json);
  if (!parsed.success) return { ok: false, error: z.prettifyError(parsed.error), raw: answer };
  const labels = [...new Set([...context.defaultLabels, ...parsed.data.labels])];
  const draft = TicketDraft.safeParse({
    ...parsed.data,
    labels,
    language: context.language,
    sourceUrl: context.sourceUrl,
    sourceTitle: context.sourceTitle,
  });
  return draft.success ? { ok: true, draft: draft.data } : { ok: false, error: z.prettifyError(draft.error), raw: answer };
}
