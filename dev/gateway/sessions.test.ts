/** Session ids as LiteLLM's spend log records them (addendum §4). */
import { afterEach, describe, expect, it } from 'vitest';
import { simControl } from './control';
import { type RunningGateway, startGateway } from './server';
import { chat } from './test-support';

let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

describe('the session id in the log', () => {
  it('comes from the trace header, then the session header, then a vendor session header, then the body; else each request is its own', async () => {
    gateway = await startGateway({ port: 0, batchWriteS: 0 });
    const send = (headers: Record<string, string>, body: Record<string, unknown> = {}) => fetch(`${gateway!.url}/v1/chat/completions`, chat({ max_tokens: 5, ...body }, { headers }));
    await send({ 'x-litellm-trace-id': 'trace-1', 'x-litellm-session-id': 'session-1' });
    await send({ 'x-litellm-session-id': 'session-1' }, { litellm_session_id: 'body-1' });
    await send({ 'x-langfuse-session-id': 'vendor_1234' });
    await send({ 'x-langfuse-session-id': 'short' }, { litellm_session_id: 'body-1' });
    await send({});
    await send({});
    const ids = (await simControl(gateway.url).log()).map((entry) => entry.sessionId);
    expect(ids.slice(0, 4)).toEqual(['trace-1', 'session-1', 'vendor_1234', 'body-1']);
    expect(ids[4]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[5]).not.toBe(ids[4]);
  });
});
