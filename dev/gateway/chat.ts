/**
 * `POST /v1/chat/completions` (and `/chat/completions`): the checks in LiteLLM's order (tag
 * policy, auth, rate limit, router, provider), the offline model's answer as one completion or as
 * SSE, spend charged from real token counts, and one spend-log line per request, failed or not.
 */
import { randomUUID } from 'node:crypto';
import { ChatRequest } from '../../lib/gateway/wire';
import { sleep, untilAborted, writeWithBackpressure } from './abort';
import { authenticate, keyFromHeaders } from './auth';
import { chunkBody, completionBody, type CompletionIdentity, usageChunkBody } from './chat-bodies';
import type { LogEntry } from './control-api';
import * as errors from './errors';
import type { GatewayError } from './errors';
import { injectedError, type StreamFaults } from './faults';
import { APPLIED_GUARDRAILS_HEADER, runGuardrails } from './guardrails';
import { headerValue, parseJson, readBody, sendError, sendJson } from './http';
import type { KeyAccount } from './key-store';
import { hashKey } from './keys';
import type { Model } from './models';
import { type OfflineAnswer, offlineAnswer, streamPieces } from './offline-model';
import type { CacheUse } from './prompt-cache';
import { isoUtc } from './py-format';
import { litellmHeaders } from './response-headers';
import { costParts, type TokenUsage, usageBody } from './spend';
import { SSE_DONE, SSE_HEADERS, sseEvent } from './sse';
import type { RequestContext } from './state';
import { countPrompt, countTokens } from './tokens';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/**
 * Request tags (contract §1.2): `metadata.tags` and top-level `tags` from the body; the
 * `x-litellm-tags` header only when the body has none ("body tags win"), then the key's own
 * default tags. LiteLLM's automatic `User-Agent: …` tag is left out of the simulator's log.
 */
