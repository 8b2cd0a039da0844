/**
 * Summaries of documents of any length (issue #4): one call when the document fits the model's
 * context window, otherwise map-reduce — the document is split on its structure (chunk.ts), each
 * part is turned into notes in parallel within the key's rate limits, and the notes are combined,
 * in several rounds if they do not fit one call. Never a silent cut: every part is sent exactly
 * once, and the outcome says how much of the document it covers.
 *
 * The gateway is reached only through the injected `call`, so all of this runs in tests without a
 * network, and the background decides how a call is made (key, tags, streaming).
 */
import { ProblemError } from '../errors/problem';
import { wordCount } from '../extract/result';
import type { ChatMessage, Usage } from '../gateway/wire';
import { CallScheduler, type KeyLimits } from './call-scheduler';
import { chunkMarkdown, MIN_PART_TOKENS, type Part } from './chunk';
import { answerTokens as answerTokensFor, combineMessages, type Notes, partMessages, type SummaryRequest, summaryMessages } from './prompt';
import { countMessageTokens, countTokens, tokenBound, tokensAtMost } from './tokens';

export interface SummaryCallResult {
  text: string;
  usage: Usage | null;
  /** USD, or null when neither the gateway nor the model's prices say. */
  cost: number | null;
}

export interface SummaryCallOptions {
  signal: AbortSignal;
  maxTokens: number;
  /** Set only on the call whose answer is the summary itself, so the UI can stream it. */
  onDelta?: (text: string) => void;
}

export type SummaryCall = (messages: ChatMessage[], options: SummaryCallOptions) => Promise<SummaryCallResult>;

/** What /model/info says about the model. */
export interface ModelContext {
  maxInputTokens?: number | null;
  maxOutputTokens?: number | null;
  supportsPromptCaching?: boolean | null;
}

/**
 * Share of the context window left unused. Token counts here are o200k's (tokens.ts), exact for
 * OpenAI models only; other vendors' tokenizers count the same text differently, often higher.
 * If a tokenizer differs by more, the gateway's context-window error still reaches the person.
 */
export const TOKENIZER_MARGIN = 0.15;
/** The window assumed when /model/info gives none: small enough for any current chat model. */
export const UNKNOWN_CONTEXT_TOKENS = 8192;
/**
 * Largest part, even for models with huge windows: the notes on a part have a fixed length, so
 * beyond this a part's detail is lost to compression rather than summarized, and models attend
 * less to the middle of long inputs (Liu et al., "Lost in the Middle", 2023).
 */
export const MAX_PART_TOKENS = 32_000;
/** Parallel calls when the key states no rate limits. */
export const DEFAULT_CONCURRENCY = 4;
/**
 * Chrome opens at most 6 HTTP/1.1 connections per host; streams beyond that would wait in the
 * browser, holding a slot of ours without making progress.
 */
export const MAX_CONCURRENCY = 6;

export interface PlannedCall {
  messages: ChatMessage[];
  promptTokens: number;
  maxTokens: number;
}

/** What the answer covers: "summary of 42 pages / 38,000 words". */
export interface Coverage {
  words: number;
  tokens: number;
  parts: number;
  /** Pages of a PDF, when the caller knows them. */
  pages: number | null;
}

/** The arithmetic behind the plan, so the UI and the estimate can show it. */
export interface ContextBudget {
  /** The model's max_input_tokens (or UNKNOWN_CONTEXT_TOKENS). */
  window: number;
  /** window × (1 − TOKENIZER_MARGIN): what prompts plus answers may take. */
  usable: number;
  /** max_tokens of the call that writes the summary. */
  answerTokens: number;
  /** max_tokens of each call that writes notes. */
  notesTokens: number;
}

interface PlanBase {
  request: SummaryRequest;
  budget: ContextBudget;
  coverage: Coverage;
  limits: KeyLimits;
}

export type SummaryPlan =
  | (PlanBase & { mode: 'single'; call: PlannedCall })
  | (PlanBase & { mode: 'map-reduce'; parts: Part[]; mapCalls: PlannedCall[] });

export interface PlanOptions {
  model: ModelContext;
  limits?: KeyLimits;
  pages?: number | null;
}

function tooSmall(message: string): ProblemError {
  return new ProblemError({ kind: 'context_window', status: null, message, retryAfterS: null, scope: null });
}

