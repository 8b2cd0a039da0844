/**
 * The worker's side of Ask: read the tab's document once per conversation, then answer each
 * question through the gateway with the earlier turns, the parts retrieval picked and the
 * conversation's session id. The side panel follows each state and the answer's added text live
 * (live.ts); storage gets every state and the growing answer about once a second, so closing and
 * reopening the panel loses nothing. Answers are only text: nothing in them is acted on.
 */
import type { ChatResult, GatewayConnection, RequestTags } from '../../gateway/client';
import { failureOf, GatewayError } from '../../gateway/errors';
import type { ChatRequest } from '../../gateway/wire';
import { pageProblem, type Problem, ProblemError } from '../../errors/problem';
import type { Extracted } from '../../extract/result';
import { holdWorkerAlive } from '../../jobs/keep-alive';
import type { Settings } from '../../settings/schema';
import { callInTurn, type QueueWait, RateQueue } from '../../jobs/rate-queue';
import { chunkMarkdown } from '../../summarize/chunk';
import { countMessageTokens, countTokens } from '../../summarize/tokens';
import { findCitations } from './citations';
import { type AskDocument, type AskTurn, type Conversation, isAnswering, sameDocument, type WholeAgreed, type WholeEstimate } from './conversation';
import type { TurnDelta } from './live';
import { askMessages, parseSuggestions, suggestMessages } from './prompt';
import { pageOfHeadings } from './citations';
import { selectParts } from './retrieval';

/** Small parts make precise citations: a part is a few paragraphs. */
export const PART_TOKENS = 300;
/** Room for the answer. */
export const ASK_ANSWER_TOKENS = 800;
/** Framing, instructions and the question around the parts. */
const PROMPT_RESERVE_TOKENS = 600;
/** When the gateway does not say how much a model reads: a conservative common window. */
const DEFAULT_CONTEXT_TOKENS = 8_000;
/**
 * What a question about a document that does not fit may carry: the best few dozen parts. Sending
 * as much as the model reads instead would make every question cost nearly a full window.
 */
export const RETRIEVAL_TOKENS = 12_000;
/**
 * How often a growing answer is written, as a job's (jobs/runner.ts): the side panel sees the text
 * live (live.ts), so storage is only for a panel opened later or a worker restarted. Written every
 * 60 ms, as before the feed, a panel re-read and re-parsed the conversation that often (issue #17).
 */
const WRITE_EVERY_MS = 1000;

export interface AskDeps {
  now(): number;
  newSessionId(): string;
  read(tabId: number): Promise<Conversation | null>;
  write(conversation: Conversation): Promise<void>;
  /** A conversation about a document the tab no longer shows, kept among the tab's earlier ones (store.ts). */
  keepEarlier(conversation: Conversation): Promise<void>;
  /** The tab's URL now, or null when it is gone. */
  tabUrl(tabId: number): Promise<string | null>;
  extract(tabId: number, selection: boolean): Promise<Extracted>;
  /** The summary of the whole document the person already made in this tab (map-reduce), or null. */
  summary(tabId: number, url: string): Promise<string | null>;
  /** Makes exact token counts available: parts are cut by them (the worker loads the tokenizer on first need). */
  exactTokens(): Promise<void>;
  connection(): Promise<GatewayConnection | null>;
  /** Why this model may not be used now (turned off, budget used up), or null. */
  admission(model: string): Promise<Problem | null>;
  /** The model's input window in tokens, when the gateway says. */
  contextTokens(model: string): Promise<number | null>;
  /** For a model that supports prompt caching, its per-token prices for plain and cached input; else null. */
  promptCaching(model: string): Promise<{ input: number; cacheRead: number } | null>;
  tags(): Promise<RequestTags>;
  tagsRejected(): Promise<void>;
  stream(conn: GatewayConnection, request: ChatRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult>;
  /** The worker's one rate-limit line, shared with jobs (lib/jobs/runner.ts): a rate-limited question waits its turn. */
  rateQueue?: RateQueue;
  /** The organization's settings: its cap on parts per job holds for searching the whole document too. */
  settings(): Promise<Settings>;
  /** What a call of that many tokens in and out would cost at the model's prices, or null when unknown. */
  estimate(model: string, promptTokens: number, answerTokens: number): Promise<number | null>;
  /** Cost of one call, the budget update and the usage line. */
  settle(model: string, result: ChatResult, conversation: Conversation): Promise<number | null>;
  /** Every state of a conversation, for the pages that follow it live (live.ts). */
  published?(conversation: Conversation): void;
  /** Text added to an answer since the state last published. */
  streamed?(tabId: number, delta: TurnDelta): void;
}

const noWait = () => undefined;

function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof GatewayError) return error.failure;
  return { ...failureOf(error), kind: 'internal' };
}

