/**
 * LiteLLM's errors, with its statuses, types, params and message texts (contract §4). Each
 * function is one row of the contract's catalogue. `legacy` switches the three statuses that
 * changed across releases (budget 429→400, model denied 403→401, expired key 401→400), so the
 * extension can be tested against both generations.
 */
import type { ErrorBody } from '../../lib/gateway/wire';
import { abbreviateKey, hashKey, maskKey } from './keys';
import { pyDatetime, pyFloat, pyResetTime, pyStrDict, pyStrList } from './py-format';

export interface GatewayError {
  status: number;
  /** `{"error":{…}}`, or FastAPI's `{"detail":…}` for 404/405/422. */
  body: ErrorBody | { detail: unknown };
  headers?: Record<string, string>;
  /**
   * Raised after authentication, in the LLM call: LiteLLM then attaches its x-litellm-* headers;
   * errors from the auth dependency carry none (contract §2).
   */
  afterAuth: boolean;
}

interface Fields {
  type: string | null;
  param: string | null;
  afterAuth?: boolean;
  headers?: Record<string, string>;
}

// ProxyException stringifies `code`; the HTTP status is int(code) (contract §4.1).
function proxyError(status: number, message: string, { type, param, afterAuth = false, headers }: Fields): GatewayError {
  return { status, body: { error: { message, type, param, code: String(status) } }, afterAuth, ...(headers ? { headers } : {}) };
}

// Plain exceptions in the auth dependency come out as 401 auth_error, param "None" (auth_exception_handler.py).
const authError = (message: string) => proxyError(401, message, { type: 'auth_error', param: 'None' });

export const noApiKey = () => authError('Authentication Error, No api key passed in.');

export const malformedAuthorization = () => authError('Authentication Error, Malformed API Key passed in. Ensure Key has `Bearer ` prefix.');

export const notAVirtualKey = (received: string) =>
  authError(`LiteLLM Virtual Key expected. Received=${maskKey(received)}, expected to start with 'sk-'.`);

export const invalidKey = (received: string) =>
  proxyError(
    401,
    `Authentication Error, Invalid proxy server token passed. Received API Key = ${abbreviateKey(received)}, Key Hash (Token) =${hashKey(received)}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
    { type: 'token_not_found_in_db', param: 'key' },
  );

export const blockedKey = () => authError("Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin.");

export const expiredKey = (legacy: boolean, key: string, expiresMs: number, nowMs: number) =>
  proxyError(legacy ? 400 : 401, `Authentication Error - Expired Key. Key Expiry time ${pyDatetime(expiresMs)} and current time ${pyDatetime(nowMs)}`, {
    type: 'expired_key',
    param: abbreviateKey(key),
  });

const budgetStatus = (legacy: boolean) => (legacy ? 400 : 429);

/**
 * Newest builds name the key (`Key=<alias> (sk-...abcd) `), as observed in 2026 answers; older
 * ones do not (contract §4.2). The form for a key without alias is UNCONFIRMED: we print
 * `Key=sk-...abcd `.
 */
export function keyBudgetExceeded(legacy: boolean, key: { key: string; key_alias: string | null }, spend: number, maxBudget: number): GatewayError {
  const who = key.key_alias ? `${key.key_alias} (${abbreviateKey(key.key)})` : abbreviateKey(key.key);
  const named = legacy ? '' : `Key=${who} `;
  return proxyError(budgetStatus(legacy), `Budget has been exceeded! ${named}Current cost: ${pyFloat(spend)}, Max budget: ${pyFloat(maxBudget)}`, {
    type: 'budget_exceeded',
    param: null,
  });
}

export const teamBudgetExceeded = (legacy: boolean, teamId: string, spend: number, maxBudget: number) =>
  proxyError(budgetStatus(legacy), `Budget has been exceeded! Team=${teamId} Current cost: ${pyFloat(spend)}, Max budget: ${pyFloat(maxBudget)}`, {
    type: 'budget_exceeded',
    param: null,
  });

export const userBudgetExceeded = (legacy: boolean, userId: string, spend: number, maxBudget: number) =>
  proxyError(budgetStatus(legacy), `ExceededBudget: User=${userId} over budget. Spend=${pyFloat(spend)}, Budget=${pyFloat(maxBudget)}`, {
    type: 'budget_exceeded',
    param: null,
  });

export const modelNotAllowed = (legacy: boolean, allowed: readonly string[], model: string) =>
  proxyError(legacy ? 401 : 403, `key not allowed to access model. This key can only access models=${pyStrList(allowed)}. Tried to access ${model}`, {
    type: 'key_model_access_denied',
    param: 'model',
  });

/** Raised by the router as an HTTPException whose detail dict LiteLLM stringifies into the message. */
export const unknownModel = (model: string) =>
  proxyError(
    400,
    pyStrDict({ error: `/chat/completions: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.` }),
    { type: 'None', param: 'None', afterAuth: true },
  );

/** `retry-after` is the window length, not the time left: the v3 limiter sends `str(window_size)`. */
export function rateLimited(keyHash: string, limitType: 'requests' | 'tokens', limit: number, nowMs: number, windowS: number): GatewayError {
  const resetAt = pyResetTime(nowMs + windowS * 1000);
  return proxyError(
    429,
    `Rate limit exceeded for api_key: ${keyHash}. Limit type: ${limitType}. Current limit: ${limit}, Remaining: 0. Limit resets at: ${resetAt}`,
    { type: 'None', param: 'None', afterAuth: true, headers: { 'retry-after': String(windowS), rate_limit_type: limitType, reset_at: resetAt } },
  );
}

const routerContext = (model: string) => `\nReceived Model Group=${model}\nAvailable Model Group Fallbacks=None`;

// The provider text is OpenAI's; "SimulatorException" stands where LiteLLM names the provider.
export const contextWindowExceeded = (model: string, promptTokens: number, maxInputTokens: number) =>
  proxyError(
    400,
    `litellm.ContextWindowExceededError: litellm.BadRequestError: SimulatorException - This model's maximum context length is ${maxInputTokens} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.${routerContext(model)}`,
    { type: null, param: null, afterAuth: true },
  );

