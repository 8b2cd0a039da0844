/**
 * Every way a gateway call can fail, as one closed set of kinds. Classification reads LiteLLM's
 * `error.type` first and its message second, and accepts both the newer and the older status
 * codes (contract §4.2: budget 400→429, model denied 401→403, expired 400→401).
 */
import { z } from 'zod';
import { guardrailMessage, guardrailName } from './guardrail';
import { BudgetRefusal, parseBudgetRefusal } from '../budget/refusal';
import { netErrorKind } from './net-errors';
import { ErrorBody } from './wire';

export const GatewayErrorKind = z.enum([
  'invalid_key',
  'expired_key',
  'blocked_key',
  'budget_exceeded',
  'model_not_allowed',
  'unknown_model',
  'rate_limited',
  'context_window',
  'tags_rejected',
  'content_policy',
  'guardrail_blocked',
  'bad_request',
  'upstream',
  'service_unavailable',
  'unreachable',
  'no_host_access',
  'malformed_response',
  'interrupted',
  /** No byte of an answer (not even its headers) within the idle timeout. */
  'no_response',
  /** The answer stopped arriving mid-stream for the idle timeout. */
  'stalled',
  /** The request ran past the total cap on one request's time. */
  'too_slow',
  /** A company proxy, CDN or WAF in front of the gateway answered 403 with a web page. */
  'network_refused',
  /** The gateway (or a proxy before it) answered 200 with a web page: a sign-in page. */
  'sign_in_page',
  /** Chromium refused the answer's headers as too large (net::ERR_RESPONSE_HEADERS_TOO_BIG). */
  'headers_too_big',
  /** The gateway's TLS certificate was not accepted (net::ERR_CERT_*). */
  'certificate_error',
  /** The gateway's host name did not resolve (net::ERR_NAME_NOT_RESOLVED). */
  'name_not_resolved',
]);
export type GatewayErrorKind = z.infer<typeof GatewayErrorKind>;

/** What a failure carries across messages: plain data, so it can live in storage and cross contexts. */
export const GatewayFailure = z.object({
  kind: GatewayErrorKind,
  status: z.number().nullable(),
  message: z.string(),
  retryAfterS: z.number().nullable().default(null),
  /** For budget errors: which budget ran out (key, team, a window, one model…) and its figures. */
  scope: BudgetRefusal.nullable().default(null),
});
export type GatewayFailure = z.infer<typeof GatewayFailure>;

export class GatewayError extends Error {
  constructor(readonly failure: GatewayFailure) {
    super(failure.message);
    this.name = 'GatewayError';
  }
}

function isGuardrailBlock(msg: string): boolean {
  return msg.includes('guardrail raised an exception') || msg.includes('by guardrail:') || msg.includes('violated guardrail policy');
}

function kindFrom(status: number, type: string, message: string): GatewayErrorKind {
  const msg = message.toLowerCase();
  if (type === 'budget_exceeded' || msg.includes('budget has been exceeded') || msg.includes('exceededbudget') || msg.includes('exceeded budget for model=')) return 'budget_exceeded';
  if (type === 'expired_key' || msg.includes('expired key')) return 'expired_key';
  if (msg.includes('key is blocked')) return 'blocked_key';
  if (type.endsWith('_model_access_denied') || msg.includes('not allowed to access model') || msg.includes('is not available for this api key')) {
    return 'model_not_allowed';
  }
  if (msg.includes("client-side 'metadata.tags' not allowed")) return 'tags_rejected';
  if (msg.includes('contextwindowexceedederror') || msg.includes('maximum context length')) return 'context_window';
  if (msg.includes('contentpolicyviolationerror')) return 'content_policy';
  if (isGuardrailBlock(msg)) return 'guardrail_blocked';
  if (msg.includes('invalid model name')) return 'unknown_model';
  if (status === 429) return 'rate_limited';
  if (type === 'no_db_connection' || status === 503) return 'service_unavailable';
  if (status === 401 || type === 'auth_error' || type === 'token_not_found_in_db') {
    return msg.startsWith('litellm.authenticationerror') ? 'upstream' : 'invalid_key';
  }
  if (status === 400 || status === 422) return 'bad_request';
  return 'upstream';
}