function interruptedProblem(): Problem {
  return { kind: 'interrupted', status: null, message: 'The extension restarted while the answer was being written.', retryAfterS: null, scope: null };
}

/** Prompt tokens the provider read from its cache, as LiteLLM reports them (OpenAI's field, or Anthropic's). */
function cachedTokensOf(result: ChatResult): number {
  return result.usage?.prompt_tokens_details?.cached_tokens ?? result.usage?.cache_read_input_tokens ?? 0;
}

export function documentOf(extracted: Extracted): NonNullable<Conversation['document']> {
  const kind = extracted.kind === 'selection' ? 'selection' : extracted.pages ? 'pdf' : 'page';
  const parts = chunkMarkdown(extracted.text, PART_TOKENS).map((part, i) => ({ id: i + 1, text: part.text, tokens: part.tokens, page: kind === 'pdf' ? pageOfHeadings(part.headings) : null }));
  return {
    title: extracted.title,
    url: extracted.url,
    kind,
    lang: extracted.lang,
    tokens: countTokens(extracted.text),
    parts,
  };
}

/** How many tokens of parts a question may carry, after the earlier turns, the framing and the answer. */
export function partBudget(contextTokens: number | null, historyTokens: number): number {
  return Math.max(PART_TOKENS, (contextTokens ?? DEFAULT_CONTEXT_TOKENS) - historyTokens - ASK_ANSWER_TOKENS - PROMPT_RESERVE_TOKENS);
}

/** The whole document when it fits the model's window (the same prefix every turn, which caches); else retrieval's share. */
export function questionBudget(parts: readonly { tokens: number }[], contextTokens: number | null, historyTokens: number): number {
  const window = partBudget(contextTokens, historyTokens);
  const total = parts.reduce((sum, p) => sum + p.tokens, 0);
  return total <= window ? window : Math.min(window, RETRIEVAL_TOKENS);
}

/** The whole document in runs of consecutive parts, each as much as one question may carry. */
export function wholeBatches(parts: readonly { id: number; tokens: number }[], budget: number): number[][] {
  const batches: number[][] = [];
  let tokens = 0;
  for (const part of parts) {
    const last = batches.at(-1);
    if (last && tokens + part.tokens <= budget) {
      last.push(part.id);
      tokens += part.tokens;
    } else {
      batches.push([part.id]);
      tokens = part.tokens;
    }
  }
  return batches;
}

