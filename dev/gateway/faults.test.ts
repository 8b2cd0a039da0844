import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatChunk, ChatCompletion, ErrorBody } from '../../lib/gateway/wire';
import { NAMED_ERRORS } from './control-api';
import { simControl } from './control';
import { type RunningGateway, startGateway } from './server';
import { chat, eventually, readSse } from './test-support';

let gateway: RunningGateway;
const sim = () => simControl(gateway.url);
const send = (body: Record<string, unknown> = {}, init: RequestInit = {}) => fetch(`${gateway.url}/v1/chat/completions`, { ...chat({ max_tokens: 120, ...body }), ...init });
const contentChunks = (data: string[]) =>
  data.filter((d) => d.startsWith('{')).flatMap((d) => {
    try {
      const chunk = ChatChunk.safeParse(JSON.parse(d));
      return chunk.success && chunk.data.choices[0]?.delta.content ? [chunk.data] : [];
    } catch {
      return [];
    }
  });

beforeAll(async () => {
  gateway = await startGateway({ port: 0, batchWriteS: 0 });
});
afterAll(() => gateway.close());
beforeEach(() => sim().reset());

describe('latency faults', () => {
  it('delays the first byte by ttftMs and each further chunk by perChunkMs', async () => {
    await sim().faults({ ttftMs: 150, perChunkMs: 10 });
    const started = performance.now();
    const response = await send({ stream: true });
    const firstByte = performance.now() - started;
    const { data } = await readSse(response);
    const total = performance.now() - started;
    const chunks = contentChunks(data).length;
    expect(firstByte).toBeGreaterThanOrEqual(140);
    expect(total).toBeGreaterThanOrEqual(150 + 10 * (chunks - 1) - 10);
  });

  it('delays a non-streamed answer by the whole generation time', async () => {
    await sim().faults({ ttftMs: 100 });
    const started = performance.now();
    expect((await send()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});

describe('stream faults', () => {
  it('cuts the connection after N content chunks', async () => {
    await sim().faults({ cutAfterChunks: 3 });
    const { data, ended } = await readSse(await send({ stream: true }));
    expect(ended).toBe(false);
    expect(contentChunks(data)).toHaveLength(3);
    expect(data).not.toContain('[DONE]');
    const [entry] = await sim().log();
    expect(entry).toMatchObject({ status: 200, stream: true, closedByClient: false });
    expect(entry?.completionTokens).toBeGreaterThan(0);
  });

  it('sends an error event after N chunks and ends the stream without [DONE]', async () => {
    await sim().faults({ midStreamErrorAfter: 2 });
    const { data, ended } = await readSse(await send({ stream: true }));
    expect(ended).toBe(true);
    expect(contentChunks(data)).toHaveLength(2);
    const error = ErrorBody.parse(JSON.parse(data.at(-1) ?? ''));
    expect(error.error.code).toBe('500');
    expect(error.error).toMatchObject({ type: null, param: null });
    expect(error.error.message).toMatch(/^litellm\.APIConnectionError: APIConnectionError: /);
    expect(data).not.toContain('[DONE]');
  });

  it('sends one line that is not JSON after N chunks, and goes on', async () => {
    await sim().faults({ malformedAfter: 1 });
    const { data } = await readSse(await send({ stream: true }));
    const unreadable = data.filter((d) => {
      try {
        JSON.parse(d);
        return false;
      } catch {
        return d !== '[DONE]';
      }
    });
    expect(unreadable).toHaveLength(1);
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('keeps faults until reset', async () => {
    await sim().faults({ cutAfterChunks: 0 });
    expect((await readSse(await send({ stream: true }))).ended).toBe(false);
    expect((await readSse(await send({ stream: true }))).ended).toBe(false);
    await sim().reset();
    expect((await readSse(await send({ stream: true }))).ended).toBe(true);
  });

  it('records a stream the client aborted as closedByClient, billed for what was sent', async () => {
    await sim().faults({ perChunkMs: 30 });
    const controller = new AbortController();
    const response = await send({ stream: true }, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    const entry = await eventually(async () => {
      const [found] = await sim().log();
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(entry).toMatchObject({ closedByClient: true, stream: true, status: 200 });
    expect(entry.cost).toBeGreaterThan(0);
  });
});

describe('faults of a network in between (issue #15)', () => {
  it('stalls after N chunks: headers and those chunks arrive, then nothing until the client leaves', async () => {
    await sim().faults({ stallAfterChunks: 2 });
    const { data, ended } = await readSse(await send({ stream: true }, { signal: AbortSignal.timeout(300) }));
    expect(ended).toBe(false);
    expect(contentChunks(data)).toHaveLength(2);
    const entry = await eventually(async () => {
      const [found] = await sim().log();
      if (!found?.closedByClient) throw new Error('not logged yet');
      return found;
    });
    expect(entry).toMatchObject({ status: 200, stream: true });
  });

  it('sends a chunk without `created` after N chunks', async () => {
    await sim().faults({ badChunkAfter: 1 });
    const { data } = await readSse(await send({ stream: true }));
    const failing = data.filter((d) => d.startsWith('{') && !ChatChunk.safeParse(JSON.parse(d)).success);
    expect(failing).toHaveLength(1);
    expect(JSON.parse(failing[0]!)).not.toHaveProperty('created');
  });

  it('answers a stream request with one JSON completion when told to ignore stream: true', async () => {
    await sim().faults({ ignoreStream: true });
    const response = await send({ stream: true });
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(ChatCompletion.parse(await response.json()).choices[0]?.message.content).toBeTruthy();
  });

  it('answers the next request with a web page and its status, then recovers', async () => {
    await sim().faults({ nextPage: { status: 403, html: '<html><title>403 Forbidden</title></html>' } });
    const page = await send({ stream: true });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('403 Forbidden');
    expect((await send()).status).toBe(200);
  });
});

describe('hang', () => {
  it('never answers; the client gives up and the log says so', async () => {
    await sim().faults({ hang: true });
    const outcome = await send({}, { signal: AbortSignal.timeout(200) }).then(
      () => 'answered',
      () => 'gave up',
    );
    expect(outcome).toBe('gave up');
    const entry = await eventually(async () => {
      const [found] = await sim().log();
      if (!found) throw new Error('not logged yet');
      return found;
    });
    expect(entry).toMatchObject({ status: 499, closedByClient: true });
  });

  it('ends hanging requests and open streams promptly on close', async () => {
    const own = await startGateway({ port: 0 });
    await simControl(own.url).faults({ hang: true });
    const hanging = fetch(`${own.url}/v1/chat/completions`, chat({})).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await own.close();
    expect(await hanging).toBe('failed');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('injected answers', () => {
  it('answers the next request with a status, then recovers', async () => {
    await sim().faults({ nextStatus: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await send();
      expect(response.status).toBe(503);
      expect(ErrorBody.parse(await response.json()).error.type).toBe('no_db_connection');
    }
    expect((await send()).status).toBe(200);
  });

  it('shapes a provider failure for statuses without a contract error', async () => {
    await sim().faults({ nextStatus: 502 });
    const response = await send();
    expect(response.status).toBe(502);
    const body = ErrorBody.parse(await response.json());
    expect(body.error).toMatchObject({ code: '502', type: 'internal_server_error', param: null });
    expect(body.error.message).toMatch(/^litellm\.BadGatewayError: BadGatewayError: .*\n\nLiteLLM: model group 'sim-fast' failed with the error above\. No fallback was attempted\.$/s);
  });

  const expectedStatus: Record<(typeof NAMED_ERRORS)[number], number> = {
    invalid_key: 401,
    expired_key: 401,
    budget_exceeded: 429,
    model_not_allowed: 403,
    rate_limited: 429,
    context_window: 400,
    upstream: 500,
    malformed_request: 400,
    db_unavailable: 503,
    tags_rejected: 400,
  };

  it.each([...NAMED_ERRORS])('answers the next request with the contract error %s', async (name) => {
    await sim().faults({ nextError: name });
    const response = await send();
    const body = ErrorBody.parse(await response.json());
    expect(response.status).toBe(expectedStatus[name]);
    expect(body.error.code).toBe(String(expectedStatus[name]));
    expect(ChatCompletion.safeParse(await (await send()).json()).success).toBe(true);
    expect((await sim().log()).map((e) => e.status)).toEqual([expectedStatus[name], 200]);
  });
});
