/**
 * The gateway client: the only code that sends requests to LiteLLM. It takes the key as an
 * argument (the background passes it in; nothing here stores it) and returns parsed, typed data.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { z } from 'zod';
import { endpoint } from './endpoints';
import { classifyErrorBody, classifyWebPage, type GatewayErrorKind, GatewayError, isWebPage, networkFailure } from './errors';
import type { NetErrorWatch } from './net-errors';
import { ChatChunk, ChatCompletion, type ChatRequest, ErrorBody, HEADER, KeyInfoResponse, ModelInfoResponse, ModelsResponse, TeamInfoResponse, type Usage, UserInfoResponse } from './wire';

export interface GatewayConnection {
  /** Root URL from `gatewayRoot()`, without `/v1`. */
  root: string;
  key: string;
  /**
   * Whether the extension holds host access to the gateway origin, asked only when a request failed
   * to reach it (it names the failure); one browser call kept off every request's way (issue #17).
   */
  hostAccess?: () => Promise<boolean>;
  /** Names the net error behind a failed fetch (the worker's webRequest log); without it, "cannot reach". */
  netErrors?: NetErrorWatch;
}

/** Attribution carried by every chat request (contract §1.2). */
export interface RequestTags {
  tags: string[];
  user: string | null;
  /**
   * Groups requests into one session at the gateway, sent as the `x-litellm-session-id` header
   * (addendum §4): a job's id (its map-reduce parts and combine share it) or a conversation's.
   */
  sessionId?: string | null;
}

export interface CallHeaders {
  /** USD cost of this call; absent on streams (contract §2). */
  responseCost: number | null;
  /** Key spend including this call (non-stream) or before it (stream). */
  keySpend: number | null;
  keyMaxBudget: number | null;
  callId: string | null;
  /** The guardrails that ran on this call (addendum §5; CORS-exposed, so readable without host access too). */
  appliedGuardrails: string[];
}