function requestTags(req: RequestContext['req'], body: Record<string, unknown>, keyMetadata: Record<string, unknown> | undefined): string[] {
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  const fromBody = [...strings(metadata.tags), ...strings(body.tags)];
  const fromHeader = (headerValue(req, 'x-litellm-tags') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return [...new Set([...(fromBody.length > 0 ? fromBody : fromHeader), ...strings(keyMetadata?.tags)])];
}

/** The end user, by LiteLLM's priority: customer/end-user headers, then body `user`, then `metadata.user_id`. */
function endUser(req: RequestContext['req'], body: Record<string, unknown>): string | null {
  const fromHeader = headerValue(req, 'x-litellm-customer-id') ?? headerValue(req, 'x-litellm-end-user-id');
  if (fromHeader) return fromHeader;
  if (typeof body.user === 'string') return body.user;
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  return typeof metadata.user_id === 'string' ? metadata.user_id : null;
}

/**
 * `get_chain_id_from_headers`: `x-litellm-trace-id`, then `x-litellm-session-id`, then any
 * `x-<vendor>-session-id` with an id-like value; then the body's `litellm_session_id`; an untagged
 * request is a session of its own.
 */
function sessionId(req: RequestContext['req'], body: Record<string, unknown>): string {
  const fromHeaders = headerValue(req, 'x-litellm-trace-id') ?? headerValue(req, 'x-litellm-session-id');
  if (fromHeaders) return fromHeaders;
  for (const [name, value] of Object.entries(req.headers)) {
    if (/^x-[a-z0-9-]+-session-id$/.test(name) && typeof value === 'string' && /^[A-Za-z0-9_-]{8,}$/.test(value)) return value;
  }
  return typeof body.litellm_session_id === 'string' ? body.litellm_session_id : randomUUID();
}

function hasCacheControl(messages: unknown): boolean {
  return Array.isArray(messages) && messages.some((m) => isRecord(m) && Array.isArray(m.content) && m.content.some((part) => isRecord(part) && part.cache_control !== undefined));
}

/** `x-litellm-timeout`, seconds as a float (contract §1.2), in ms; null when absent or not a positive number. */
function requestTimeoutMs(req: RequestContext['req']): number | null {
  const seconds = Number.parseFloat(headerValue(req, 'x-litellm-timeout') ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`).join('; ');
}

/** One accepted call on its way out: what was asked, what the model answers, where it is logged. */
interface Call {
  ctx: RequestContext;
  callId: string;
  entry: LogEntry;
  account: KeyAccount | null;
  model: Model;
  identity: CompletionIdentity;
  startedAt: number;
  promptTokens: number;
  cache: CacheUse;
  answer: OfflineAnswer;
  includeUsage: boolean;
  remaining: { requests: number | null; tokens: number | null };
  /** `x-litellm-timeout` in ms: a provider slower than this fails the call with a 408. */
  timeoutMs: number | null;
  /** The guardrails that ran (`x-litellm-applied-guardrails`). */
  appliedGuardrails: string[];
  /** A guardrail in passthrough mode answered before any model ran: usage and cost are 0 (addendum §5). */
  blockedByGuardrail: boolean;
}

const msSince = (start: number) => Math.round((performance.now() - start) * 1000) / 1000;

function finishLog(ctx: RequestContext, entry: LogEntry, startedAt: number, status: number, closedByClient = false): void {
  entry.status = status;
  entry.closedByClient = closedByClient;
  entry.latencyMs = msSince(startedAt);
  ctx.state.log.push(entry);
}

/** Charges the call for the prompt and the completion tokens the client was sent. */
function settle(call: Call, completionText: string): { usage: TokenUsage; cost: number; parts: { input: number; output: number } } {
  const { state } = call.ctx;
  const usage: TokenUsage = call.blockedByGuardrail
    ? { promptTokens: 0, completionTokens: 0, cacheReadTokens: 0, cacheCreationTokens: 0 }
    : { promptTokens: call.promptTokens, completionTokens: countTokens(completionText), ...call.cache };
  const parts = costParts(usage, call.model);
  const cost = parts.input + parts.output;
  if (call.account) {
    state.keys.charge(call.account, cost, call.model.model_name, call.entry.user, call.entry.tags);
    state.rateLimiter.addTokens(call.account.hash, usage.completionTokens, state.clock.now());
  }
  Object.assign(call.entry, { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cost });
  return { usage, cost, parts };
}

function callHeaders(call: Call, extra: { keySpend: number; responseCost?: number; costBreakdown: { input: number; output: number } }): Record<string, string> {
  const headers = litellmHeaders({
    callId: call.callId,
    model: call.model,
    account: call.account,
    durationMs: performance.now() - call.startedAt,
    remainingRequests: call.remaining.requests,
    remainingTokens: call.remaining.tokens,
    ...extra,
  });
  return call.appliedGuardrails.length > 0 ? { ...headers, [APPLIED_GUARDRAILS_HEADER]: call.appliedGuardrails.join(',') } : headers;
}

function withContent(answer: OfflineAnswer, content: string | null): OfflineAnswer {
  return content === null ? answer : { ...answer, content };
}

/** Joins the pieces into at most `max` chunks, keeping their order and text. */
function mergePieces(pieces: string[], max: number | null): string[] {
  if (max === null || pieces.length <= max) return pieces;
  const size = Math.ceil(pieces.length / max);
  return Array.from({ length: Math.ceil(pieces.length / size) }, (_, i) => pieces.slice(i * size, (i + 1) * size).join(''));
}

/**
 * Waits `ms` for the provider, or only until the call's timeout when the provider is slower than
 * that. False when the client left (logged as 499); 'timeout' after answering the 408.
 */
async function awaitProvider(call: Call, ms: number, fail: (error: GatewayError) => void): Promise<boolean | 'timeout'> {
  const { ctx } = call;
  const timedOut = call.timeoutMs !== null && ms > call.timeoutMs;
  if (!(await sleep(timedOut ? (call.timeoutMs ?? 0) : ms, ctx.signal))) {
    // LiteLLM skips post-call logging when a client disconnects before any answer (BerriAI/litellm#13245): nothing is charged.
    finishLog(ctx, call.entry, call.startedAt, 499, !ctx.closing());
    return false;
  }
  if (!timedOut) return true;
  fail(errors.upstreamTimeout(call.model.model_name, (call.timeoutMs ?? 0) / 1000));
  return 'timeout';
}

async function answerAtOnce(call: Call, faults: StreamFaults, fail: (error: GatewayError) => void): Promise<void> {
  const { ctx, answer } = call;
  // A non-streamed answer arrives when the whole generation would have: first token plus the rest.
  const generation = faults.ttftMs + faults.perChunkMs * Math.max(0, streamPieces(answer.content).length - 1);
  if ((await awaitProvider(call, generation, fail)) !== true) return;
  const { usage, cost, parts } = settle(call, answer.content);
  const headers = callHeaders(call, { keySpend: call.account ? call.account.live.spend : cost, responseCost: cost, costBreakdown: parts });
  finishLog(ctx, call.entry, call.startedAt, 200);
  sendJson(ctx.res, 200, completionBody(call.identity, answer.content, answer.finishReason, usageBody(usage, call.model)), { ...ctx.cors, ...headers });
}

type StreamEnd = 'complete' | 'cut' | 'error' | 'stall' | 'aborted';

function faultAt(faults: StreamFaults, sent: number): StreamEnd | null {
  if (faults.cutAfterChunks === sent) return 'cut';
  if (faults.midStreamErrorAfter === sent) return 'error';
  if (faults.stallAfterChunks === sent) return 'stall';
  return null;
}

/** A chunk that fails the chunk schema: LiteLLM's shape with `created` left out. */
function badChunk(identity: CompletionIdentity, content: string): string {
  const { created: _created, ...chunk } = chunkBody(identity, { content });
  return sseEvent(chunk);
}

/**
 * Streams the answer. Headers go out with the first chunk, after the time to first token: LiteLLM
 * waits for the first chunk so that an error there can still be a plain JSON error (contract
 * §1.3). A stream that ends early is billed for what was sent, as LiteLLM has done since mid-2026
 * (BerriAI/litellm#33736).
 */
async function answerAsStream(call: Call, faults: StreamFaults, fail: (error: GatewayError) => void): Promise<void> {
  const { ctx, identity } = call;
  const { res, signal } = ctx;
  const preCallSpend = call.account?.live.spend ?? 0;
  // Gone before the first chunk: nothing was streamed, so, like a non-streamed call, nothing is charged.
  if ((await awaitProvider(call, faults.ttftMs, fail)) !== true) return;
  call.entry.firstByteMs = msSince(call.startedAt);
  res.writeHead(200, { ...ctx.cors, ...callHeaders(call, { keySpend: preCallSpend, costBreakdown: { input: 0, output: 0 } }), ...SSE_HEADERS });
  const send = (data: string) => writeWithBackpressure(res, data, signal);
  let sentText = '';
  let end: StreamEnd = (await send(sseEvent(chunkBody(identity, { role: 'assistant', content: '' })))) ? 'complete' : 'aborted';
  const pieces = mergePieces(streamPieces(call.answer.content), faults.maxChunks);
  // Chunks are due on a fixed schedule from the first one, so timer lateness does not add up.
  const firstChunkAt = performance.now();
  for (let sent = 0; end === 'complete' && sent <= pieces.length; sent++) {
    end = faultAt(faults, sent) ?? 'complete';
    const piece = pieces[sent];
    if (end !== 'complete' || piece === undefined) break;
    const chunk = faults.badChunkAfter === sent ? badChunk(identity, piece) : sseEvent(chunkBody(identity, { content: piece }));
    const due = await sleep(firstChunkAt + sent * faults.perChunkMs - performance.now(), signal);
    if (due && call.entry.firstTextMs === null) call.entry.firstTextMs = msSince(call.startedAt);
    const delivered =
      due &&
      (faults.malformedAfter !== sent || (await send(`${chunk.slice(0, Math.ceil(chunk.length / 2))}\n\n`))) &&
      (await send(chunk));
    if (delivered) sentText += piece;
    else end = 'aborted';
  }
  const { usage, cost } = settle(call, sentText);
  switch (end) {
    // The log line is written before the last event: a client that has read the end of the
    // stream must find the call in the log (tests read it as soon as the answer is shown).
    case 'complete':
      await send(sseEvent(chunkBody(identity, {}, call.answer.finishReason)));
      if (call.includeUsage) await send(sseEvent(usageChunkBody(identity, usageBody(usage, call.model), cost)));
      finishLog(ctx, call.entry, call.startedAt, 200);
      await send(SSE_DONE);
      res.end();
      return;
    case 'error':
      finishLog(ctx, call.entry, call.startedAt, 200);
      await send(sseEvent(errors.midStreamFailure().body));
      res.end();
      return;
    case 'stall':
      // Headers and the first chunks went out; nothing more ever comes, until the client gives up.
      await untilAborted(signal);
      finishLog(ctx, call.entry, call.startedAt, 200, !ctx.closing());
      return;
    case 'cut':
      finishLog(ctx, call.entry, call.startedAt, 200);
      // end(), not destroy(): the chunks already written reach the client before the connection
      // closes, without the terminating chunk, as when a proxy in between drops it.
      res.socket?.end();
      return;
    case 'aborted':
      finishLog(ctx, call.entry, call.startedAt, 200, !ctx.closing());
  }
}

export async function handleChat(ctx: RequestContext): Promise<void> {
  const { req, res, state } = ctx;
  const { config } = state;
  const startedAt = performance.now();
  const callId = headerValue(req, 'x-litellm-call-id') || randomUUID();
  const text = await readBody(req);
  // LiteLLM reads an empty body as {} (and then misses `messages`).
  const json = text.trim() === '' ? ({ ok: true, value: {} } as const) : parseJson(text);
  const body = json.ok && isRecord(json.value) ? json.value : {};
  const requestedModel = typeof body.model === 'string' ? body.model : undefined;
  const entry: LogEntry = {
    time: isoUtc(state.clock.now()),
    callId,
    path: ctx.url.pathname,
    keyHash: null,
    keyAlias: null,
    model: requestedModel ?? null,
    promptTokens: 0,
    completionTokens: 0,
    cost: 0,
    tags: requestTags(req, body, undefined),
    user: endUser(req, body),
    sessionId: sessionId(req, body),
    status: 0,
    latencyMs: 0,
    firstByteMs: null,
    firstTextMs: null,
    receivedAt: performance.timeOrigin + startedAt,
    stream: body.stream === true,
    closedByClient: false,
    requestMessages: body.messages ?? null,
    responseFormat: body.response_format !== undefined,
    cacheControl: hasCacheControl(body.messages),
  };

  let account: KeyAccount | null = null;
  let model: Model | undefined;
  let remaining: Call['remaining'] = { requests: null, tokens: null };
  const fail = (error: GatewayError): void => {
    const headers = error.afterAuth
      ? litellmHeaders({
          callId,
          model,
          account,
          keySpend: account?.live.spend,
          responseCost: 0,
          durationMs: performance.now() - startedAt,
          remainingRequests: remaining.requests,
          remainingTokens: remaining.tokens,
        })
      : {};
    finishLog(ctx, entry, startedAt, error.status);
    sendError(res, error, { ...ctx.cors, ...headers });
  };

  // Failed requests are logged under the key they presented, so a test can tell whose they were.
  const presented = keyFromHeaders(req);
  if (presented.kind === 'key') {
    entry.keyHash = hashKey(presented.value);
    entry.keyAlias = state.keys.get(entry.keyHash)?.record.key_alias ?? null;
  }
  // The tag policy runs before authentication (apply_client_tag_policy_pre_auth).
  if (config.rejectClientsideMetadataTags && isRecord(body.metadata) && body.metadata.tags !== undefined) return fail(errors.tagsRejected());
  const now = state.clock.now();
  const auth = authenticate(req, state, { llm: true, model: requestedModel, endUser: entry.user, tags: entry.tags });
  if (!auth.ok) return fail(auth.error);
  account = auth.caller.kind === 'key' ? auth.caller.account : null;
  entry.tags = requestTags(req, body, account?.record.metadata);
  model = requestedModel === undefined ? undefined : state.models.get(requestedModel);

  const injected = state.faults.take();
  if (injected?.kind === 'page') {
    finishLog(ctx, entry, startedAt, injected.status);
    res.writeHead(injected.status, { ...ctx.cors, 'content-type': 'text/html; charset=utf-8' });
    res.end(injected.html);
    return;
  }
  if (injected?.kind === 'hugeHeaders') {
    finishLog(ctx, entry, startedAt, 200);
    // 300 headers of 1 KB: past Chromium's 256 KB limit on response headers.
    const padding = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-proxy-padding-${i}`, 'a'.repeat(1000)]));
    res.writeHead(200, { ...ctx.cors, ...padding, 'content-type': 'application/json' });
    res.end('{}');
    return;
  }
  if (injected) {
    const context = { legacyStatuses: config.legacyStatuses, account, model, requestedModel: requestedModel ?? '', nowMs: now, rateWindowS: config.rateWindowS };
    return fail(injectedError(injected, context));
  }
  const faults = state.faults.stream;
  const timeoutMs = requestTimeoutMs(req);
  if (faults.hang) {
    if (timeoutMs === null || !(await sleep(timeoutMs, ctx.signal))) {
      await untilAborted(ctx.signal);
      return finishLog(ctx, entry, startedAt, 499, !ctx.closing());
    }
    return fail(errors.upstreamTimeout(requestedModel ?? '', timeoutMs / 1000));
  }
  if (!json.ok) return fail(errors.invalidJson(json.reason));
  if (body.messages === undefined) return fail(errors.missingMessages());

  if (account) {
    const { rpm_limit: rpm, tpm_limit: tpm } = account.record;
    const decision = state.rateLimiter.check(account.hash, { rpm, tpm }, now);
    if (!decision.ok) return fail(errors.rateLimited(account.hash, decision.limitType, decision.limit, now, config.rateWindowS));
    remaining = { requests: decision.remainingRequests, tokens: decision.remainingTokens };
  }
  // LiteLLM prints a missing model as the empty string (data.get("model", "")).
  if (!model) return fail(errors.unknownModel(requestedModel ?? ''));
  const parsed = ChatRequest.safeParse(body);
  if (!parsed.success) return fail(errors.malformedRequest(describeIssues(parsed.error)));
  const request = parsed.data;
  // Pre-call guardrails run in the proxy's pre-call hook, after auth and before any model is asked.
  const guarded = runGuardrails(state.guardrails.list, body);
  if (guarded.kind === 'raise') return fail(guarded.error);
  const info = model.model_info;
  const prompt = countPrompt(request.messages);
  entry.promptTokens = prompt.total;
  if (prompt.total > info.max_input_tokens) return fail(errors.contextWindowExceeded(model.model_name, prompt.total, info.max_input_tokens));
  const maxTokens = request.max_tokens ?? info.max_output_tokens;
  if (maxTokens > info.max_output_tokens) return fail(errors.maxTokensTooLarge(model.model_name, maxTokens, info.max_output_tokens));

  // The reservation runs after every budget check has passed, just before the model is called.
  const estimate = prompt.total * info.input_cost_per_token + maxTokens * info.output_cost_per_token;
  const reservation =
    config.budgetReservation && account && estimate > 0
      ? state.reservations.reserve(state.keys, account, { endUser: entry.user, tags: entry.tags, estimate, legacy: config.legacyStatuses })
      : null;
  if (reservation && !reservation.ok) return fail(reservation.error);

  const call: Call = {
    ctx,
    callId,
    entry,
    account,
    model,
    identity: { id: `chatcmpl-${randomUUID()}`, created: Math.floor(now / 1000), model: model.model_name },
    startedAt,
    promptTokens: prompt.total,
    cache:
      info.supports_prompt_caching && prompt.cacheablePrefix
        ? state.promptCache.use(model.model_name, prompt.cacheablePrefix)
        : { cacheReadTokens: 0, cacheCreationTokens: 0 },
    answer:
      guarded.kind === 'passthrough'
        ? { content: guarded.content, finishReason: 'content_filter' }
        : withContent(offlineAnswer(request, maxTokens, now), state.faults.takeContent()),
    includeUsage: request.stream_options?.include_usage === true,
    remaining,
    timeoutMs,
    appliedGuardrails: guarded.applied,
    blockedByGuardrail: guarded.kind === 'passthrough',
  };
  try {
    await (request.stream && !faults.ignoreStream ? answerAsStream(call, faults, fail) : answerAtOnce(call, faults, fail));
  } finally {
    reservation?.release();
  }
}
