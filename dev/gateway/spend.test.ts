import { afterEach, describe, expect, it } from 'vitest';
import { ChatCompletion, ErrorBody, KeyGenerateResponse, KeyInfoResponse } from '../../lib/gateway/wire';
import { simControl } from './control';
import type { KeyRecord } from './keys';
import { type GatewayOptions, type RunningGateway, startGateway } from './server';
import { chat, LONG_DOCUMENT, MASTER_KEY, readSse } from './test-support';

const DAY = 86_400_000;
let gateway: RunningGateway | undefined;
let now = Date.UTC(2026, 5, 15, 12, 0, 0);

async function start(keys: KeyRecord[], options: GatewayOptions = {}): Promise<RunningGateway> {
  now = Date.UTC(2026, 5, 15, 12, 0, 0);
  gateway = await startGateway({ port: 0, keys, now: () => now, batchWriteS: 0, ...options });
  return gateway;
}
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const complete = (g: RunningGateway, key: string, body: Record<string, unknown> = {}) => fetch(`${g.url}/v1/chat/completions`, chat({ max_tokens: 60, ...body }, { key }));
const keyInfo = async (g: RunningGateway, key: string) =>
  KeyInfoResponse.parse(await (await fetch(`${g.url}/key/info`, { headers: { authorization: `Bearer ${key}` } })).json()).info;

