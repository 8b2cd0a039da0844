import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody, KeyInfoResponse } from '../../lib/gateway/wire';
import { simControl } from './control';
import { isLoopbackPeer } from './control-routes';
import { hashKey } from './keys';
import { type RunningGateway, startGateway } from './server';
import { chat, DEMO_KEY } from './test-support';

let gateway: RunningGateway;
const sim = () => simControl(gateway.url);
const keyInfo = async (key = DEMO_KEY) => KeyInfoResponse.parse(await (await fetch(`${gateway.url}/key/info`, { headers: { authorization: `Bearer ${key}` } })).json()).info;

beforeAll(async () => {
  gateway = await startGateway({ port: 0, batchWriteS: 0 });
});
afterAll(() => gateway.close());
beforeEach(() => sim().reset());

describe('who may use the control routes', () => {
  it('accepts loopback peers only', () => {
    expect(isLoopbackPeer('127.0.0.1')).toBe(true);
    expect(isLoopbackPeer('::ffff:127.0.0.1')).toBe(true);
    for (const peer of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1', undefined]) expect(isLoopbackPeer(peer)).toBe(false);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: gateway.port, path: '/__sim/log', headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('takes JSON bodies only, so a web page cannot post to them without a preflight', async () => {
    const response = await fetch(`${gateway.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"hang":true}' });
    expect(response.status).toBe(415);
    const preflight = await fetch(`${gateway.url}/__sim/faults`, { method: 'OPTIONS', headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects unknown fault fields', async () => {
    const response = await fetch(`${gateway.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hangg":true}' });
    expect(response.status).toBe(400);
  });
});

describe('control routes', () => {
  it('upserts model fields, and reset restores them', async () => {
    await sim().models([{ model_name: 'sim-fast', model_info: { max_input_tokens: 20 } }]);
    const refused = await fetch(`${gateway.url}/v1/chat/completions`, chat({}));
    expect(ErrorBody.parse(await refused.json()).error.message).toMatch(/^litellm\.ContextWindowExceededError/);
    await sim().reset();
    expect((await fetch(`${gateway.url}/v1/chat/completions`, chat({ max_tokens: 20 }))).status).toBe(200);
  });

  it('adds a model when given a whole record, and refuses an incomplete new one', async () => {
    const model_info = { id: 'sim-new-1', max_input_tokens: 1000, max_output_tokens: 100, input_cost_per_token: 0, output_cost_per_token: 0 };
    await sim().models([{ model_name: 'sim-new', litellm_params: { model: 'simulator/sim-new' }, model_info }]);
    expect((await fetch(`${gateway.url}/v1/chat/completions`, chat({ model: 'sim-new', max_tokens: 20 }))).status).toBe(200);
    // A spent key may still use a zero-cost model: LiteLLM skips the budget check for those.
    await sim().keys({ key: 'sk-demo-almost-empty', spend: 1 });
    expect((await fetch(`${gateway.url}/v1/chat/completions`, chat({ model: 'sim-new', max_tokens: 20 }, { key: 'sk-demo-almost-empty' }))).status).toBe(200);
    expect((await fetch(`${gateway.url}/v1/chat/completions`, chat({ max_tokens: 20 }, { key: 'sk-demo-almost-empty' }))).status).toBe(429);
    await expect(sim().models([{ model_name: 'sim-half', model_info: { max_input_tokens: 5 } }])).rejects.toThrow(/HTTP 400/);
  });

  it('upserts keys: spend shows at once in headers and /key/info', async () => {
    await sim().keys({ key: DEMO_KEY, spend: 4.5 });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, chat({ max_tokens: 20 }));
    expect(Number(response.headers.get('x-litellm-key-spend'))).toBeGreaterThan(4.5);
    expect((await keyInfo()).spend).toBeGreaterThan(4.5);
    await sim().keys([{ key: 'sk-brand-new', max_budget: 1, models: ['sim-tiny'] }]);
    expect((await keyInfo('sk-brand-new')).models).toEqual(['sim-tiny']);
    await expect(sim().keys({ key: 'sk-x', max_budgett: 1 } as never)).rejects.toThrow(/HTTP 400/);
  });

  it('moves the clock: a key expires when its time passes', async () => {
    await sim().keys({ key: 'sk-short-lived', expires: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await fetch(`${gateway.url}/key/info`, { headers: { authorization: 'Bearer sk-short-lived' } })).status).toBe(200);
    await sim().clock(2 * 3_600_000);
    const expired = await fetch(`${gateway.url}/key/info`, { headers: { authorization: 'Bearer sk-short-lived' } });
    expect(ErrorBody.parse(await expired.json()).error.type).toBe('expired_key');
  });

  it('reset re-reads the keys file and empties the log', async () => {
    await fetch(`${gateway.url}/v1/chat/completions`, chat({ max_tokens: 20 }));
    expect((await keyInfo()).spend).toBeGreaterThan(0);
    expect(await sim().log()).toHaveLength(1);
    await sim().reset();
    expect((await keyInfo()).spend).toBe(0);
    expect(await sim().log()).toEqual([]);
  });

  it('logs failed requests too', async () => {
    await fetch(`${gateway.url}/v1/chat/completions`, chat({}, { key: 'sk-demo-expired' }));
    await fetch(`${gateway.url}/v1/chat/completions`, chat({}, { key: null }));
    const [expired, anonymous] = await sim().log();
    expect(expired).toMatchObject({ status: 401, keyHash: hashKey('sk-demo-expired'), keyAlias: 'expired', cost: 0, model: 'sim-fast' });
    expect(anonymous).toMatchObject({ status: 401, keyHash: null });
  });
});