/** The parts the map answers cited with a passage that backs the claim, most cited first. */
export function citedParts(answers: readonly string[], parts: AskDocument['parts']): number[] {
  const counts = new Map<number, number>();
  for (const answer of answers) for (const c of findCitations(answer, parts)) if (c.passage) counts.set(c.part, (counts.get(c.part) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
}

export class AskService {
  private readonly controllers = new Map<number, AbortController>();
  /** Opens in progress: two panels (or a panel reopened) asking at once share one reading of the tab. */
  private readonly opening = new Map<number, Promise<Conversation>>();
  /** Suggestions in progress per tab: one paid call at a time. */
  private readonly suggesting = new Map<number, Promise<Problem | null>>();
  /** Each tab's conversation while a question is answered, as the answer last changed it: storage is up to a second behind, and Stop keeps what was seen. */
  private readonly answering = new Map<number, Conversation>();

  private readonly rateQueue: RateQueue;

  constructor(private readonly deps: AskDeps) {
    this.rateQueue = deps.rateQueue ?? new RateQueue();
  }

  /** A state of the conversation: to the pages following it, then to storage. */
  private save(conversation: Conversation): Promise<void> {
    this.deps.published?.(conversation);
    return this.deps.write(conversation);
  }

  /** One gateway call in its turn in the worker's rate-limit line, as a job's call (lib/jobs/runner.ts). */
  private stream(conn: GatewayConnection, request: ChatRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal, onWait: (wait: QueueWait | null) => void): Promise<ChatResult> {
    const options = { signal, now: () => this.deps.now(), onWait };
    return callInTurn(this.rateQueue, options, (admitted) =>
      this.deps.stream(
        conn,
        request,
        tags,
        (delta) => {
          admitted();
          onDelta(delta);
        },
        signal,
      ),
    );
  }

  /**
   * The tab's conversation: the stored one while the tab still shows its document and it is about
   * what was asked for (the selection, or the whole page), else a new one read from the tab.
   */
  open(tabId: number, selection: boolean): Promise<Conversation> {
    const running = this.opening.get(tabId);
    if (running) return running;
    const opened = this.read(tabId, selection).finally(() => this.opening.delete(tabId));
    this.opening.set(tabId, opened);
    return opened;
  }

  private async read(tabId: number, selection: boolean): Promise<Conversation> {
    const [stored, url] = await Promise.all([this.deps.read(tabId), this.deps.tabUrl(tabId)]);
    // Opens in this worker are shared (`opening`), so one still 'reading' was left by a worker Chrome stopped: read again.
    const sameUrl = stored && url !== null && sameDocument(stored.url, url);
    const current = sameUrl && stored.status === 'ready';
    if (current && (stored.document?.kind === 'selection') === selection) {
      // An answer this worker is not writing was cut off when Chrome stopped an earlier worker (mv3-facts §3).
      if (!isAnswering(stored) || this.controllers.has(tabId)) return stored;
      const interrupted = { ...stored, turns: stored.turns.map((t) => (t.status === 'waiting' || t.status === 'streaming' ? { ...t, status: 'error' as const, problem: interruptedProblem() } : t)) };
      await this.save(interrupted);
      return interrupted;
    }
    this.controllers.get(tabId)?.abort();
    // The worker does not follow tab updates (a listener would wake it on every navigation in every
    // tab, issue #17): a tab that moved is found here, when the panel opens or sees its tab move.
    if (stored?.url && url && !sameUrl) await this.deps.keepEarlier(stored);
    let conversation: Conversation = { tabId, sessionId: this.deps.newSessionId(), url: url ?? '', status: 'reading', problem: null, document: null, turns: [] };
    await this.save(conversation);
    try {
      const [extracted] = await Promise.all([this.deps.extract(tabId, selection), this.deps.exactTokens()]);
      conversation = { ...conversation, status: 'ready', document: documentOf(extracted) };
    } catch (error) {
      conversation = { ...conversation, status: 'error', problem: problemOf(error) };
    }
    await this.save(conversation);
    return conversation;
  }

  async ask(tabId: number, question: string, model: string): Promise<Conversation | null> {
    const conversation = await this.deps.read(tabId);
    if (!conversation?.document || isAnswering(conversation) || !question.trim()) return conversation;
    const turn: AskTurn = { question: question.trim(), answer: '', status: 'waiting', problem: null, model, cost: null, usedParts: [], cachedTokens: 0, saved: null };
    return this.answer({ ...conversation, turns: [...conversation.turns, turn] });
  }

  /** Asks the last question again, in place of its answer. */
  async retry(tabId: number, model: string): Promise<Conversation | null> {
    const conversation = await this.deps.read(tabId);
    const last = conversation?.turns.at(-1);
    if (!conversation?.document || !last || isAnswering(conversation)) return conversation;
    const turn: AskTurn = { ...last, answer: '', status: 'waiting', problem: null, model, cost: null, usedParts: [], cachedTokens: 0, saved: null };
    return this.answer({ ...conversation, turns: [...conversation.turns.slice(0, -1), turn] });
  }

  /**
   * Suggested first questions, made only when the person asks for them (a paid call they chose); why
   * not, or null. A second request for the tab while one runs (a double click, a second panel) gets
   * the running one's outcome instead of paying for another call.
   */
  suggest(tabId: number, model: string): Promise<Problem | null> {
    const running = this.suggesting.get(tabId);
    if (running) return running;
    const made = this.makeSuggestions(tabId, model).finally(() => this.suggesting.delete(tabId));
    this.suggesting.set(tabId, made);
    return made;
  }

  private async makeSuggestions(tabId: number, model: string): Promise<Problem | null> {
    const conversation = await this.deps.read(tabId);
    const document = conversation?.document;
    if (!conversation || !document || conversation.suggestions) return null;
    try {
      const refused = await this.deps.admission(model);
      if (refused) return refused;
      const conn = await this.deps.connection();
      if (!conn) return pageProblem('not_configured');
      const usedParts = selectParts(document.parts, '', questionBudget(document.parts, await this.deps.contextTokens(model), 0));
      const request: ChatRequest = { model, messages: suggestMessages(document, usedParts), max_tokens: ASK_ANSWER_TOKENS };
      const tags: RequestTags = { ...(await this.deps.tags()), sessionId: conversation.sessionId };
      const result = await this.stream(conn, request, tags, noWait, new AbortController().signal, noWait);
      const cost = await this.deps.settle(model, result, conversation);
      // Turns may have been written meanwhile: add to the conversation as it is now.
      const latest = (await this.deps.read(tabId)) ?? conversation;
      await this.save({ ...latest, suggestions: { questions: parseSuggestions(result.text), cost } });
      return null;
    } catch (error) {
      return problemOf(error);
    }
  }

  /** The cost question before searching the whole document for the last question: calls, tokens, dollars. */
  async wholeEstimate(tabId: number, model: string): Promise<WholeEstimate | null> {
    const conversation = await this.deps.read(tabId);
    const question = conversation?.turns.at(-1)?.question;
    if (!conversation?.document || !question) return null;
    // A restarted worker has not loaded the tokenizer yet: the question counts exact tokens.
    await this.deps.exactTokens();
    const batches = wholeBatches(conversation.document.parts, partBudget(await this.deps.contextTokens(model), 0));
    const calls = batches.map((usedParts) => countMessageTokens(askMessages({ document: conversation.document!, usedParts, history: [], question, cache: false })));
    // Then one answer from the parts that held something: at most retrieval's share.
    const inputTokens = calls.reduce((sum, n) => sum + n, 0) + RETRIEVAL_TOKENS;
    // A fan-out past the organization's cap is named before anyone is asked to pay for it.
    const cap = (await this.deps.settings()).maxPartsPerJob;
    const problem = batches.length > cap ? pageProblem('too_many_parts', `${batches.length}/${cap}`) : null;
    return { calls: batches.length + 1, inputTokens, cost: await this.deps.estimate(model, inputTokens, ASK_ANSWER_TOKENS * (batches.length + 1)), problem };
  }

  /**
   * Asks the last question again of every part of the document, only after the person said yes
   * to the cost: `agreed` is the estimate they were shown, and the worker, working it out again,
   * refuses when it differs (another model, another document) or when the parts exceed the cap.
   */
  async searchWhole(tabId: number, model: string, agreed: WholeAgreed): Promise<Conversation | null> {
    const conversation = await this.deps.read(tabId);
    const last = conversation?.turns.at(-1);
    if (!conversation?.document || !last || isAnswering(conversation)) return conversation;
    const turn: AskTurn = { question: last.question, answer: '', status: 'waiting', problem: null, model, cost: null, usedParts: [], cachedTokens: 0, saved: null, whole: true };
    const estimate = await this.wholeEstimate(tabId, model);
    const problem =
      estimate?.problem ??
      (!estimate || estimate.calls !== agreed.calls || estimate.inputTokens !== agreed.inputTokens ? pageProblem('estimate_changed', `agreed ${agreed.calls} calls/${agreed.inputTokens} tokens`) : null);
    if (!problem) return this.answer({ ...conversation, turns: [...conversation.turns, turn] });
    const refused = { ...conversation, turns: [...conversation.turns, { ...turn, status: 'error' as const, problem }] };
    await this.save(refused);
    return refused;
  }

  async stop(tabId: number): Promise<Conversation | null> {
    // Taken before the abort: the answer may end, and drop its entry, within abort() itself (seen
    // in Chrome: the stop message's handler found the entry gone right after abort()).
    const answering = this.answering.get(tabId);
    this.controllers.get(tabId)?.abort();
    const conversation = answering ?? (await this.deps.read(tabId));
    if (!conversation || !isAnswering(conversation)) return conversation;
    const stopped = { ...conversation, turns: conversation.turns.map((t) => (t.status === 'waiting' || t.status === 'streaming' ? { ...t, status: 'stopped' as const } : t)) };
    await this.save(stopped);
    return stopped;
  }

  private async answer(start: Conversation): Promise<Conversation> {
    const release = holdWorkerAlive();
    const tabId = start.tabId;
    const controller = new AbortController();
    this.controllers.get(tabId)?.abort();
    this.controllers.set(tabId, controller);
    const { signal } = controller;
    let conversation = start;
    let lastWrite = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    // A new state goes to the pages and storage; a longer answer goes to storage only (`store`),
    // the pages having had its text as it came.
    const store = async (publish: boolean) => {
      clearTimeout(pending);
      pending = undefined;
      lastWrite = this.deps.now();
      if (!signal.aborted) await (publish ? this.save(conversation) : this.deps.write(conversation));
    };
    const flush = () => store(true);
    const setTurn = (patch: Partial<AskTurn>) => {
      const turns = conversation.turns;
      conversation = { ...conversation, turns: [...turns.slice(0, -1), { ...turns.at(-1)!, ...patch }] };
      this.answering.set(tabId, conversation);
    };
    this.answering.set(tabId, conversation);
    // Where the question stands in the rate-limit line, shown in its turn ("Waiting, position 2").
    const onWait = (wait: QueueWait | null) => {
      setTurn({ queuePosition: wait?.position ?? null });
      void flush();
    };
    await flush();
    const turn = conversation.turns.at(-1)!;
    const document = conversation.document!;
    try {
      const refused = await this.deps.admission(turn.model);
      if (refused) throw new ProblemError(refused);
      const conn = await this.deps.connection();
      if (!conn) throw new ProblemError(pageProblem('not_configured'));
      await this.deps.exactTokens();
      const history = conversation.turns.slice(0, -1).filter((t) => t.answer !== '' && t.status !== 'error');
      const historyTokens = countMessageTokens(history.flatMap((t) => [{ role: 'user' as const, content: t.question }, { role: 'assistant' as const, content: t.answer }]));
      const contextTokens = await this.deps.contextTokens(turn.model);
      let tags: RequestTags = { ...(await this.deps.tags()), sessionId: conversation.sessionId };
      let mapCost: number | null = 0;
      // A document that does not fit brings its earlier summary, when there is one: the parts say the
      // details, the summary the whole (never made for this: only a summary the person already paid for).
      const fits = questionBudget(document.parts, contextTokens, historyTokens) >= document.tokens;
      const summary = fits || turn.whole ? null : await this.deps.summary(tabId, document.url);
      const budget = questionBudget(document.parts, contextTokens, historyTokens + (summary ? countTokens(summary) : 0));
      let usedParts: number[];
      if (turn.whole) {
        // Map: every part read once, in runs as large as the model takes; the parts the answers cite are the ones to answer from.
        const answers: string[] = [];
        for (const batch of wholeBatches(document.parts, partBudget(contextTokens, 0))) {
          const request: ChatRequest = { model: turn.model, messages: askMessages({ document, usedParts: batch, history: [], question: turn.question, cache: false }), max_tokens: ASK_ANSWER_TOKENS };
          const result = await this.stream(conn, request, tags, noWait, signal, onWait);
          if (signal.aborted) return conversation;
          answers.push(result.text);
          const cost = await this.deps.settle(turn.model, result, conversation);
          mapCost = mapCost === null || cost === null ? null : mapCost + cost;
        }
        const cited = citedParts(answers, document.parts);
        usedParts = cited.length > 0 ? selectParts(document.parts.filter((p) => cited.includes(p.id)), turn.question, budget) : selectParts(document.parts, turn.question, budget);
      } else {
        usedParts = selectParts(document.parts, turn.question, budget);
      }
      setTurn({ usedParts, withSummary: summary !== null });
      await flush();
      const caching = await this.deps.promptCaching(turn.model);
      const messages = askMessages({ document, usedParts, history, question: turn.question, cache: caching !== null, summary });
      const request: ChatRequest = { model: turn.model, messages, max_tokens: ASK_ANSWER_TOKENS };
      const onDelta = (delta: string) => {
        const before = conversation.turns.at(-1)!;
        setTurn({ status: 'streaming', answer: before.answer + delta });
        // The first text makes the turn a streaming one: a new state, sent whole.
        if (before.status !== 'streaming') return void flush();
        this.deps.streamed?.(tabId, { sessionId: conversation.sessionId, turn: conversation.turns.length - 1, from: before.answer.length, text: delta });
        if (this.deps.now() - lastWrite >= WRITE_EVERY_MS) void store(false);
        else pending ??= setTimeout(() => void store(false), WRITE_EVERY_MS);
      };
      let result: ChatResult;
      try {
        result = await this.stream(conn, request, tags, onDelta, signal, onWait);
      } catch (error) {
        if (!(error instanceof GatewayError && error.failure.kind === 'tags_rejected' && tags.tags.length > 0)) throw error;
        await this.deps.tagsRejected();
        tags = { ...tags, tags: [] };
        result = await this.stream(conn, request, tags, onDelta, signal, onWait);
      }
      if (signal.aborted) return conversation;
      const cachedTokens = cachedTokensOf(result);
      setTurn({ status: 'done', answer: result.text, cachedTokens, saved: caching && cachedTokens > 0 ? cachedTokens * (caching.input - caching.cacheRead) : null });
      const cost = await this.deps.settle(turn.model, result, conversation);
      setTurn({ cost: cost === null || mapCost === null ? null : cost + mapCost });
    } catch (error) {
      if (signal.aborted) return conversation;
      setTurn({ status: 'error', problem: problemOf(error) });
    } finally {
      clearTimeout(pending);
      release();
      if (this.controllers.get(tabId) === controller) {
        this.controllers.delete(tabId);
        this.answering.delete(tabId);
      }
    }
    await this.save(conversation);
    return conversation;
  }
}