export function contextBudget(request: SummaryRequest, model: ModelContext): ContextBudget {
  const window = model.maxInputTokens ?? UNKNOWN_CONTEXT_TOKENS;
  const answerTokens = Math.min(answerTokensFor(request), model.maxOutputTokens ?? Infinity);
  // Notes on a part get the same room as the final answer: the combination then has as much to
  // work with for each part as one call would have had for the whole document.
  return { window, usable: Math.floor(window * (1 - TOKENIZER_MARGIN)), answerTokens, notesTokens: answerTokens };
}

/**
 * Tokens a text adds where it is joined into a prompt: its own count, plus one for each seam, where
 * BPE may merge differently than in the text alone.
 */
const inPrompt = (tokens: number) => tokens + 2;

/**
 * What one call may take: the usable window, and under a TPM limit the minute's allowance too
 * (the scheduler reserves prompt + answer against it, and a call over it could only go alone).
 */
function callRoom(budget: ContextBudget, limits: KeyLimits): number {
  return Math.min(budget.usable, limits.tpm ?? Infinity);
}

/** Decides between one call and map-reduce, and prepares every call of the map stage. */
export function planSummary(request: SummaryRequest, options: PlanOptions): SummaryPlan {
  const budget = contextBudget(request, options.model);
  const limits = options.limits ?? {};
  const room = callRoom(budget, limits);
  const documentTokens = countTokens(request.text);
  const coverage = (parts: number): Coverage => ({ words: wordCount(request.text), tokens: documentTokens, parts, pages: options.pages ?? null });

  const singleTokens = countMessageTokens(summaryMessages({ ...request, text: '' })) + inPrompt(documentTokens);
  if (singleTokens + budget.answerTokens <= room) {
    return { mode: 'single', request, budget, coverage: coverage(1), limits, call: { messages: summaryMessages(request), promptTokens: singleTokens, maxTokens: budget.answerTokens } };
  }

  const caching = options.model.supportsPromptCaching === true;
  const frame = (headings: string[], index: number, total: number) => countMessageTokens(partMessages(request, { text: '', index, total, headings }, caching));
  // Room for a part's text: the call's room less the prompt around the text and the notes. The
  // headings quoted in that prompt vary by part, so each call is checked after splitting, and the
  // limit lowered by any overflow.
  let limit = Math.min(MAX_PART_TOKENS, room - budget.notesTokens - inPrompt(frame([], 0, 1)));
  for (;;) {
    if (limit < MIN_PART_TOKENS) throw tooSmall(`The model's context window (${budget.window} tokens) or the key's TPM limit is too small to summarize this document in parts.`);
    const parts = chunkMarkdown(request.text, limit);
    const mapCalls = parts.map((part, index) => ({
      messages: partMessages(request, { text: part.text, index, total: parts.length, headings: part.headings }, caching),
      promptTokens: frame(part.headings, index, parts.length) + inPrompt(part.tokens),
      maxTokens: budget.notesTokens,
    }));
    const overflow = Math.max(...mapCalls.map((call) => call.promptTokens + call.maxTokens)) - room;
    if (overflow <= 0) return { mode: 'map-reduce', request, budget, coverage: coverage(parts.length), limits, parts, mapCalls };
    limit -= overflow;
  }
}

/**
 * The one-call plan priced from tokenBound alone, with no tokenizer loaded: or null when the bound
 * does not show that the document fits. Its counts are upper bounds, so a cost it shows is never
 * low; the caller plans exactly (planSummary) when the bound is too coarse to decide.
 */
export function planSingleByBound(request: SummaryRequest, options: PlanOptions): SummaryPlan | null {
  const budget = contextBudget(request, options.model);
  const limits = options.limits ?? {};
  const messages = summaryMessages(request);
  // Bytes add up across seams, so the whole prompt's bound is simply the sum of its texts'.
  const promptTokens = countMessageTokens(messages, tokenBound);
  if (promptTokens + budget.answerTokens > callRoom(budget, limits)) return null;
  const coverage: Coverage = { words: wordCount(request.text), tokens: tokenBound(request.text), parts: 1, pages: options.pages ?? null };
  return { mode: 'single', request, budget, coverage, limits, call: { messages, promptTokens, maxTokens: budget.answerTokens } };
}

/** Notes on a run of consecutive parts [first, last]. */
interface PartNotes {
  first: number;
  last: number;
  text: string;
}

function labelled(notes: PartNotes, total: number): Notes {
  const label = notes.first === notes.last ? `Part ${notes.first + 1} of ${total}` : `Parts ${notes.first + 1}–${notes.last + 1} of ${total}`;
  return { label, text: notes.text };
}

