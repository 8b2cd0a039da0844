import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatChunk, ChatCompletion, KeyInfoResponse, ModelInfoResponse, ModelsResponse } from '../../lib/gateway/wire';
import { simControl } from './control';
import { LITELLM_UI_ALLOW_HEADERS } from './cors';
import { hashKey } from './keys';
import { NOTICE } from './offline-model';
import { type RunningGateway, startGateway } from './server';
import { chat, DEMO_KEY, LONG_DOCUMENT, MASTER_KEY, readSse, validatorFor } from './test-support';

let gateway: RunningGateway;
const sim = () => simControl(gateway.url);
const get = (path: string, key: string | null = DEMO_KEY, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
const post = (path: string, init: RequestInit) => fetch(`${gateway.url}${path}`, init);

beforeAll(async () => {
  gateway = await startGateway({ port: 0, batchWriteS: 0 });
});
afterAll(() => gateway.close());
beforeEach(() => sim().reset());

describe('read routes', () => {
  it('answers liveliness without a key', async () => {
    for (const path of ['/health/liveliness', '/health/liveness']) {
      const response = await get(path, null);
      expect(response.status).toBe(200);
      expect(await response.json()).toBe("I'm alive!");
    }
  });

  it("lists only the key's models on /v1/models and /models", async () => {
    const all = ModelsResponse.parse(await (await get('/v1/models')).json());
    expect(all.data.map((m) => m.id)).toEqual(['sim-fast', 'sim-cache', 'sim-tiny']);
    const one = ModelsResponse.parse(await (await get('/models', 'sk-demo-one-model')).json());
    expect(one.data.map((m) => m.id)).toEqual(['sim-fast']);
  });

  it('serves context windows and prices on /model/info and /v1/model/info', async () => {
    const info = ModelInfoResponse.parse(await (await get('/v1/model/info')).json());
    const fast = info.data.find((m) => m.model_name === 'sim-fast')?.model_info;
    expect(fast).toMatchObject({ max_input_tokens: 128000, max_output_tokens: 4096, input_cost_per_token: 1.5e-6, output_cost_per_token: 6e-6, supports_response_schema: true, supports_prompt_caching: false });
    const cache = info.data.find((m) => m.model_name === 'sim-cache')?.model_info;
    expect(cache).toMatchObject({ max_input_tokens: 200000, input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 3e-7, supports_prompt_caching: true, supports_response_schema: false });
    const restricted = ModelInfoResponse.parse(await (await get('/model/info', 'sk-demo-one-model')).json());
    expect(restricted.data.map((m) => m.model_name)).toEqual(['sim-fast']);
    const byId = ModelInfoResponse.parse(await (await get('/model/info?litellm_model_id=sim-tiny-deployment-1')).json());
    expect(byId.data.map((m) => m.model_name)).toEqual(['sim-tiny']);
  });

  it('answers /key/info about the calling key, echoing its hash', async () => {
    const body = KeyInfoResponse.parse(await (await get('/key/info')).json());
    expect(body.key).toBe(hashKey(DEMO_KEY));
    expect(body.info).toMatchObject({ key_name: 'sk-...5usd', key_alias: 'demo', spend: 0, max_budget: 5, budget_duration: '30d', models: [], user_id: 'demo.user@example.com' });
    expect(body.info.budget_reset_at).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
  });

  it('lets a key read only its own info, and the master key any', async () => {
    expect((await get(`/key/info?key=${DEMO_KEY}`)).status).toBe(200);
    const other = await get('/key/info?key=sk-demo-rpm2');
    expect(other.status).toBe(403);
    const asMaster = KeyInfoResponse.parse(await (await get('/key/info?key=sk-demo-rpm2', MASTER_KEY)).json());
    expect(asMaster).toMatchObject({ key: 'sk-demo-rpm2', info: { rpm_limit: 2 } });
    const missing = await get('/key/info?key=sk-nobody', MASTER_KEY);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'Key not found in database', type: 'not_found_error', param: 'key', code: '404' } });
  });

  it('answers unknown routes and methods as FastAPI does', async () => {
    const missing = await get('/v1/nothing');
    expect([missing.status, await missing.json()]).toEqual([404, { detail: 'Not Found' }]);
    const wrongMethod = await post('/v1/models', { method: 'POST' });
    expect([wrongMethod.status, await wrongMethod.json()]).toEqual([405, { detail: 'Method Not Allowed' }]);
  });
});

