import { describe, expect, it } from 'vitest';
import { classifyErrorBody, isWebPage } from './errors';
import { guardrailMessage, guardrailName } from './guardrail';

const body = (message: string, type: string | null, code: string) => ({ error: { message, type, param: null, code } });

describe('classifyErrorBody: every error class of the contract, newer and older statuses', () => {
  it.each([
    [401, body('Authentication Error, Invalid proxy server token passed. Received API Key = sk-...wxyz', 'auth_error', '401'), 'invalid_key'],
    [401, body('Authentication Error, No api key passed in.', 'auth_error', '401'), 'invalid_key'],
    [401, body("LiteLLM Virtual Key expected. Received=abcd****wxyz, expected to start with 'sk-'.", 'auth_error', '401'), 'invalid_key'],
    [401, body('Authentication Error - Expired Key. Key Expiry time 2024-01-01 and current time 2026-11-27', 'expired_key', '401'), 'expired_key'],
    [400, body('Authentication Error - Expired Key. Key Expiry time 2024-01-01 and current time 2026-11-27', 'expired_key', '400'), 'expired_key'],
    [401, body("Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin.", 'auth_error', '401'), 'blocked_key'],
    [429, body('Budget has been exceeded! Current cost: 5.01, Max budget: 5.0', 'budget_exceeded', '429'), 'budget_exceeded'],
    [400, body('Budget has been exceeded! Current cost: 5.01, Max budget: 5.0', 'budget_exceeded', '400'), 'budget_exceeded'],
    [429, body('ExceededBudget: User=u1 over budget. Spend=3, Budget=2', 'budget_exceeded', '429'), 'budget_exceeded'],
    [429, body('LiteLLM Virtual Key: abc, key_alias: a, exceeded budget for model=sim-fast', null, '429'), 'budget_exceeded'],
    [403, body("key not allowed to access model. This key can only access models=['a']. Tried to access b", 'key_model_access_denied', '403'), 'model_not_allowed'],
    [401, body("key not allowed to access model. This key can only access models=['a']. Tried to access b", 'key_model_access_denied', '401'), 'model_not_allowed'],
    [403, body("The requested model 'b' is not available for this API key, or the model name is invalid.", 'key_model_access_denied', '403'), 'model_not_allowed'],
    [403, body('team not allowed to access model. This team can only access models=[a]. Tried to access b', 'team_model_access_denied', '403'), 'model_not_allowed'],
    [400, body('Invalid model name passed in model=nope', null, '400'), 'unknown_model'],
    [429, body('Rate limit exceeded for api_key: abc. Limit type: requests. Current limit: 2, Remaining: 0.', 'None', '429'), 'rate_limited'],
    [429, body('No deployments available for selected model, Try again in 12 seconds.', 'None', '429'), 'rate_limited'],
    [400, body("litellm.ContextWindowExceededError: This model's maximum context length is 4096 tokens", null, '400'), 'context_window'],
    [400, body('litellm.ContentPolicyViolationError: flagged', null, '400'), 'content_policy'],
    [400, { error: { message: { error: 'Violated guardrail policy', aporia_ai_response: { action: 'block' } }, type: 'None', param: 'None', code: '400' } }, 'guardrail_blocked'],
    [400, body('Guardrail raised an exception, Guardrail: pii-mask, Message: email address found', 'None', '400'), 'guardrail_blocked'],
    [400, body('Blocked entity detected: EMAIL_ADDRESS by Guardrail: presidio-pii. This entity is not allowed to be used in this request.', 'None', '400'), 'guardrail_blocked'],
    [400, body("Client-side 'metadata.tags' not allowed in request. 'reject_clientside_metadata_tags'=True.", 'bad_request_error', '400'), 'tags_rejected'],
    [400, body('Invalid request format: bad json', 'invalid_request_error', '400'), 'bad_request'],
    [401, body('litellm.AuthenticationError: upstream key wrong', null, '401'), 'upstream'],
    [500, body('Internal server error', 'internal_server_error', '500'), 'upstream'],
    [503, body('Service Unavailable, the authentication database is temporarily unreachable.', 'no_db_connection', '503'), 'service_unavailable'],
    [502, '<html>Bad gateway</html>', 'upstream'],
  ])('%i → %s', (status, payload, kind) => {
    expect(classifyErrorBody(status, payload, null).kind).toBe(kind);
  });

  it('reads the wait time from retry-after, or from the message', () => {
    expect(classifyErrorBody(429, body('Rate limit exceeded', 'None', '429'), '37').retryAfterS).toBe(37);
    expect(classifyErrorBody(429, body('No deployments available, Try again in 12 seconds.', 'None', '429'), null).retryAfterS).toBe(12);
  });

  it('names who ran out of budget', () => {
    expect(classifyErrorBody(429, body('Budget has been exceeded! Team=t1 Current cost: 9, Max budget: 8', 'budget_exceeded', '429'), null).scope).toMatchObject({ scope: 'team', id: 't1', spend: 9, limit: 8 });
    expect(classifyErrorBody(429, body('Budget has been exceeded! Current cost: 9, Max budget: 8', 'budget_exceeded', '429'), null).scope).toMatchObject({ scope: 'key', spend: 9, limit: 8 });
    expect(classifyErrorBody(429, body('LiteLLM Virtual Key: abc, key_alias: a, exceeded budget for model=sim-fast', 'budget_exceeded', '429'), null).scope).toMatchObject({
      scope: 'key_model',
      model: 'sim-fast',
    });
  });

  it('names the guardrail that blocked, when the message does', () => {
    expect(guardrailName('Guardrail raised an exception, Guardrail: pii-mask, Message: email address found')).toBe('pii-mask');
    expect(guardrailName('Blocked entity detected: EMAIL_ADDRESS by Guardrail: presidio-pii. This entity is not allowed to be used in this request.')).toBe('presidio-pii');
    const objectMessage = classifyErrorBody(400, { error: { message: { error: 'Violated guardrail policy' }, type: 'None', param: 'None', code: '400' } }, null);
    expect(objectMessage.message).toBe('{"error":"Violated guardrail policy"}');
    expect(guardrailName(objectMessage.message)).toBeNull();
  });

  it('names the guardrail of an object message from the x-litellm-applied-guardrails header of the error', () => {
    const block = { error: { message: { error: 'Violated guardrail policy' }, type: 'None', param: 'None', code: '400' } };
    const failure = classifyErrorBody(400, block, null, 'aporia-pre');
    expect(failure.kind).toBe('guardrail_blocked');
    expect(guardrailName(failure.message)).toBe('aporia-pre');
    expect(failure.message).toContain('Violated guardrail policy');
    // A message that names its guardrail keeps its own words; other errors ignore the header.
    const named = body('Guardrail raised an exception, Guardrail: pii-mask, Message: email address found', 'None', '400');
    expect(classifyErrorBody(400, named, null, 'pii-mask,toxicity').message).toBe('Guardrail raised an exception, Guardrail: pii-mask, Message: email address found');
    expect(classifyErrorBody(400, body('Invalid model name passed in model=nope', null, '400'), null, 'pii-mask').message).toBe('Invalid model name passed in model=nope');
  });
});

describe('guardrailMessage', () => {
  it('words a guardrail text with the guardrails named, so guardrailName reads it; the text alone when none is named', () => {
    expect(guardrailMessage('Violated policy', ['pii-mask', 'toxicity'])).toBe('Guardrail raised an exception, Guardrail: pii-mask / toxicity, Message: Violated policy');
    expect(guardrailName(guardrailMessage('Violated policy', ['pii-mask']))).toBe('pii-mask');
    expect(guardrailMessage('Violated policy', [])).toBe('Violated policy');
  });
});

describe('isWebPage', () => {
  it('knows a web page by its content type alone (a 200 whose body is not read) or by its markup', () => {
    expect(isWebPage('text/html; charset=utf-8')).toBe(true);
    expect(isWebPage('text/event-stream')).toBe(false);
    expect(isWebPage(null, '<!DOCTYPE html><title>Sign in</title>')).toBe(true);
    expect(isWebPage('application/json', '{"error":{}}')).toBe(false);
  });
});