/**
 * Consecutive notes grouped so that each group's combining call fits `room`: greedy, in document
 * order. `noteTokens` are the notes' sizes as they appear in the prompt.
 */
export function groupNotes(noteTokens: readonly number[], frameTokens: number, room: number, answerTokens: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let size = frameTokens + answerTokens;
  noteTokens.forEach((tokens, index) => {
    if (current.length > 0 && size + tokens > room) {
      groups.push(current);
      current = [];
      size = frameTokens + answerTokens;
    }
    current.push(index);
    size += tokens;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

function noteTokens(notes: PartNotes, total: number): number {
  const { label, text } = labelled(notes, total);
  return inPrompt(countTokens(`## ${label}\n\n${text.trim()}`));
}

function combineCall(request: SummaryRequest, notes: readonly PartNotes[], total: number, final: boolean, maxTokens: number): PlannedCall {
  const messages = combineMessages(request, notes.map((n) => labelled(n, total)), final);
  return { messages, promptTokens: countMessageTokens(messages), maxTokens };
}

function noRoomToCombine(budget: ContextBudget): ProblemError {
  return tooSmall(`The model's context window (${budget.window} tokens) is too small to combine the notes on the parts of this document.`);
}

/**
 * Every call the plan will make, by the plan's own numbers: the combining rounds are worked out
 * as if every note used its whole answer budget, so this is an upper bound (estimate.ts).
 */
export function expectedCalls(plan: SummaryPlan): { stage: 'single' | 'map' | 'reduce'; promptTokens: number; maxTokens: number }[] {
  if (plan.mode === 'single') return [{ stage: 'single', promptTokens: plan.call.promptTokens, maxTokens: plan.call.maxTokens }];
  const { request, budget } = plan;
  const room = callRoom(budget, plan.limits);
  const total = plan.parts.length;
  const calls: ReturnType<typeof expectedCalls> = plan.mapCalls.map((call) => ({ stage: 'map', promptTokens: call.promptTokens, maxTokens: call.maxTokens }));
  const fullNotes = (first: number, last: number): PartNotes => ({ first, last, text: 'x '.repeat(budget.notesTokens) });
  const finalFrame = countMessageTokens(combineMessages(request, [], true));
  const mergeFrame = countMessageTokens(combineMessages(request, [], false));
  let round = plan.parts.map((_, index) => fullNotes(index, index));
  for (;;) {
    const sizes = round.map((notes) => noteTokens(notes, total));
    const finalTokens = finalFrame + sizes.reduce((sum, size) => sum + size, 0);
    if (finalTokens + budget.answerTokens <= room) {
      calls.push({ stage: 'reduce', promptTokens: finalTokens, maxTokens: budget.answerTokens });
      return calls;
    }
    const groups = groupNotes(sizes, mergeFrame, room, budget.notesTokens);
    if (groups.length === round.length) throw noRoomToCombine(budget);
    round = groups.map((group) => {
      if (group.length > 1) calls.push({ stage: 'reduce', promptTokens: mergeFrame + group.reduce((sum, i) => sum + sizes[i]!, 0), maxTokens: budget.notesTokens });
      return fullNotes(round[group[0]!]!.first, round[group.at(-1)!]!.last);
    });
  }
}

export interface SummaryProgress {
  stage: 'map' | 'reduce';
  done: number;
  /** Reduce: the calls known so far; it grows if the notes need another combining round. */
  total: number;
}

export interface RunOptions {
  call: SummaryCall;
  signal?: AbortSignal;
  onProgress?: (progress: SummaryProgress) => void;
  /** Receives the summary as it streams (only the last call writes it). */
  onDelta?: (text: string) => void;
  /** Overrides the parallelism derived from the key's limits (the benchmark compares with 1). */
  concurrency?: number;
}

export interface SummaryTotals {
  calls: number;
  /** From each call's usage; the planned count for a call whose usage was not reported. */
  inputTokens: number;
  outputTokens: number;
  /**
   * Sum over all calls, or null as soon as one call's cost is unknown: a partial sum shown as "the
   * cost" would understate it, and pricing.ts never invents a figure either.
   */
  costUsd: number | null;
}

export interface SummaryOutcome {
  text: string;
  mode: SummaryPlan['mode'];
  coverage: Coverage;
  totals: SummaryTotals;
}

/** Parallel calls the key's limits allow for calls of up to `tokensPerCall` (prompt + answer). */
export function concurrencyFor(limits: KeyLimits, tokensPerCall: number): number {
  if (limits.rpm == null && limits.tpm == null) return DEFAULT_CONCURRENCY;
  const byTpm = limits.tpm == null ? MAX_CONCURRENCY : Math.floor(limits.tpm / Math.max(1, tokensPerCall));
  return Math.max(1, Math.min(MAX_CONCURRENCY, limits.rpm ?? MAX_CONCURRENCY, byTpm));
}

export async function runSummary(plan: SummaryPlan, options: RunOptions): Promise<SummaryOutcome> {
  const outer = options.signal;
  outer?.throwIfAborted();
  // One controller for every call: Stop, or the failure of any call, cancels all the others.
  const controller = new AbortController();
  const signal = controller.signal;
  const stop = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', stop, { once: true });

  const calls = plan.mode === 'single' ? [plan.call] : plan.mapCalls;
  const widest = Math.max(...calls.map((call) => call.promptTokens + call.maxTokens));
  const scheduler = new CallScheduler(plan.limits, options.concurrency ?? concurrencyFor(plan.limits, widest));
  const totals: SummaryTotals = { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  let costKnown = true;

  const send = async (planned: PlannedCall, onDelta?: (text: string) => void): Promise<string> => {
    const result = await scheduler.run(
      planned.promptTokens + planned.maxTokens,
      signal,
      () => options.call(planned.messages, { signal, maxTokens: planned.maxTokens, ...(onDelta ? { onDelta } : {}) }),
      (done) => (done.usage ? done.usage.prompt_tokens + done.usage.completion_tokens : null),
    );
    totals.calls++;
    totals.inputTokens += result.usage?.prompt_tokens ?? planned.promptTokens;
    totals.outputTokens += result.usage?.completion_tokens ?? tokensAtMost(result.text);
    if (result.cost === null) costKnown = false;
    else totals.costUsd! += result.cost;
    return result.text;
  };

  try {
    const text = plan.mode === 'single' ? await send(plan.call, options.onDelta) : await mapReduce(plan, send, options);
    return { text, mode: plan.mode, coverage: plan.coverage, totals: { ...totals, costUsd: costKnown ? totals.costUsd : null } };
  } catch (error) {
    controller.abort(error);
    throw error;
  } finally {
    outer?.removeEventListener('abort', stop);
  }
}

type Send = (planned: PlannedCall, onDelta?: (text: string) => void) => Promise<string>;

async function mapReduce(plan: Extract<SummaryPlan, { mode: 'map-reduce' }>, send: Send, options: RunOptions): Promise<string> {
  const { request, budget } = plan;
  const total = plan.parts.length;
  const progress = options.onProgress ?? (() => undefined);

  let mapped = 0;
  progress({ stage: 'map', done: 0, total });
  let round: PartNotes[] = await Promise.all(
    plan.mapCalls.map(async (call, index) => {
      const text = await send(call);
      progress({ stage: 'map', done: ++mapped, total });
      return { first: index, last: index, text };
    }),
  );

  const room = callRoom(budget, plan.limits);
  const mergeFrame = countMessageTokens(combineMessages(request, [], false));
  let combined = 0;
  for (;;) {
    const final = combineCall(request, round, total, true, budget.answerTokens);
    if (final.promptTokens + final.maxTokens <= room) {
      progress({ stage: 'reduce', done: combined, total: combined + 1 });
      const summary = await send(final, options.onDelta);
      progress({ stage: 'reduce', done: combined + 1, total: combined + 1 });
      return summary;
    }
    const groups = groupNotes(
      round.map((notes) => noteTokens(notes, total)),
      mergeFrame,
      room,
      budget.notesTokens,
    );
    if (groups.length === round.length) throw noRoomToCombine(budget);
    const merges = groups.filter((group) => group.length > 1).length;
    const roundTotal = combined + merges + 1;
    progress({ stage: 'reduce', done: combined, total: roundTotal });
    const current = round;
    round = await Promise.all(
      groups.map(async (group) => {
        const members = group.map((i) => current[i]!);
        if (members.length === 1) return members[0]!;
        const text = await send(combineCall(request, members, total, false, budget.notesTokens));
        progress({ stage: 'reduce', done: ++combined, total: roundTotal });
        return { first: members[0]!.first, last: members.at(-1)!.last, text };
      }),
    );
  }
}
