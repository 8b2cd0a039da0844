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

const budgetError = (legacy: boolean, message: string) => proxyError(budgetStatus(legacy), message, { type: 'budget_exceeded', param: null });

export const endUserBudgetExceeded = (legacy: boolean, endUser: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `ExceededBudget: End User=${endUser} over budget. Spend=${pyFloat(spend)}, Budget=${pyFloat(maxBudget)}`);

/** model_max_budget_limiter.py names the key by its hash, not its alias. */
export const keyModelBudgetExceeded = (legacy: boolean, hash: string, alias: string | null, model: string) =>
  budgetError(legacy, `LiteLLM Virtual Key: ${hash}, key_alias: ${alias ?? 'None'}, exceeded budget for model=${model}`);

export const endUserModelBudgetExceeded = (legacy: boolean, endUser: string, model: string) =>
  budgetError(legacy, `LiteLLM End User: ${endUser}, exceeded budget for model=${model}`);

export const teamMemberModelBudgetExceeded = (legacy: boolean, userId: string, teamId: string, model: string, spend: number, budget: number) =>
  budgetError(legacy, `ExceededBudget: Team member model budget exceeded. User=${userId}, Team=${teamId}, Model=${model}. Spend=$${spend.toFixed(6)}, Budget=$${budget.toFixed(6)}`);

export const keyWindowBudgetExceeded = (legacy: boolean, duration: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `ExceededBudget: Key over ${duration} budget. Spend=$${spend.toFixed(4)}, Limit=$${maxBudget.toFixed(2)}`);

export const teamWindowBudgetExceeded = (legacy: boolean, teamId: string, duration: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `ExceededBudget: Team=${teamId} over ${duration} budget. Spend=$${spend.toFixed(4)}, Limit=$${maxBudget.toFixed(2)}`);

/** Projects, organizations and tags share the team's wording, each with its own name (addendum §1 steps 5, 9, 10). */
export const namedBudgetExceeded = (legacy: boolean, kind: 'Project' | 'Organization' | 'Tag', id: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `Budget has been exceeded! ${kind}=${id} Current cost: ${pyFloat(spend)}, Max budget: ${pyFloat(maxBudget)}`);

/** The reservation's refusal (step 16): the counter by kind and id, e.g. `Key=<hash>:1h` [v:BR]. */
export const reservationExceeded = (legacy: boolean, counter: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `Budget has been exceeded! ${counter} Current cost: ${pyFloat(spend)}, Max budget: ${pyFloat(maxBudget)}`);

export const teamMemberBudgetExceeded = (legacy: boolean, userId: string, teamId: string, spend: number, maxBudget: number) =>
  budgetError(legacy, `Budget has been exceeded! User=${userId} in Team=${teamId} Current cost: ${pyFloat(spend)}, Max budget: ${pyFloat(maxBudget)}`);

/** route_checks.py for a key minted with `key_type` (addendum §2); raised in the auth dependency, so 403 auth_error. */
export const routeNotAllowed = (allowed: readonly string[], route: string) =>
  proxyError(403, `Virtual key is not allowed to call this route. Only allowed to call routes: ${pyStrList(allowed)}. Tried to call route: ${route}`, {
    type: 'auth_error',
    param: 'None',
  });

/** `/user/info` for another user's id (addendum §2). */
export const userInfoForbidden = (asked: string, own: string | null) =>
  proxyError(403, `key not allowed to access this user's info. user_id=${asked}, key's user_id=${own ?? 'None'}`, { type: 'auth_error', param: 'None' });

/** `/user/info` for a key bound to no user, or a user with no row. */
export const userNotFound = (userId: string | null) => ({ status: 404, body: { detail: `User ${userId ?? 'None'} not found` }, afterAuth: false });

/** team_endpoints.py raises HTTPException with a dict detail. */
export const teamInfoForbidden = (userId: string | null, teamId: string) => ({
  status: 403,
  body: { detail: { error: `User=${userId ?? 'None'} not authorized to access this team=${teamId}` } },
  afterAuth: false,
});
export const teamIdMissing = () => ({ status: 422, body: { detail: 'Malformed request. No team id passed in.' }, afterAuth: false });
export const teamNotFound = (teamId: string) => ({ status: 404, body: { detail: { error: `Team not found, passed team_id=${teamId}` } }, afterAuth: false });

