/** Guardrails as the client sees them (addendum §5), configured through `POST /__sim/guardrails`. */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatCompletion, ErrorBody } from '../../lib/gateway/wire';
import { simControl } from './control';
import { type RunningGateway, startGateway } from './server';
import { chat, readSse } from './test-support';

let gateway: RunningGateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function withGuardrails(list: Parameters<ReturnType<typeof simControl>['guardrails']>[0]): Promise<RunningGateway> {
  gateway = await startGateway({ port: 0, batchWriteS: 0 });
  await simControl(gateway.url).guardrails(list);
  return gateway;
}

const ask = (g: RunningGateway, content: string, body: Record<string, unknown> = {}) =>
  fetch(`${g.url}/v1/chat/completions`, chat({ max_tokens: 40, messages: [{ role: 'user', content }], ...body }));

describe('guardrails', () => {
  it('a default_on guardrail that lets the request through is named in x-litellm-applied-guardrails', async () => {
    const g = await withGuardrails([{ guardrail_name: 'pii-mask', block_on: 'secret' }, { guardrail_name: 'toxicity' }]);
    const response = await ask(g, 'A harmless question about the weather.');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-litellm-applied-guardrails')).toBe('pii-mask,toxicity');
  });

  it('a guardrail that is not default_on runs only when the request names it, as a list or as an object', async () => {
    const g = await withGuardrails([{ guardrail_name: 'opt-in', default_on: false, block_on: 'secret' }]);
    expect((await ask(g, 'my secret')).status).toBe(200);
    expect((await ask(g, 'my secret', { guardrails: ['opt-in'] })).status).toBe(400);
    expect((await ask(g, 'my secret', { guardrails: { 'opt-in': { extra_body: {} } } })).status).toBe(400);
  });

  it('raising mode: 400, type and param "None", the message naming the guardrail, nothing charged', async () => {
    const g = await withGuardrails([{ guardrail_name: 'pii-mask', block_on: 'secret', message: 'email address found' }]);
    const response = await ask(g, 'Here is a Secret.');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'Guardrail raised an exception, Guardrail: pii-mask, Message: email address found', type: 'None', param: 'None', code: '400' },
    });
    expect(response.headers.get('x-litellm-applied-guardrails')).toBe('pii-mask');
    const [entry] = await simControl(g.url).log();
    expect(entry).toMatchObject({ status: 400, cost: 0 });
  });

  it('raising mode with an object message, as the docs show for Aporia', async () => {
    const g = await withGuardrails([{ guardrail_name: 'aporia-pre', block_on: 'secret', on_block: 'raise_object' }]);
    const response = await ask(g, 'a secret');
    expect(response.status).toBe(400);
    const { error } = ErrorBody.parse(await response.json());
    expect(error.message).toMatchObject({ error: 'Violated guardrail policy', aporia_ai_response: { action: 'block' } });
    expect(error).toMatchObject({ type: 'None', param: 'None', code: '400' });
    expect(response.headers.get('x-litellm-applied-guardrails')).toBe('aporia-pre');
  });

  it('passthrough mode: 200, the violation text as the answer, finish_reason content_filter, usage 0', async () => {
    const g = await withGuardrails([{ guardrail_name: 'pii-mask', block_on: 'secret', on_block: 'passthrough', message: 'Sensitive content was blocked.' }]);
    const response = await ask(g, 'a secret');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-litellm-applied-guardrails')).toBe('pii-mask');
    const body = ChatCompletion.parse(await response.json());
    expect(body.choices[0]).toMatchObject({ message: { content: 'Sensitive content was blocked.' }, finish_reason: 'content_filter' });
    expect(body.usage).toMatchObject({ prompt_tokens: 0, completion_tokens: 0 });
    expect(response.headers.get('x-litellm-response-cost')).toBe('0.0');

    const streamed = await ask(g, 'a secret', { stream: true });
    const events = (await readSse(streamed)).data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as { choices: { delta: { content?: string }; finish_reason: string | null }[] });
    expect(events.map((e) => e.choices[0]?.delta.content ?? '').join('')).toBe('Sensitive content was blocked.');
    expect(events.at(-1)!.choices[0]!.finish_reason).toBe('content_filter');
  });

  it('the control route refuses an unknown field, and reset removes every guardrail', async () => {
    const g = await withGuardrails([{ guardrail_name: 'pii-mask', block_on: 'secret' }]);
    await expect(simControl(g.url).guardrails([{ guardrail_name: 'x', mode: 'pre_call' } as never])).rejects.toThrow(/HTTP 400/);
    await simControl(g.url).reset();
    const response = await ask(g, 'a secret');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-litellm-applied-guardrails')).toBeNull();
  });
});
