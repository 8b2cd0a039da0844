/**
 * Helpers the simulator's tests share: a chat request in one line, and an SSE reader built on
 * eventsource-parser, the parser the extension's client uses.
 */
import { createParser } from 'eventsource-parser';
import { z } from 'zod';

export const DEMO_KEY = 'sk-demo-5usd';
export const MASTER_KEY = 'sk-master-demo';

export const LONG_DOCUMENT = [
  '# Gateway rollout plan',
  'The platform team will move every internal tool to the LiteLLM gateway in March.',
  'Each team receives a virtual key with a monthly budget and a list of allowed models.',
  'The gateway records spend per key, per team and per tag, so finance can see cost by purpose.',
  'Streaming responses start within one second for the fast models.',
  'Keys that reach their budget are refused until the budget resets at the start of the month.',
  'Rate limits protect the upstream providers from bursts of traffic.',
  'The rollout finishes when the old direct provider keys are revoked.',
].join('\n');

export function chat(body: Record<string, unknown>, init: { key?: string | null; headers?: Record<string, string> } = {}): RequestInit {
  const key = init.key === undefined ? DEMO_KEY : init.key;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...init.headers },
    body: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: LONG_DOCUMENT }], ...body }),
  };
}

export interface SseRead {
  /** The data of every event, in order. */
  data: string[];
  /** Whether the body ended normally (false when the connection broke). */
  ended: boolean;
}

export async function readSse(response: Response): Promise<SseRead> {
  const data: string[] = [];
  const parser = createParser({ onEvent: (event) => data.push(event.data) });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
    return { data, ended: true };
  } catch {
    return { data, ended: false };
  }
}

/** Polls until `check` passes or `timeoutMs` runs out (for effects that land after the response). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** zod's validator for a JSON Schema written as a plain object literal in a test. */
export function validatorFor(schema: object): z.ZodType {
  return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
}