export const maxTokensTooLarge = (model: string, requested: number, maxOutputTokens: number) =>
  proxyError(
    400,
    `litellm.BadRequestError: SimulatorException - max_tokens is too large: ${requested}. This model supports at most ${maxOutputTokens} completion tokens, whereas you provided ${requested}.${routerContext(model)}`,
    { type: null, param: null, afterAuth: true },
  );

const UPSTREAM_CLASS: Record<number, string> = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  408: 'Timeout',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
  503: 'ServiceUnavailableError',
  504: 'Timeout',
};

/** A provider failure relayed by LiteLLM: `litellm.<Class>: …` with the router context (contract §4.2). */
export function upstreamFailure(status: number, model: string): GatewayError {
  const name = UPSTREAM_CLASS[status] ?? 'InternalServerError';
  return proxyError(status, `litellm.${name}: ${name}: SimulatorException - simulated upstream failure (HTTP ${status})${routerContext(model)}`, {
    type: null,
    param: null,
    afterAuth: true,
  });
}

/** A plain 400 from a management route; the exact wording of these is UNCONFIRMED. */
export const badRequest = (message: string, param: string) => proxyError(400, message, { type: 'bad_request_error', param });

export const malformedRequest = (detail: string) =>
  proxyError(400, `Invalid request format: ${detail}`, { type: 'invalid_request_error', param: null, afterAuth: true });

export const dbUnavailable = () =>
  proxyError(503, 'Service Unavailable, the authentication database is temporarily unreachable. Please retry shortly.', {
    type: 'no_db_connection',
    param: null,
  });

/** Contract §1.2 prints `"code":400` (a number) from the docs; ProxyException always stringifies it, so we send "400". */
export const tagsRejected = () =>
  proxyError(400, "Client-side 'metadata.tags' not allowed in request. 'reject_clientside_metadata_tags'=True. Tags can only be set via API key metadata.", {
    type: 'bad_request_error',
    param: 'metadata.tags',
  });

/** `RouteChecks._mask_user_id`: first six and last two characters. */
function maskUserId(userId: string): string {
  return userId.length <= 8 ? userId : `${userId.slice(0, 6)}${'*'.repeat(userId.length - 8)}${userId.slice(-2)}`;
}

export const adminOnlyRoute = (route: string, userId: string | null) =>
  authError(
    `Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=${route}. Your role=${userId ? 'internal_user' : 'unknown'}. Your user_id=${userId ? maskUserId(userId) : 'unknown'}`,
  );

/** UNCONFIRMED wording of the role: a virtual key with a user is an internal_user. */
export const keyInfoForbidden = (userId: string | null) =>
  proxyError(403, pyStrDict({ error: `You are not allowed to access this key's info. Your role=${userId ? 'internal_user' : 'None'}` }), {
    type: 'auth_error',
    param: 'None',
  });

export const keyNotFound = () => proxyError(404, 'Key not found in database', { type: 'not_found_error', param: 'key' });

export const routeNotFound = (): GatewayError => ({ status: 404, body: { detail: 'Not Found' }, afterAuth: false });
export const methodNotAllowed = (): GatewayError => ({ status: 405, body: { detail: 'Method Not Allowed' }, afterAuth: false });
export const validationFailed = (detail: unknown): GatewayError => ({ status: 422, body: { detail }, afterAuth: false });
