import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../lib/gateway/wire';
import { simControl } from './control';
import { hashKey, type KeyRecord } from './keys';
import { type RunningGateway, startGateway } from './server';
import { chat, MASTER_KEY } from './test-support';

const KEYS: KeyRecord[] = [
  { key: 'sk-ok' },
  { key: 'sk-one-model', models: ['sim-fast'] },
  { key: 'sk-expired', expires: '2025-01-01T00:00:00Z' },
  { key: 'sk-spent', key_alias: 'spent', max_budget: 1, spend: 1 },
  { key: 'sk-spent-without-alias', max_budget: 1, spend: 1.5 },
  { key: 'sk-blocked', blocked: true },
  { key: 'sk-team-member', team_id: 'team-a' },
  { key: 'sk-over-user', user_id: 'u-over' },
  { key: 'sk-rpm1', rpm_limit: 1 },
];
const options = { port: 0, keys: KEYS, teams: [{ team_id: 'team-a', max_budget: 2, spend: 2.5 }], users: [{ user_id: 'u-over', max_budget: 1, spend: 1 }], batchWriteS: 0 };

interface Expected {
  status: number;
  type: string | null;
  param?: string | null;
  message: string | RegExp;
}

async function expectError(response: Response, expected: Expected): Promise<void> {
  const body = ErrorBody.parse(await response.json());
  expect(response.status).toBe(expected.status);
  expect(body.error.code).toBe(String(expected.status));
  expect(body.error.type).toBe(expected.type);
  if (expected.param !== undefined) expect(body.error.param).toBe(expected.param);
  if (typeof expected.message === 'string') expect(body.error.message).toBe(expected.message);
  else expect(body.error.message).toMatch(expected.message);
}

const modes = [
  { name: 'newest statuses', legacyStatuses: false, budget: 429, denied: 403, expired: 401 },
  { name: 'legacy statuses', legacyStatuses: true, budget: 400, denied: 401, expired: 400 },
];