describe('chat completions', () => {
  it('answers a full completion with usage and the cost headers', async () => {
    const response = await post('/v1/chat/completions', chat({}, { headers: { 'x-litellm-call-id': 'call-123' } }));
    expect(response.status).toBe(200);
    const body = ChatCompletion.parse(await response.json());
    expect(body.object).toBe('chat.completion');
    expect(body.model).toBe('sim-fast');
    expect(body.choices[0]?.message.content?.split('\n')[0]).toBe(NOTICE.en);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    const cost = body.usage.prompt_tokens * 1.5e-6 + body.usage.completion_tokens * 6e-6;
    const h = response.headers;
    expect(h.get('x-litellm-call-id')).toBe('call-123');
    expect(Number(h.get('x-litellm-response-cost'))).toBeCloseTo(cost, 12);
    expect(Number(h.get('x-litellm-key-spend'))).toBeCloseTo(cost, 12);
    expect(h.get('x-litellm-key-max-budget')).toBe('5.0');
    expect(h.get('x-litellm-version')).toMatch(/^\d+\.\d+\.\d+\+simulator$/);
    expect(h.get('x-litellm-model-group')).toBe('sim-fast');
    expect(h.get('x-litellm-key-rpm-limit')).toBeNull();
  });

  it('streams chunks, a usage chunk when asked, then [DONE]; no cost header, pre-call spend', async () => {
    await post('/v1/chat/completions', chat({}));
    const before = KeyInfoResponse.parse(await (await get('/key/info')).json()).info.spend;
    const response = await post('/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-litellm-response-cost')).toBeNull();
    expect(Number(response.headers.get('x-litellm-key-spend'))).toBeCloseTo(before, 12);
    const { data, ended } = await readSse(response);
    expect(ended).toBe(true);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => ChatChunk.parse(JSON.parse(d)));
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    // LiteLLM 1.108.7's usage chunk: one empty choice, and the cost it computed in usage.cost.
    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([{ index: 0, delta: {} }]);
    expect(usageChunk?.usage?.completion_tokens).toBeGreaterThan(0);
    const usage = usageChunk!.usage!;
    expect(usage.cost).toBeCloseTo(usage.prompt_tokens * 1.5e-6 + usage.completion_tokens * 6e-6, 12);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text.startsWith(NOTICE.en)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('sends no usage chunk without include_usage', async () => {
    const { data } = await readSse(await post('/v1/chat/completions', chat({ stream: true })));
    const chunks = data.slice(0, -1).map((d) => ChatChunk.parse(JSON.parse(d)));
    expect(chunks.every((c) => c.usage == null && c.choices.length === 1)).toBe(true);
  });

  it('a stream that runs out of max_tokens ends with finish_reason "length", cut to that many tokens', async () => {
    const { data, ended } = await readSse(await post('/v1/chat/completions', chat({ stream: true, max_tokens: 20, stream_options: { include_usage: true } })));
    expect(ended).toBe(true);
    const chunks = data.slice(0, -1).map((d) => ChatChunk.parse(JSON.parse(d)));
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('length');
    const completionTokens = chunks.at(-1)?.usage?.completion_tokens ?? 0;
    expect(completionTokens).toBeGreaterThan(0);
    expect(completionTokens).toBeLessThanOrEqual(20);
  });

  it('answers json_schema requests with JSON valid for the schema', async () => {
    const schema = {
      type: 'object',
      properties: {
        summary: { type: 'string', maxLength: 80 },
        issueType: { type: 'string', enum: ['Bug', 'Task', 'Story'] },
        description: { type: 'string' },
        labels: { type: 'array', items: { type: 'string', pattern: '^\\S+$' }, maxItems: 5 },
      },
      required: ['summary', 'issueType', 'description', 'labels'],
      additionalProperties: false,
    };
    const response = await post('/v1/chat/completions', chat({ response_format: { type: 'json_schema', json_schema: { name: 'ticket', schema, strict: true } } }));
    const body = ChatCompletion.parse(await response.json());
    const ticket = validatorFor(schema).parse(JSON.parse(body.choices[0]?.message.content ?? '')) as Record<string, unknown>;
    expect(ticket.summary).toBe('Gateway rollout plan');
    expect(ticket.issueType).toBe('Bug');
  });

  it('records tags, end user and request details in the spend log', async () => {
    await post('/v1/chat/completions', chat({ metadata: { tags: ['feature:summarize'] }, tags: ['lang:en'], user: 'body-user' }, { headers: { 'x-litellm-end-user-id': 'header-user' } }));
    await post('/v1/chat/completions', chat({}, { headers: { 'x-litellm-tags': 'feature:jira, source:popup' } }));
    const [first, second] = await sim().log();
    expect(first).toMatchObject({ tags: ['feature:summarize', 'lang:en'], user: 'header-user', keyHash: hashKey(DEMO_KEY), keyAlias: 'demo', model: 'sim-fast', status: 200, stream: false, path: '/v1/chat/completions' });
    expect(first?.requestMessages).toEqual([{ role: 'user', content: LONG_DOCUMENT }]);
    expect(second?.tags).toEqual(['feature:jira', 'source:popup']);
    expect(second?.user).toBeNull();
  });

  it('takes the key from every header LiteLLM reads, x-litellm-api-key first', async () => {
    const headerSets: Record<string, string>[] = [
      { 'x-litellm-api-key': DEMO_KEY, authorization: 'Token nonsense' },
      { 'x-litellm-api-key': `Bearer ${DEMO_KEY}` },
      { 'api-key': DEMO_KEY },
      { 'x-api-key': DEMO_KEY },
      { 'x-goog-api-key': DEMO_KEY },
    ];
    for (const headers of headerSets) expect((await post('/v1/chat/completions', chat({ max_tokens: 20 }, { key: null, headers }))).status).toBe(200);
  });

  it('reports key limits and what is left of them', async () => {
    const response = await post('/v1/chat/completions', chat({}, { key: 'sk-demo-rpm2' }));
    expect(response.headers.get('x-litellm-key-rpm-limit')).toBe('2');
    expect(response.headers.get('x-ratelimit-api_key-limit-requests')).toBe('2');
    expect(response.headers.get('x-ratelimit-api_key-remaining-requests')).toBe('1');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
  });
});

describe('CORS', () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  it('answers preflights for any origin, method and header', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-litellm-tags' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('OK');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type,x-litellm-tags');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exposes only the UI headers: cost and spend stay hidden from cross-origin scripts', async () => {
    const response = await post('/v1/chat/completions', chat({}, { headers: { origin } }));
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim());
    expect(exposed).toEqual([...LITELLM_UI_ALLOW_HEADERS]);
    for (const hidden of ['x-litellm-response-cost', 'x-litellm-key-spend', 'x-litellm-key-max-budget', 'retry-after']) expect(exposed).not.toContain(hidden);
    const errorResponse = await get('/key/info', 'sk-unknown', { origin });
    expect(errorResponse.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('adds no CORS headers to a request without Origin', async () => {
    expect((await get('/v1/models')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