describe('spend and budgets', () => {
  it('spends a key down to its budget, then refuses the next request', async () => {
    const g = await start([{ key: 'sk-small', max_budget: 0.001 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 20 && !statuses.includes(429); i++) statuses.push((await complete(g, 'sk-small')).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    const spend = (await keyInfo(g, 'sk-small')).spend;
    // The request that crossed the line was allowed; the one after it was not.
    expect(spend).toBeGreaterThanOrEqual(0.001);
    const log = await simControl(g.url).log();
    expect(log.at(-2)?.status).toBe(200);
    expect(spend - (log.at(-2)?.cost ?? 0)).toBeLessThan(0.001);
    const refused = ErrorBody.parse(await (await complete(g, 'sk-small')).json());
    expect(refused.error.type).toBe('budget_exceeded');
  });

  it('charges prompt and completion tokens at the model prices', async () => {
    const g = await start([{ key: 'sk-a' }]);
    const response = await complete(g, 'sk-a', { model: 'sim-tiny' });
    const { usage } = ChatCompletion.parse(await response.json());
    const cost = usage.prompt_tokens * 1e-7 + usage.completion_tokens * 4e-7;
    expect(Number(response.headers.get('x-litellm-response-cost'))).toBeCloseTo(cost, 15);
    expect((await simControl(g.url).log())[0]?.cost).toBeCloseTo(cost, 15);
    expect((await keyInfo(g, 'sk-a')).spend).toBeCloseTo(cost, 15);
  });

  it('resets the budget when the clock passes budget_reset_at, and schedules the next reset', async () => {
    const g = await start([{ key: 'sk-daily', max_budget: 0.0001, spend: 0.0001, budget_duration: '1d' }]);
    expect((await keyInfo(g, 'sk-daily')).budget_reset_at).toBe('2026-06-16T00:00:00Z');
    expect((await complete(g, 'sk-daily')).status).toBe(429);
    now += DAY;
    const response = await complete(g, 'sk-daily');
    expect(response.status).toBe(200);
    const info = await keyInfo(g, 'sk-daily');
    expect(info.budget_reset_at).toBe('2026-06-17T00:00:00Z');
    expect(info.spend).toBeCloseTo(Number(response.headers.get('x-litellm-response-cost')), 15);
  });

  it('moves the clock through the control route too', async () => {
    const g = await start([{ key: 'sk-monthly', max_budget: 1, spend: 1, budget_duration: '30d' }], { now: undefined });
    expect((await keyInfo(g, 'sk-monthly')).budget_reset_at).toMatch(/-01T00:00:00Z$/);
    expect((await complete(g, 'sk-monthly')).status).toBe(429);
    await simControl(g.url).clock(32 * DAY);
    expect((await complete(g, 'sk-monthly')).status).toBe(200);
  });

  it('shows spend in x-litellm-key-spend at once and in /key/info only after the batch write', async () => {
    const g = await start([{ key: 'sk-lag' }], { batchWriteS: 10 });
    const first = await complete(g, 'sk-lag');
    const cost = Number(first.headers.get('x-litellm-response-cost'));
    expect(Number(first.headers.get('x-litellm-key-spend'))).toBeCloseTo(cost, 15);
    expect((await keyInfo(g, 'sk-lag')).spend).toBe(0);
    now += 9_999;
    const second = await complete(g, 'sk-lag');
    expect(Number(second.headers.get('x-litellm-key-spend'))).toBeCloseTo(cost + Number(second.headers.get('x-litellm-response-cost')), 15);
    expect((await keyInfo(g, 'sk-lag')).spend).toBe(0);
    now += 1;
    expect((await keyInfo(g, 'sk-lag')).spend).toBeCloseTo(cost, 15);
    now += 10_000;
    expect((await keyInfo(g, 'sk-lag')).spend).toBeCloseTo(Number(second.headers.get('x-litellm-key-spend')), 15);
  });

  it('charges a stream when it completes and reports pre-call spend on it', async () => {
    const g = await start([{ key: 'sk-stream' }]);
    const response = await complete(g, 'sk-stream', { stream: true });
    expect(response.headers.get('x-litellm-key-spend')).toBe('0.0');
    await readSse(response);
    const [entry] = await simControl(g.url).log();
    expect(entry?.stream).toBe(true);
    expect(entry?.cost).toBeGreaterThan(0);
    const next = await complete(g, 'sk-stream');
    expect(Number(next.headers.get('x-litellm-key-spend'))).toBeCloseTo((entry?.cost ?? 0) + Number(next.headers.get('x-litellm-response-cost')), 15);
  });
});

describe('rate limits', () => {
  it('allows rpm_limit requests per window, then answers 429 until the window ends', async () => {
    const g = await start([{ key: 'sk-rpm2', rpm_limit: 2 }], { rateWindowS: 60 });
    expect((await complete(g, 'sk-rpm2')).status).toBe(200);
    expect((await complete(g, 'sk-rpm2')).status).toBe(200);
    const limited = await complete(g, 'sk-rpm2');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    now += 59_000;
    expect((await complete(g, 'sk-rpm2')).status).toBe(429);
    now += 1_000;
    expect((await complete(g, 'sk-rpm2')).status).toBe(200);
  });

  it('refuses once the window has used up tpm_limit output tokens', async () => {
    const g = await start([{ key: 'sk-tpm', tpm_limit: 10 }]);
    expect((await complete(g, 'sk-tpm')).status).toBe(200);
    const limited = await complete(g, 'sk-tpm');
    expect(limited.status).toBe(429);
    expect(ErrorBody.parse(await limited.json()).error.message).toContain('Limit type: tokens. Current limit: 10');
  });
});

describe('prompt caching', () => {
  const longSystem = `${LONG_DOCUMENT}\n`.repeat(20);
  const cachedRequest = (model: string) => ({
    model,
    messages: [
      { role: 'system', content: [{ type: 'text', text: longSystem, cache_control: { type: 'ephemeral' } }] },
      { role: 'user', content: LONG_DOCUMENT },
    ],
  });

  it('writes a marked prefix on the first call and reads it on the next, at the cache prices', async () => {
    const g = await start([{ key: 'sk-cache' }]);
    const first = ChatCompletion.parse(await (await complete(g, 'sk-cache', cachedRequest('sim-cache'))).json());
    const prefix = first.usage.cache_creation_input_tokens ?? 0;
    expect(prefix).toBeGreaterThan(1024);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    const secondResponse = await complete(g, 'sk-cache', cachedRequest('sim-cache'));
    const second = ChatCompletion.parse(await secondResponse.json());
    expect(second.usage.cache_read_input_tokens).toBe(prefix);
    expect(second.usage.prompt_tokens_details?.cached_tokens).toBe(prefix);
    const expected = (second.usage.prompt_tokens - prefix) * 3e-6 + prefix * 3e-7 + second.usage.completion_tokens * 1.5e-5;
    expect(Number(secondResponse.headers.get('x-litellm-response-cost'))).toBeCloseTo(expected, 12);
    const log = await simControl(g.url).log();
    expect(log.map((e) => e.cacheControl)).toEqual([true, true]);
  });

  it('ignores cache_control on a model without prompt caching', async () => {
    const g = await start([{ key: 'sk-cache' }]);
    await complete(g, 'sk-cache', cachedRequest('sim-fast'));
    const response = await complete(g, 'sk-cache', cachedRequest('sim-fast'));
    const { usage } = ChatCompletion.parse(await response.json());
    expect(usage.cache_read_input_tokens).toBeUndefined();
    expect(Number(response.headers.get('x-litellm-response-cost'))).toBeCloseTo(usage.prompt_tokens * 1.5e-6 + usage.completion_tokens * 6e-6, 12);
  });
});

describe('/key/generate', () => {
  it('creates a usable key with budget, period, expiry and limits', async () => {
    const g = await start([]);
    const response = await fetch(`${g.url}/key/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key_alias: 'ext-user-1', models: ['sim-fast'], max_budget: 2, budget_duration: '7d', duration: '30d', rpm_limit: 60, user_id: 'u1', metadata: { tags: ['ext'] } }),
    });
    expect(response.status).toBe(200);
    const created = KeyGenerateResponse.parse(await response.json());
    expect(created.key).toMatch(/^sk-[\w-]{22}$/);
    expect(created).toMatchObject({ key_alias: 'ext-user-1', models: ['sim-fast'], max_budget: 2, budget_duration: '7d', rpm_limit: 60, user_id: 'u1', spend: 0 });
    expect(created.expires).toBe('2026-07-15T12:00:00Z');
    expect(created.budget_reset_at).toBe('2026-06-22T00:00:00Z'); // next Monday
    expect((await complete(g, created.key)).status).toBe(200);
    expect((await simControl(g.url).log())[0]?.tags).toEqual(['ext']);
  });

  it('validates the body as FastAPI does', async () => {
    const g = await start([]);
    const response = await fetch(`${g.url}/key/generate`, { method: 'POST', headers: { authorization: `Bearer ${MASTER_KEY}` }, body: '{"max_budget":"lots"}' });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ detail: [{ loc: ['body', 'max_budget'] }] });
  });
});
