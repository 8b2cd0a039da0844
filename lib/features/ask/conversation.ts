/** A conversation about one document, as stored per tab (storage/items.ts `askItems`) and shown by the side panel. */
import { z } from 'zod';
import { Problem } from '../../errors/problem';

/** One numbered part of the document (summarize/chunk.ts), the unit the model cites as [n]. */
export const AskPart = z.object({
  id: z.number().int(),
  text: z.string(),
  tokens: z.number().int(),
  /** For a PDF, the page the part starts on (pdf/text.ts marks each page with a heading); else null. */
  page: z.number().int().nullable().optional(),
});
export type AskPart = z.infer<typeof AskPart>;

export const AskDocument = z.object({
  title: z.string(),
  url: z.string(),
  kind: z.enum(['page', 'selection', 'pdf']),
  lang: z.string(),
  tokens: z.number().int(),
  parts: z.array(AskPart),
});
export type AskDocument = z.infer<typeof AskDocument>;

export const AskTurn = z.object({
  question: z.string(),
  answer: z.string(),
  status: z.enum(['waiting', 'streaming', 'done', 'stopped', 'error']),
  problem: Problem.nullable(),
  model: z.string(),
  /** USD; null when the gateway did not say and the price is unknown. */
  cost: z.number().nullable(),
  /** The parts the question was asked with, ascending; all of them when the document fits. */
  usedParts: z.array(z.number().int()),
  /** Prompt tokens the provider read from its cache (the document sent again as the same prefix). */
  cachedTokens: z.number().int().optional(),
  /** USD those cached tokens saved against the plain input price; null when none were cached. */
  saved: z.number().nullable().optional(),
  /** Asked of the whole document: every part read (map), then answered from the parts that held something. */
  whole: z.boolean().optional(),
  /** The question also carried the document's summary the person made earlier (a document that does not fit). */
  withSummary: z.boolean().optional(),
  /** While the key's rate limit holds the question back: its place in the worker's line (1 = next). */
  queuePosition: z.number().int().nullable().optional(),
});
export type AskTurn = z.infer<typeof AskTurn>;

export const Conversation = z.object({
  tabId: z.number().int(),
  /** Sent as `x-litellm-session-id`, so the gateway groups the conversation's requests (addendum §4). */
  sessionId: z.string(),
  /** The tab's URL when the document was read: a tab that moved elsewhere starts a new conversation. */
  url: z.string(),
  status: z.enum(['reading', 'ready', 'error']),
  problem: Problem.nullable(),
  document: AskDocument.nullable(),
  turns: z.array(AskTurn),
  /** First questions the person asked to have suggested, with what that call cost (USD, null when unknown). */
  suggestions: z.object({ questions: z.array(z.string()), cost: z.number().nullable() }).optional(),
});
export type Conversation = z.infer<typeof Conversation>;

/** What searching the whole document will take, asked before it starts. */
export const WholeEstimate = z.object({
  calls: z.number().int(),
  inputTokens: z.number().int(),
  cost: z.number().nullable(),
  /** Why the search would be refused whatever the person says (more parts than the organization allows per job), or null. */
  problem: Problem.nullable(),
});
export type WholeEstimate = z.infer<typeof WholeEstimate>;
/** The figures of the estimate the person said yes to, which the worker checks before it searches. */
export const WholeAgreed = WholeEstimate.pick({ calls: true, inputTokens: true });
export type WholeAgreed = z.infer<typeof WholeAgreed>;

export const isAnswering = (conversation: Conversation | null) => conversation?.turns.some((turn) => turn.status === 'waiting' || turn.status === 'streaming') ?? false;

/** The conversation's total cost; null as soon as one turn's cost is unknown, so it never understates. */
export function totalCost(conversation: Conversation): number | null {
  if (conversation.suggestions && conversation.suggestions.cost === null) return null;
  let total = conversation.suggestions?.cost ?? 0;
  for (const turn of conversation.turns) {
    if (turn.status === 'waiting' || turn.status === 'streaming') continue;
    if (turn.cost === null) {
      if (turn.answer === '') continue;
      return null;
    }
    total += turn.cost;
  }
  return total;
}

/** Same document: the URL without its fragment (a jump to an anchor is still the same page). */
export const sameDocument = (a: string, b: string) => a.split('#')[0] === b.split('#')[0];
