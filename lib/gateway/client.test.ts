import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from './errors';
import { getKeyInfo, STATUS_TIMEOUT_MS, streamChat } from './client';

const conn = { root: 'http://gw.test', key: 'sk-x' };
const request = { model: 'sim-fast', messages: [{ role: 'user' as const, content: 'hi' }] };
const tags = { tags: [], user: null };
const chunk = (content: string, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'sim-fast', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra })}\n\n`;

/** A response whose body sends `parts` and then, unless `end`, stays open forever. */
function sse(parts: string[], end = true): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      if (end) controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

/** fetch that never answers, but rejects as the real one does when its signal aborts. */
const neverAnswers = (_url: string, init: RequestInit) =>
  new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return (error as GatewayError).failure;
}

afterEach(() => vi.unstubAllGlobals());

describe('streamChat: every wait has an end', () => {
  it('a gateway that never sends headers ends as "no response" after the idle timeout', async () => {
    vi.stubGlobal('fetch', vi.fn(neverAnswers));
    const failure = await failureOf(streamChat(conn, request, tags, () => undefined, undefined, { idleMs: 30, totalMs: 10_000 }));
    expect(failure.kind).toBe('no_response');
  });

  it('a stream that stalls forever ends as "stalled", after the text so far was handed on', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => sse([chunk('Hello '), chunk('world')], false)));
    const deltas: string[] = [];
    const failure = await failureOf(streamChat(conn, request, tags, (d) => deltas.push(d), undefined, { idleMs: 30, totalMs: 10_000 }));
    expect(failure.kind).toBe('stalled');
    expect(deltas.join('')).toBe('Hello world');
  });

  it('a stream that trickles past the total cap ends as "too slow"', async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const trickle = new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(() => controller.enqueue(new TextEncoder().encode(chunk('.'))), 5);
      },
      cancel: () => clearInterval(timer),
    });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(trickle, { headers: { 'content-type': 'text/event-stream' } })));
    const failure = await failureOf(streamChat(conn, request, tags, () => undefined, undefined, { idleMs: 1000, totalMs: 60 }));
    clearInterval(timer);
    expect(failure.kind).toBe('too_slow');
  });

  it("the caller's own abort stays an abort, not a timeout", async () => {
    vi.stubGlobal('fetch', vi.fn(neverAnswers));
    const controller = new AbortController();
    const pending = streamChat(conn, request, tags, () => undefined, controller.signal, { idleMs: 10_000, totalMs: 10_000 });
    controller.abort();
    await expect(pending).rejects.not.toBeInstanceOf(GatewayError);
  });
});

describe('streamChat: answers that are not an event stream', () => {
  it('a non-streamed JSON completion is accepted as the answer', async () => {
    const completion = { id: 'c1', object: 'chat.completion', created: 1, model: 'sim-fast', choices: [{ index: 0, message: { role: 'assistant', content: 'Whole answer' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } };
    vi.stubGlobal('fetch', vi.fn(async () => Response.json(completion)));
    const deltas: string[] = [];
    const result = await streamChat(conn, request, tags, (d) => deltas.push(d));
    expect(result).toMatchObject({ text: 'Whole answer', finishReason: 'stop', usage: { completion_tokens: 2 } });
    expect(deltas).toEqual(['Whole answer']);
  });

  it('a stream chunk that fails the schema is an error, never an empty "done"', async () => {
    const bad = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'sim-fast', choices: [{ index: 0, delta: { content: 'x' } }] })}\n\n`;
    vi.stubGlobal('fetch', vi.fn(async () => sse([bad, 'data: [DONE]\n\n'])));
    const failure = await failureOf(streamChat(conn, request, tags, () => undefined));
    expect(failure.kind).toBe('malformed_response');
    expect(failure.message).toContain('created');
  });

  it('a 200 web page is a sign-in page, naming the gateway to open', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html><title>Sign in</title><form></form></html>', { headers: { 'content-type': 'text/html' } })));
    expect(await failureOf(streamChat(conn, request, tags, () => undefined))).toMatchObject({ kind: 'sign_in_page', message: 'http://gw.test' });
  });

  it('a WAF 403 page is the company network refusing', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body><h1>403 ERROR</h1><p>Request blocked. Generated by cloudfront (CloudFront)</p></body></html>', { status: 403, headers: { 'content-type': 'text/html' } })));
    const failure = await failureOf(streamChat(conn, request, tags, () => undefined));
    expect(failure.kind).toBe('network_refused');
    expect(failure.message).not.toMatch(/[<>]/);
  });

  it('a 5xx page is summarised without markup', async () => {
    const page = '<html><head><title>502 Bad Gateway</title><style>body{color:red}</style><script>var x=1</script></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    vi.stubGlobal('fetch', vi.fn(async () => new Response(page, { status: 502, headers: { 'content-type': 'text/html; charset=utf-8' } })));
    const failure = await failureOf(streamChat(conn, request, tags, () => undefined));
    expect(failure).toMatchObject({ kind: 'service_unavailable', status: 502, message: '502 Bad Gateway nginx' });
  });
});

describe('reading the key: a sign-in page instead of JSON', () => {
  it('is named a sign-in page, not an unreadable answer', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html><title>Sign in</title></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } })));
    expect(await failureOf(getKeyInfo(conn))).toMatchObject({ kind: 'sign_in_page', message: 'http://gw.test' });
  });
});

describe('status requests: a gateway that hangs', () => {
  it('reading the key ends as "no response" after the status timeout, so admission and refresh go on', async () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal('fetch', vi.fn(neverAnswers));
      const failure = failureOf(getKeyInfo(conn));
      await vi.advanceTimersByTimeAsync(STATUS_TIMEOUT_MS);
      expect(await failure).toMatchObject({ kind: 'no_response' });
    } finally {
      vi.useRealTimers();
    }
  });
});