describe.each(modes)('errors with $name', ({ legacyStatuses, budget, denied, expired }) => {
  let gateway: RunningGateway;
  const send = (body: Record<string, unknown>, key: string | null, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/v1/chat/completions`, chat({ max_tokens: 50, ...body }, { key, headers }));

  beforeAll(async () => {
    gateway = await startGateway({ ...options, legacyStatuses });
  });
  afterAll(() => gateway.close());

  it('refuses a request without a key', async () => {
    await expectError(await send({}, null), { status: 401, type: 'auth_error', param: 'None', message: 'Authentication Error, No api key passed in.' });
  });

  it('refuses an Authorization header without a scheme', async () => {
    await expectError(await send({}, null, { authorization: 'Token sk-ok' }), {
      status: 401,
      type: 'auth_error',
      message: 'Authentication Error, Malformed API Key passed in. Ensure Key has `Bearer ` prefix.',
    });
  });

  it('refuses a key that is not a virtual key, masking it', async () => {
    await expectError(await send({}, 'abcdefghijkl'), { status: 401, type: 'auth_error', message: "LiteLLM Virtual Key expected. Received=abcd****ijkl, expected to start with 'sk-'." });
  });

  it('refuses an unknown key, naming its hash', async () => {
    const response = await send({}, 'sk-unknown-1234');
    await expectError(response, {
      status: 401,
      type: 'token_not_found_in_db',
      param: 'key',
      message: `Authentication Error, Invalid proxy server token passed. Received API Key = sk-...1234, Key Hash (Token) =${hashKey('sk-unknown-1234')}. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
    });
    expect(response.headers.get('x-litellm-call-id')).toBeNull();
  });

  it('refuses a blocked key', async () => {
    await expectError(await send({}, 'sk-blocked'), { status: 401, type: 'auth_error', message: "Authentication Error, Key is blocked. Update via `/key/unblock` if you're an admin." });
  });

  it('refuses an expired key, on every route', async () => {
    const expected = {
      status: expired,
      type: 'expired_key',
      param: 'sk-...ired',
      message: /^Authentication Error - Expired Key\. Key Expiry time 2025-01-01 00:00:00\+00:00 and current time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\+00:00$/,
    };
    await expectError(await send({}, 'sk-expired'), expected);
    await expectError(await fetch(`${gateway.url}/key/info`, { headers: { authorization: 'Bearer sk-expired' } }), expected);
  });

  it('refuses a key whose budget is spent, naming the key in newest builds', async () => {
    const named = legacyStatuses ? '' : 'Key=spent (sk-...pent) ';
    await expectError(await send({}, 'sk-spent'), { status: budget, type: 'budget_exceeded', param: null, message: `Budget has been exceeded! ${named}Current cost: 1.0, Max budget: 1.0` });
    const unnamed = legacyStatuses ? '' : 'Key=sk-...lias ';
    await expectError(await send({}, 'sk-spent-without-alias'), { status: budget, type: 'budget_exceeded', message: `Budget has been exceeded! ${unnamed}Current cost: 1.5, Max budget: 1.0` });
  });

  it('still answers /key/info for a key over budget', async () => {
    expect((await fetch(`${gateway.url}/key/info`, { headers: { authorization: 'Bearer sk-spent' } })).status).toBe(200);
  });

  it("refuses when the key's team or user is over budget", async () => {
    await expectError(await send({}, 'sk-team-member'), { status: budget, type: 'budget_exceeded', message: 'Budget has been exceeded! Team=team-a Current cost: 2.5, Max budget: 2.0' });
    await expectError(await send({}, 'sk-over-user'), { status: budget, type: 'budget_exceeded', message: 'ExceededBudget: User=u-over over budget. Spend=1.0, Budget=1.0' });
  });

  it('refuses a model the key may not use', async () => {
    await expectError(await send({ model: 'sim-cache' }, 'sk-one-model'), {
      status: denied,
      type: 'key_model_access_denied',
      param: 'model',
      message: "key not allowed to access model. This key can only access models=['sim-fast']. Tried to access sim-cache",
    });
  });

  it('refuses an unknown model, with the headers of a post-auth error', async () => {
    const response = await send({ model: 'gpt-nope' }, 'sk-ok');
    await expectError(response, {
      status: 400,
      type: 'invalid_request_error',
      param: null,
      message: '/chat/completions: Invalid model name passed in model=gpt-nope. Call `/v1/models` to view available models for your key.',
    });
    expect(response.headers.get('x-litellm-call-id')).toBeTruthy();
    expect(response.headers.get('x-litellm-response-cost')).toBe('0.0');
  });

  it('refuses a prompt over the context window, and max_tokens over the output limit', async () => {
    await simControl(gateway.url).models([{ model_name: 'sim-tiny', model_info: { max_input_tokens: 50 } }]);
    await expectError(await send({ model: 'sim-tiny' }, 'sk-ok'), {
      status: 400,
      type: 'invalid_request_error',
      param: null,
      message: /^litellm\.ContextWindowExceededError: .*maximum context length is 50 tokens\. However, your messages resulted in \d+ tokens\..*\n\nLiteLLM: model group 'sim-tiny' failed with the error above\. No fallback was attempted\.$/s,
    });
    await simControl(gateway.url).reset();
    await expectError(await send({ model: 'sim-tiny', max_tokens: 5000 }, 'sk-ok'), {
      status: 400,
      type: 'invalid_request_error',
      message: /^litellm\.BadRequestError: .*max_tokens is too large: 5000/,
    });
  });

  it('refuses malformed bodies', async () => {
    const badJson = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-ok' }, body: '{"model": ' });
    await expectError(badJson, { status: 400, type: 'invalid_request_error', param: 'request_body', message: /^Invalid JSON payload: / });
    const empty = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-ok' }, body: '' });
    await expectError(empty, { status: 400, type: 'invalid_request_error', param: 'messages', message: "/chat/completions: Missing required parameter: 'messages'." });
    await expectError(await send({ messages: 'hello' }, 'sk-ok'), { status: 400, type: 'invalid_request_error', message: /^Invalid request format: messages: / });
  });

  it('limits requests per minute with a retry-after header', async () => {
    expect((await send({}, 'sk-rpm1')).status).toBe(200);
    const limited = await send({}, 'sk-rpm1');
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('rate_limit_type')).toBe('requests');
    await expectError(limited, {
      status: 429,
      type: 'None',
      message: new RegExp(`^Rate limit exceeded for api_key: ${hashKey('sk-rpm1')}\\. Limit type: requests\\. Current limit: 1, Remaining: 0\\. Limit resets at: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$`),
    });
  });

  it('keeps /key/generate for the master key', async () => {
    const response = await fetch(`${gateway.url}/key/generate`, { method: 'POST', headers: { authorization: 'Bearer sk-ok', 'content-type': 'application/json' }, body: '{}' });
    await expectError(response, {
      status: 401,
      type: 'auth_error',
      message: 'Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=/key/generate. Your role=unknown. Your user_id=unknown',
    });
    const asMaster = await fetch(`${gateway.url}/key/generate`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' }, body: '{}' });
    expect(asMaster.status).toBe(200);
  });
});

describe('client-side tag policy', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway({ ...options, rejectClientsideMetadataTags: true });
  });
  afterAll(() => gateway.close());

  it('refuses metadata.tags before authentication, and allows other tag sources', async () => {
    for (const key of ['sk-ok', 'sk-unknown-key']) {
      await expectError(await fetch(`${gateway.url}/v1/chat/completions`, chat({ metadata: { tags: ['x'] } }, { key })), {
        status: 400,
        type: 'bad_request_error',
        param: 'metadata.tags',
        message: "Client-side 'metadata.tags' not allowed in request. 'reject_clientside_metadata_tags'=True. Tags can only be set via API key metadata.",
      });
    }
    const allowed = await fetch(`${gateway.url}/v1/chat/completions`, chat({ tags: ['x'], max_tokens: 20 }, { key: 'sk-ok', headers: { 'x-litellm-tags': 'y' } }));
    expect(allowed.status).toBe(200);
  });
});