/**
 * `appliedGuardrails` is the error's `x-litellm-applied-guardrails` header: a block whose message
 * names no guardrail (an object message) is named by it, put in LiteLLM's raising-mode wording so
 * guardrailName reads it like any other.
 */
export function classifyErrorBody(status: number, body: unknown, retryAfterHeader: string | null, appliedGuardrails: string | null = null): GatewayFailure {
  const parsed = ErrorBody.safeParse(body);
  const raw = parsed.success ? parsed.data.error.message : null;
  const text = typeof raw === 'string' ? raw : raw ? JSON.stringify(raw).slice(0, 500) : typeof body === 'string' && body ? body.slice(0, 500) : `HTTP ${status}`;
  const type = parsed.success ? String(parsed.data.error.type ?? '') : '';
  const kind = kindFrom(status, type, text);
  const named = appliedGuardrails?.split(',').map((name) => name.trim()).filter(Boolean) ?? [];
  const message = kind === 'guardrail_blocked' && guardrailName(text) === null ? guardrailMessage(text, named) : text;
  const retry = Number.parseFloat(retryAfterHeader ?? '');
  const fromMessage = /try again in (\d+(?:\.\d+)?) seconds/i.exec(message)?.[1];
  return {
    kind,
    status,
    message,
    retryAfterS: Number.isFinite(retry) ? retry : fromMessage ? Number(fromMessage) : null,
    scope: kind === 'budget_exceeded' ? parseBudgetRefusal(message) : null,
  };
}

/**
 * Whether an answer is a web page rather than LiteLLM's JSON or event stream. Without its body (a
 * 200 whose stream is not read yet), the content type alone says: a sign-in page of the company's
 * proxy or SSO is served as HTML.
 */
export function isWebPage(contentType: string | null, body = ''): boolean {
  return (contentType ?? '').toLowerCase().includes('text/html') || /^\s*<(!doctype|html|head|body)\b/i.test(body);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A web page in a few plain words (its title, then its first text), so details never show markup.
 * Regular expressions, not DOMParser: the service worker has no DOM.
 */
function pageSummary(html: string, max = 200): string {
  const decode = (text: string) => text.replace(/&(#\d+|[a-z]+);/gi, (whole, name: string) => (name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1)) || 32) : (ENTITIES[name.toLowerCase()] ?? whole)));
  const plain = (text: string) => decode(text.replace(/<[^>]*>/g, ' ')).replace(/[<>]/g, ' ').replace(/\s+/g, ' ').trim();
  const title = plain(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '');
  const body = plain(html.replace(/<(script|style|title|head)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' '));
  const text = title && !body.startsWith(title) ? `${title}: ${body}` : body || title;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * A web page where LiteLLM's JSON error was expected: a 403 page is the company's network (a WAF or
 * CDN allowing office addresses only) refusing, a 5xx page a gateway down behind its proxy.
 */
export function classifyWebPage(status: number, html: string): GatewayFailure {
  const message = pageSummary(html) || `HTTP ${status}`;
  if (status === 403) return { kind: 'network_refused', status, message, retryAfterS: null, scope: null };
  if (status >= 500) return { kind: 'service_unavailable', status, message, retryAfterS: null, scope: null };
  return classifyErrorBody(status, message, null);
}

/** `netError` is what Chromium's webRequest reported for the request (lib/gateway/net-errors.ts), if anything. */
export function networkFailure(cause: unknown, hasHostAccess: boolean, netError: string | null = null): GatewayFailure {
  const message = [cause instanceof Error ? cause.message : String(cause), netError].filter(Boolean).join(' ');
  const named = netErrorKind(netError);
  return { kind: named ?? (hasHostAccess ? 'unreachable' : 'no_host_access'), status: null, message, retryAfterS: null, scope: null };
}

export function failureOf(error: unknown): GatewayFailure {
  if (error instanceof GatewayError) return error.failure;
  return { kind: 'upstream', status: null, message: error instanceof Error ? error.message : String(error), retryAfterS: null, scope: null };
}