export const modelNotAllowed = (legacy: boolean, allowed: readonly string[], model: string) =>
  proxyError(legacy ? 401 : 403, `key not allowed to access model. This key can only access models=${pyStrList(allowed)}. Tried to access ${model}`, {
    type: 'key_model_access_denied',
    param: 'model',
  });

/**
 * The router's "invalid model" error. LiteLLM 1.108.7 answers it with the plain text, type
 * `invalid_request_error` and param null (checked against the real proxy by
 * dev/litellm/differential.test.ts); it also repeats the text under `provider_specific_fields`,
 * which the extension's schema drops and the simulator leaves out.
 */
export const unknownModel = (model: string) =>
  proxyError(400, `/chat/completions: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.`, {
    type: 'invalid_request_error',
    param: null,
    afterAuth: true,
  });

/** `retry-after` is the window length, not the time left: the v3 limiter sends `str(window_size)`. */
export function rateLimited(keyHash: string, limitType: 'requests' | 'tokens', limit: number, nowMs: number, windowS: number): GatewayError {
  const resetAt = pyResetTime(nowMs + windowS * 1000);
  return proxyError(
    429,
    `Rate limit exceeded for api_key: ${keyHash}. Limit type: ${limitType}. Current limit: ${limit}, Remaining: 0. Limit resets at: ${resetAt}`,
    { type: 'None', param: 'None', afterAuth: true, headers: { 'retry-after': String(windowS), rate_limit_type: limitType, reset_at: resetAt } },
  );
}

/**
 * The sentence the router appends to every failure it gives up on
 * (router_utils/common_utils.py `format_fallback_outcome_message`, LiteLLM 1.108.7); older
 * releases appended "Received Model Group=…\nAvailable Model Group Fallbacks=None" instead.
 */
const routerContext = (model: string) => `\n\nLiteLLM: model group '${model}' failed with the error above. No fallback was attempted.`;

/** Appended to timeouts (router.py), naming the deployment's timeout settings, unset here. */
const DEPLOYMENT_TIMEOUTS = '\n\nDeployment Info: request_timeout: None\ntimeout: None';

// Errors relayed from the provider carry no param (proxy/common_utils/openai_error_payload.py:
// openai_error_param turns "None" into null) and a type that is never null: the exception's own
// (`throttling_error` for RateLimitError, `internal_server_error` for InternalServerError, exceptions.py)
// or the one its status stands for (401 authentication_error, 403 permission_error, other 4xx
// invalid_request_error, 5xx internal_server_error; openai_error_type_for_status).
const relayed = (status: number, message: string, type: string) => proxyError(status, message, { type, param: null, afterAuth: true });

/** "SimulatorException" stands where LiteLLM names the provider ("OpenAIException" for an OpenAI-compatible one). */
const PROVIDER = 'SimulatorException';

export const contextWindowExceeded = (model: string, promptTokens: number, maxInputTokens: number) =>
  relayed(
    400,
    `litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: ${PROVIDER} - This model's maximum context length is ${maxInputTokens} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.\nmodel=${model}. context_window_fallbacks=None. fallbacks=None.\n\nSet 'context_window_fallback' - https://docs.litellm.ai/docs/routing#fallbacks${routerContext(model)}`,
    'invalid_request_error',
  );

export const maxTokensTooLarge = (model: string, requested: number, maxOutputTokens: number) =>
  relayed(
    400,
    `litellm.BadRequestError: ${PROVIDER} - max_tokens is too large: ${requested}. This model supports at most ${maxOutputTokens} completion tokens, whereas you provided ${requested}.${routerContext(model)}`,
    'invalid_request_error',
  );

/**
 * How LiteLLM 1.108.7 words a provider failure by status: the exception class it maps the status
 * to (litellm_core_utils/exception_mapping_utils.py), the text that class puts before the
 * provider's (exceptions.py), and the error type. 403 and 422 come out under other classes than
 * their names suggest; that is what the real proxy answers.
 */