export interface ChatResult {
  text: string;
  usage: Usage | null;
  headers: CallHeaders;
  finishReason: string | null;
}

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function readHeaders(headers: Headers): CallHeaders {
  return {
    responseCost: numberHeader(headers, HEADER.responseCost),
    keySpend: numberHeader(headers, HEADER.keySpend),
    keyMaxBudget: numberHeader(headers, HEADER.keyMaxBudget),
    callId: headers.get(HEADER.callId),
    appliedGuardrails: (headers.get(HEADER.appliedGuardrails) ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  };
}

async function send(conn: GatewayConnection, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  const startedAt = Date.now();
  const stopWatching = conn.netErrors?.watch();
  try {
    response = await fetch(url, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${conn.key}` },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    const netError = conn.netErrors ? await conn.netErrors.lookup(url, startedAt) : null;
    throw new GatewayError(networkFailure(cause, conn.hostAccess ? await conn.hostAccess() : true, netError));
  } finally {
    stopWatching?.();
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    // A proxy, CDN or WAF in front of LiteLLM answers with a web page: named for what it is, never shown as markup.
    if (isWebPage(response.headers.get('content-type'), text)) throw new GatewayError(classifyWebPage(response.status, text));
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Plain text from something in between: classified by status.
    }
    throw new GatewayError(classifyErrorBody(response.status, body, response.headers.get(HEADER.retryAfter), response.headers.get(HEADER.appliedGuardrails)));
  }
  return response;
}

/**
 * A web page with 200 where the gateway answers is the sign-in page of the company's proxy or SSO:
 * the failure names the gateway's own address, which, opened in a tab, leads the person through it.
 */
function signInPage(conn: GatewayConnection, response: Response): GatewayError {
  return new GatewayError({ kind: 'sign_in_page', status: response.status, message: conn.root, retryAfterS: null, scope: null });
}

/**
 * How long a status request (/key/info, /model/info...) may take in all. Its callers have no
 * settings at hand, and admission and the popup's refresh wait on it: a gateway that hangs must
 * turn into a failure, not a job that never starts. Status answers are small, so 30 s is ample.
 */
export const STATUS_TIMEOUT_MS = 30_000;

async function getJson<S extends z.ZodType>(conn: GatewayConnection, url: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
  const timed = timedSignal({ idleMs: Number.POSITIVE_INFINITY, totalMs: STATUS_TIMEOUT_MS }, signal);
  let answered = false;
  try {
    const response = await send(conn, url, { method: 'GET', signal: timed.signal });
    answered = true;
    if (isWebPage(response.headers.get('content-type'))) throw signInPage(conn, response);
    const body: unknown = await response.json().catch((cause: unknown) => {
      if (timed.expired) throw cause;
      return undefined;
    });
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new GatewayError({ kind: 'malformed_response', status: response.status, message: `Unexpected answer from ${url}`, retryAfterS: null, scope: null });
    }
    return parsed.data;
  } catch (cause) {
    if (timed.expired) throw gatewayError(answered ? 'too_slow' : 'no_response', null, `No answer from ${url} within ${STATUS_TIMEOUT_MS / 1000} s`);
    throw cause;
  } finally {
    timed.dispose();
  }
}

export const getKeyInfo = (conn: GatewayConnection, signal?: AbortSignal) => getJson(conn, endpoint.keyInfo(conn.root), KeyInfoResponse, signal);
export const getUserInfo = (conn: GatewayConnection, signal?: AbortSignal) => getJson(conn, endpoint.userInfo(conn.root), UserInfoResponse, signal);
export const getTeamInfo = (conn: GatewayConnection, teamId: string, signal?: AbortSignal) => getJson(conn, endpoint.teamInfo(conn.root, teamId), TeamInfoResponse, signal);
export const getModels = (conn: GatewayConnection, signal?: AbortSignal) => getJson(conn, endpoint.models(conn.root), ModelsResponse, signal);
export const getModelInfo = (conn: GatewayConnection, signal?: AbortSignal) => getJson(conn, endpoint.modelInfo(conn.root), ModelInfoResponse, signal);

function withTags(request: ChatRequest, tags: RequestTags): ChatRequest {
  const all = [...(request.metadata?.tags ?? []), ...tags.tags];
  // No tags means no `metadata.tags` at all: a gateway that rejects client-side tags refuses even an empty list.
  return {
    ...request,
    ...(all.length > 0 ? { metadata: { ...request.metadata, tags: all } } : {}),
    ...(tags.user ? { user: tags.user } : {}),
  };
}

/** How long one request may wait: for any byte (headers included), and in all. */
interface StreamLimits {
  idleMs: number;
  totalMs: number;
}

const NO_LIMITS: StreamLimits = { idleMs: Number.POSITIVE_INFINITY, totalMs: Number.POSITIVE_INFINITY };

function gatewayError(kind: GatewayErrorKind, status: number | null, message: string): GatewayError {
  return new GatewayError({ kind, status, message, retryAfterS: null, scope: null });
}

/**
 * The request's own abort signal: the caller's, plus the idle and total timers. `touch()` restarts
 * the idle timer when bytes arrive; `expired` says which timer fired, if one did.
 */
function timedSignal(limits: StreamLimits, outer: AbortSignal | undefined) {
  const controller = new AbortController();
  let expired: 'idle' | 'total' | null = null;
  const expire = (which: 'idle' | 'total') => () => {
    expired = which;
    controller.abort(new DOMException(`${which} timeout`, 'TimeoutError'));
  };
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  outer?.addEventListener('abort', onOuter, { once: true });
  // setTimeout keeps 32-bit delays: an unset (infinite) limit sets no timer.
  const timer = (ms: number, fn: () => void) => (Number.isFinite(ms) ? setTimeout(fn, Math.min(ms, 2 ** 31 - 1)) : undefined);
  const total = timer(limits.totalMs, expire('total'));
  let idle = timer(limits.idleMs, expire('idle'));
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    touch() {
      clearTimeout(idle);
      idle = timer(limits.idleMs, expire('idle'));
    },
    dispose() {
      clearTimeout(idle);
      clearTimeout(total);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/**
 * Streams one chat completion. `onDelta` receives each piece of text as it arrives. Errors before
 * the stream starts and `data: {"error":…}` events inside it both throw a GatewayError; so do a
 * request that waits past `limits` (the text so far was already handed to `onDelta`), a web page
 * instead of an answer, and a stream event that is not a chat chunk. A gateway that ignores
 * `stream: true` and answers one JSON completion is read as that answer.
 */
export async function streamChat(
  conn: GatewayConnection,
  request: ChatRequest,
  tags: RequestTags,
  onDelta: (text: string) => void,
  signal?: AbortSignal,
  limits: StreamLimits = NO_LIMITS,
): Promise<ChatResult> {
  const timed = timedSignal(limits, signal);
  let started = false;
  try {
    return await readChat(conn, request, tags, onDelta, timed, () => (started = true));
  } catch (cause) {
    if (timed.expired === 'total') throw gatewayError('too_slow', null, `No complete answer within ${limits.totalMs / 1000} s`);
    if (timed.expired === 'idle') {
      throw started ? gatewayError('stalled', 200, `No data for ${limits.idleMs / 1000} s`) : gatewayError('no_response', null, `No answer within ${limits.idleMs / 1000} s`);
    }
    throw cause;
  } finally {
    timed.dispose();
  }
}

async function readChat(
  conn: GatewayConnection,
  request: ChatRequest,
  tags: RequestTags,
  onDelta: (text: string) => void,
  timed: ReturnType<typeof timedSignal>,
  onStarted: () => void,
): Promise<ChatResult> {
  const { signal } = timed;
  const body = withTags({ ...request, stream: true, stream_options: { include_usage: true } }, tags);
  const response = await send(conn, endpoint.chat(conn.root), {
    method: 'POST',
    // The header, not the body field: only the header is known to reach LiteLLM's spend-log session_id.
    headers: { 'Content-Type': 'application/json', ...(tags.sessionId ? { [HEADER.sessionId]: tags.sessionId } : {}) },
    body: JSON.stringify(body),
    signal,
  });
  onStarted();
  timed.touch();
  const headers = readHeaders(response.headers);
  if (isWebPage(response.headers.get('content-type'))) throw signInPage(conn, response);
  if ((response.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) return wholeAnswer(response, headers, onDelta);
  if (!response.body) throw new GatewayError({ kind: 'malformed_response', status: response.status, message: 'Empty stream', retryAfterS: null, scope: null });

  let text = '';
  let usage: Usage | null = null;
  let finishReason: string | null = null;
  let done = false;
  let failure: GatewayError | null = null;

  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      if (failure || done) return;
      if (event.data === '[DONE]') {
        done = true;
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        failure = new GatewayError({ kind: 'malformed_response', status: 200, message: `Unreadable stream event: ${event.data.slice(0, 120)}`, retryAfterS: null, scope: null });
        return;
      }
      const error = ErrorBody.safeParse(json);
      if (error.success) {
        const status = Number(error.data.error.code) || 500;
        failure = new GatewayError(classifyErrorBody(status, json, null));
        return;
      }
      const chunk = ChatChunk.safeParse(json);
      if (!chunk.success) {
        // Dropping it would end the job "done" with text missing, or with none at all.
        const fields = chunk.error.issues.map((issue) => issue.path.join('.') || issue.message).join(', ');
        failure = new GatewayError({ kind: 'malformed_response', status: 200, message: `A stream event is not a chat chunk (${fields}): ${event.data.slice(0, 120)}`, retryAfterS: null, scope: null });
        return;
      }
      if (chunk.data.usage) usage = chunk.data.usage;
      for (const choice of chunk.data.choices) {
        if (choice.finish_reason) finishReason = choice.finish_reason;
        const piece = choice.delta.content;
        if (piece) {
          text += piece;
          onDelta(piece);
        }
      }
    },
  });

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // A timer's abort must end a read even where the body does not follow the request's signal.
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  try {
    while (!done && !failure) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      timed.touch();
      parser.feed(value);
    }
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new GatewayError({ kind: 'interrupted', status: null, message: cause instanceof Error ? cause.message : String(cause), retryAfterS: null, scope: null });
  } finally {
    signal.removeEventListener('abort', cancel);
    reader.cancel().catch(() => undefined);
  }
  if (signal.aborted) throw signal.reason;
  if (failure) throw failure;
  if (!done) {
    throw new GatewayError({ kind: 'interrupted', status: 200, message: 'The gateway closed the stream before it finished.', retryAfterS: null, scope: null });
  }
  return { text, usage, headers, finishReason };
}

/** The whole completion in one JSON body (a gateway that ignored `stream: true`): the same result a stream gives. */
async function wholeAnswer(response: Response, headers: CallHeaders, onDelta: (text: string) => void): Promise<ChatResult> {
  const json: unknown = await response.json().catch(() => undefined);
  const error = ErrorBody.safeParse(json);
  if (error.success) throw new GatewayError(classifyErrorBody(Number(error.data.error.code) || 500, json, null));
  const parsed = ChatCompletion.safeParse(json);
  if (!parsed.success) throw gatewayError('malformed_response', response.status, 'A JSON answer that is not a chat completion');
  const choice = parsed.data.choices[0];
  const text = choice?.message.content ?? '';
  if (text) onDelta(text);
  return { text, usage: parsed.data.usage, headers, finishReason: choice?.finish_reason ?? null };
}