const UPSTREAM: Record<number, { lead: string; type: string; timeout?: true }> = {
  400: { lead: 'litellm.BadRequestError:', type: 'invalid_request_error' },
  401: { lead: 'litellm.AuthenticationError: AuthenticationError:', type: 'authentication_error' },
  403: { lead: 'litellm.APIError: APIError:', type: 'permission_error' },
  408: { lead: 'litellm.Timeout: Timeout Error:', type: 'invalid_request_error', timeout: true },
  422: { lead: 'litellm.BadRequestError:', type: 'invalid_request_error' },
  429: { lead: 'litellm.RateLimitError: RateLimitError:', type: 'throttling_error' },
  500: { lead: 'litellm.InternalServerError: InternalServerError:', type: 'internal_server_error' },
  502: { lead: 'litellm.BadGatewayError: BadGatewayError:', type: 'internal_server_error' },
  503: { lead: 'litellm.ServiceUnavailableError: ServiceUnavailableError:', type: 'internal_server_error' },
  504: { lead: 'litellm.Timeout: Timeout Error:', type: 'internal_server_error', timeout: true },
};

/** A provider failure relayed by LiteLLM: its class, the provider's text, the router's sentence. */
export function upstreamFailure(status: number, model: string): GatewayError {
  const known = UPSTREAM[status];
  const lead = known?.lead ?? (status < 500 ? 'litellm.BadRequestError:' : 'litellm.InternalServerError: InternalServerError:');
  const type = known?.type ?? (status < 500 ? 'invalid_request_error' : 'internal_server_error');
  const detail = `${lead} ${PROVIDER} - simulated upstream failure (HTTP ${status})${known?.timeout ? DEPLOYMENT_TIMEOUTS : ''}`;
  return relayed(status, `${detail}${routerContext(model)}`, type);
}

/**
 * The provider took longer than the request's timeout (`x-litellm-timeout`): the OpenAI client's
 * APITimeoutError as LiteLLM 1.108.7 relays it, 408.
 */
export const upstreamTimeout = (model: string, timeoutS: number) =>
  relayed(
    408,
    `litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=${pyFloat(timeoutS)}, time taken=${pyFloat(timeoutS)} seconds${DEPLOYMENT_TIMEOUTS}${routerContext(model)}`,
    'invalid_request_error',
  );

/**
 * A provider failure after the stream started: LiteLLM 1.108.7 sends it as one SSE event, with
 * type and param null and code "500", and ends the stream without [DONE]. An `error` event from
 * an OpenAI-compatible provider is relayed as an APIConnectionError.
 */
export const midStreamFailure = (): GatewayError =>
  proxyError(500, `litellm.APIConnectionError: APIConnectionError: ${PROVIDER} - simulated upstream failure mid-stream`, { type: null, param: null, afterAuth: true });

/** A plain 400 from a management route; the exact wording of these is UNCONFIRMED. */
export const badRequest = (message: string, param: string) => proxyError(400, message, { type: 'bad_request_error', param });

/**
 * A body that is not JSON (proxy/common_utils/http_parsing_utils.py), refused before the LLM call
 * and so without x-litellm-* headers; the detail is Python's parser message, which the simulator
 * cannot reproduce word for word.
 */
export const invalidJson = (detail: string) => proxyError(400, `Invalid JSON payload: ${detail}`, { type: 'invalid_request_error', param: 'request_body' });

/** A body without `messages` (an empty body counts as `{}`). */
export const missingMessages = () =>
  proxyError(400, "/chat/completions: Missing required parameter: 'messages'.", { type: 'invalid_request_error', param: 'messages', afterAuth: true });

/** Fields of the wrong shape that reach the provider call, as LiteLLM words the resulting failure. */
export const malformedRequest = (detail: string) =>
  proxyError(400, `Invalid request format: ${detail}`, { type: 'invalid_request_error', param: null, afterAuth: true });

/** A virtual key presented to a proxy without a database (auth_exception_handler.py, LiteLLM 1.108.7). */
export const noConnectedDb = () => proxyError(400, 'No connected db.', { type: 'no_db_connection', param: null });

/** `/key/info` on a proxy without a database: an unhandled exception, 500. */
export const databaseNotConnected = () =>
  proxyError(500, 'Database not connected. Connect a database to your proxy - https://docs.litellm.ai/docs/simple_proxy#managing-auth---virtual-keys', {
    type: 'internal_server_error',
    param: null,
  });

/** `/key/generate` on a proxy without a database. */
export const keyRoutesNeedDatabase = () =>
  proxyError(
    500,
    pyStrDict({
      error:
        'DB not connected. This endpoint needs a database; set DATABASE_URL to a PostgreSQL connection string (postgresql://...) to enable it. See https://docs.litellm.ai/docs/proxy/virtual_keys',
    }),
    { type: 'internal_server_error', param: null },
  );

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
