/**
 * Issue #14: the simulator against the real LiteLLM. The same request goes to the simulator and
 * to the real proxy (dev/litellm, in front of that same simulator), with the same fault injected
 * in the simulator before each; the two answers must agree in everything the extension depends
 * on, read with the extension's own zod schemas and error classifier. A difference is fixed in
 * the simulator (dev/gateway), never here.
 *
 * The simulator runs with `database: false` because the real proxy has no database here (its
 * Prisma engines cannot be downloaded): keys other than the master key, /key/info and
 * /key/generate are compared as a proxy without a database answers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyErrorBody } from '../../lib/gateway/errors';
import { ChatChunk, ChatCompletion, ErrorBody, ModelInfoResponse, ModelsResponse } from '../../lib/gateway/wire';
import { simControl } from '../gateway/control';
import type { FaultsBody } from '../gateway/control-api';
import { type RunningGateway, startGateway } from '../gateway/server';
import { LONG_DOCUMENT, MASTER_KEY as SIMULATOR_MASTER_KEY } from '../gateway/test-support';
import { type RealLiteLLM, startRealLiteLLM } from './proxy';

const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

let simulator: RunningGateway;
let litellm: RealLiteLLM;
/** Settles when both are up; every comparison awaits it, so a missing install fails each one, with its message. */
let started: Promise<void>;
const results: { behaviour: string; equal: boolean }[] = [];

beforeAll(async () => {
  started = (async () => {
    simulator = await startGateway({ port: 0, batchWriteS: 0, database: false });
    litellm = await startRealLiteLLM({ simulatorUrl: simulator.url });
    console.log(`real LiteLLM ${litellm.version} answered after ${litellm.startMs} ms`);
  })();
  await started.catch(() => undefined);
}, 120_000);

afterAll(async () => {
  await litellm?.close();
  await simulator?.close();
  const equal = results.filter((r) => r.equal).length;
  console.log(
    [
      `differential (simulator vs LiteLLM ${litellm?.version ?? '?'}): ${results.length} compared, ${equal} equal`,
      ...results.map((r) => `  ${r.equal ? 'equal   ' : 'DIFFERENT'} ${r.behaviour}`),
    ].join('\n'),
  );
});

type Target = 'simulator' | 'litellm';

interface Call {
  path: string;
  method?: 'GET' | 'POST' | 'OPTIONS';
  /** Sent verbatim when a string; JSON otherwise. */
  body?: unknown;
  /** `master` sends each side its master key; a string is sent to both as is; null sends none. */
  key?: 'master' | string | null;
  headers?: Record<string, string>;
  /** Injected into the simulator right before the call: the simulator's own answer, or LiteLLM's upstream's. */
  faults?: FaultsBody;
}

async function send(target: Target, call: Call): Promise<Response> {
  await started;
  const control = simControl(simulator.url);
  await control.reset();
  if (call.faults) await control.faults(call.faults);
  const base = target === 'simulator' ? simulator.url : litellm.url;
  const key = call.key === undefined || call.key === 'master' ? (target === 'simulator' ? SIMULATOR_MASTER_KEY : litellm.masterKey) : call.key;
  const headers: Record<string, string> = { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...call.headers };
  let body: string | undefined;
  if (call.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  }
  return fetch(`${base}${call.path}`, { method: call.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

/**
 * Sends the call to both, reduces each answer with `shape`, records the outcome and asserts the
 * simulator's shape equals the real proxy's.
 */
async function compare<T>(behaviour: string, call: Call, shape: (response: Response) => Promise<T>): Promise<T> {
  const real = await shape(await send('litellm', call));
  const simulated = await shape(await send('simulator', call));
  results.push({ behaviour, equal: JSON.stringify(real) === JSON.stringify(simulated) });
  expect(simulated, behaviour).toEqual(real);
  return real;
}

const chatBody = (extra: Record<string, unknown> = {}) => ({ model: 'sim-fast', messages: [{ role: 'user', content: LONG_DOCUMENT }], ...extra });

/** Numbers (ids, hashes, token counts, durations, timestamps) vary between two answers; their place does not. */
const maskNumbers = (text: string) => text.replace(/\d+(?:\.\d+)?(?:e[-+]?\d+)?/g, '<n>');

// What LiteLLM appends after the provider's text when the router gives up (router_utils/common_utils.py),
// after a context-window error (router.py) and after a timeout (the deployment's timeout settings).
const ROUTER_TAIL =
  /(?:\nmodel=[^\n]*\n\nSet 'context_window_fallback' - \S+)?(?:\n\nDeployment Info: request_timeout: [^\n]*\ntimeout: [^\n]*)?\n\nLiteLLM: model group '[^']*' failed with the error above\. No fallback was attempted\.$/;
const PROVIDER_TEXT = /(?:OpenAI|Simulator)Exception - /;

/**
 * A message reduced to what is the same for one failure whoever the provider is: LiteLLM's
 * exception classes before the provider's text and the router's sentences after it. The
 * provider's text is the simulator's own answer when the real proxy relays it, so it is left out.
 * "Invalid JSON payload: " is followed by Python's parser message, which the simulator cannot
 * reproduce; only that prefix counts.
 */
function messageShape(body: string | Record<string, unknown>): string {
  // A guardrail's block may carry an object (addendum §5): compared as its JSON.
  const message = typeof body === 'string' ? body : JSON.stringify(body);
  if (message.startsWith('Invalid JSON payload: ')) return 'Invalid JSON payload: <parser message>';
  const tail = ROUTER_TAIL.exec(message)?.[0] ?? '';
  const rest = message.slice(0, message.length - tail.length);
  const provider = PROVIDER_TEXT.exec(rest);
  const head = provider ? `${rest.slice(0, provider.index)}<Provider>Exception - <provider text>` : maskNumbers(rest);
  return head + maskNumbers(tail);
}

interface ErrorShape {
  status: number;
  contentType: string | null;
  parsed: boolean;
  type: string | null | undefined;
  param: string | null | undefined;
  code: string | number | null | undefined;
  message: string;
  /** What the extension makes of it: lib/gateway/errors.ts classifyErrorBody. */
  kind: string;
  retryAfter: boolean;
  callId: boolean;
}

async function errorShape(response: Response): Promise<ErrorShape> {
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // A plain-text 500 stays text: parsed is then false, and that is compared too.
  }
  const parsed = ErrorBody.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    parsed: parsed.success,
    type: error?.type,
    param: error?.param,
    code: error?.code,
    message: error ? messageShape(error.message) : maskNumbers(text),
    kind: classifyErrorBody(response.status, json, response.headers.get('retry-after')).kind,
    retryAfter: response.headers.has('retry-after'),
    callId: response.headers.has('x-litellm-call-id'),
  };
}

async function detailShape(response: Response): Promise<{ status: number; body: unknown }> {
  return { status: response.status, body: await response.json() };
}

// Only where the two cannot agree by construction: LiteLLM names the provider's URL, and the
// simulator has no provider behind it.
const HEADERS_NOT_COMPARED = new Set(['x-litellm-model-api-base']);
const litellmHeaderNames = (headers: Headers) =>
  [...headers.keys()].filter((name) => name.startsWith('x-litellm-') && !HEADERS_NOT_COMPARED.has(name)).sort();
const numberHeader = (headers: Headers, name: string) => (headers.has(name) ? Number(headers.get(name)) : null);

/** The headers the extension reads (lib/gateway/client.ts readHeaders) with their values, and the names of the rest. */
function headerShape(headers: Headers) {
  return {
    names: litellmHeaderNames(headers),
    responseCost: numberHeader(headers, 'x-litellm-response-cost'),
    keySpend: numberHeader(headers, 'x-litellm-key-spend'),
    keyMaxBudget: numberHeader(headers, 'x-litellm-key-max-budget'),
    costInput: numberHeader(headers, 'x-litellm-response-cost-input'),
    costOutput: numberHeader(headers, 'x-litellm-response-cost-output'),
    modelId: headers.get('x-litellm-model-id'),
    modelGroup: headers.get('x-litellm-model-group'),
    retries: headers.get('x-litellm-attempted-retries'),
    fallbacks: headers.get('x-litellm-attempted-fallbacks'),
  };
}

/** A stream split into its SSE frames, each of which must be exactly `data: <payload>`. */
async function sseFrames(response: Response): Promise<{ framed: boolean; payloads: string[] }> {
  const text = await response.text();
  const frames = text.split('\n\n').filter((frame) => frame.trim() !== '');
  return { framed: frames.every((frame) => frame.startsWith('data: ') && !frame.slice(6).includes('\n')), payloads: frames.map((frame) => frame.slice(6)) };
}

/** A stream as the extension's client reads it: chunk kinds in order, the text, the usage, the end. */
async function streamShape(response: Response) {
  const { framed, payloads } = await sseFrames(response);
  const kinds: string[] = [];
  let text = '';
  let usage: unknown = null;
  let error: ErrorShape | null = null;
  for (const payload of payloads) {
    if (payload === '[DONE]') {
      kinds.push('[DONE]');
      continue;
    }
    const json: unknown = JSON.parse(payload);
    const failure = ErrorBody.safeParse(json);
    if (failure.success) {
      const e = failure.data.error;
      error = {
        status: 200,
        contentType: null,
        parsed: true,
        type: e.type,
        param: e.param,
        code: e.code,
        message: messageShape(e.message),
        kind: classifyErrorBody(Number(e.code) || 500, json, null).kind,
        retryAfter: false,
        callId: false,
      };
      kinds.push('error');
      continue;
    }
    const chunk = ChatChunk.parse(json);
    const choice = chunk.choices[0];
    const kind = chunk.usage ? 'usage' : choice?.delta.role ? 'role' : choice?.finish_reason ? `finish:${choice.finish_reason}` : 'content';
    if (kind !== 'content' || kinds.at(-1) !== 'content') kinds.push(kind);
    text += choice?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  return { status: response.status, contentType: response.headers.get('content-type'), framed, kinds, text, usage, error, headers: headerShape(response.headers) };
}

describe('errors, as the extension classifies them', () => {
  it('compare: no key', () => compare('no key → 401 auth_error', { path: '/v1/chat/completions', body: chatBody(), key: null }, errorShape));

  it('compare: Authorization without Bearer', () =>
    compare('Authorization without "Bearer " → 401', { path: '/v1/chat/completions', body: chatBody(), key: null, headers: { authorization: 'sk-whatever' } }, errorShape));

  it('compare: invalid virtual key', () =>
    compare('invalid key (sk-…) without a database → 400 no_db_connection', { path: '/v1/chat/completions', body: chatBody(), key: 'sk-not-a-key-1234' }, errorShape));

  it('compare: key that is not a virtual key', () =>
    compare('key without sk- prefix, without a database → 400 no_db_connection', { path: '/v1/chat/completions', body: chatBody(), key: 'abcdefgh12345' }, errorShape));

  it('compare: model not found', () =>
    compare('unknown model → 400 invalid_request_error', { path: '/v1/chat/completions', body: chatBody({ model: 'gpt-nope' }) }, errorShape));

  it('compare: body that is not JSON', () => compare('malformed body: not JSON → 400', { path: '/v1/chat/completions', body: '{"model": ' }, errorShape));

  it('compare: body without messages', () => compare('malformed body: no messages → 400', { path: '/v1/chat/completions', body: { model: 'sim-fast' } }, errorShape));

  it('compare: context window exceeded', () =>
    compare('context window exceeded upstream → 400 ContextWindowExceededError', { path: '/v1/chat/completions', body: chatBody({ model: 'sim-tiny', messages: [{ role: 'user', content: LONG_DOCUMENT.repeat(40) }] }) }, errorShape));

  it('compare: max_tokens over the limit', () =>
    compare('max_tokens over the model limit upstream → 400', { path: '/v1/chat/completions', body: chatBody({ max_tokens: 999_999 }) }, errorShape));

  for (const status of [429, 500, 502, 503, 400, 408, 504]) {
    it(`compare: upstream ${status}`, () => compare(`upstream ${status} passed through`, { path: '/v1/chat/completions', body: chatBody(), faults: { upstreamStatus: status } }, errorShape));
  }

  it('compare: upstream 429 on a stream', () =>
    compare('upstream 429 before the first chunk of a stream → JSON error, not SSE', { path: '/v1/chat/completions', body: chatBody({ stream: true }), faults: { upstreamStatus: 429 } }, errorShape));

  it('compare: upstream timeout', () =>
    compare(
      'upstream timeout (x-litellm-timeout: 1, provider never answers) → 408',
      { path: '/v1/chat/completions', body: chatBody(), headers: { 'x-litellm-timeout': '1' }, faults: { hang: true } },
      errorShape,
    ));
});

describe('answers', () => {
  it('compare: non-streamed completion', async () => {
    const shape = await compare('non-streamed completion: body, usage and headers', { path: '/v1/chat/completions', body: chatBody() }, async (response) => {
      const body = ChatCompletion.parse(await response.json());
      return {
        status: response.status,
        text: body.choices[0]?.message.content,
        finish: body.choices[0]?.finish_reason,
        model: body.model,
        usage: { prompt: body.usage.prompt_tokens, completion: body.usage.completion_tokens, total: body.usage.total_tokens },
        headers: headerShape(response.headers),
      };
    });
    // LiteLLM computed the cost from the prices in config.yaml: the same as the simulator's.
    expect(shape.headers.responseCost).toBeCloseTo(shape.usage.prompt * 1.5e-6 + shape.usage.completion * 6e-6, 15);
  });

  it('compare: streamed completion', async () => {
    const shape = await compare('streamed completion: SSE framing, chunks, usage chunk with cost, [DONE], headers', { path: '/v1/chat/completions', body: chatBody({ stream: true, stream_options: { include_usage: true } }) }, streamShape);
    expect(shape.kinds).toEqual(['role', 'content', 'finish:stop', 'usage', '[DONE]']);
    expect(shape.headers.responseCost).toBeNull();
    const usage = shape.usage as { prompt_tokens: number; completion_tokens: number; cost: number };
    expect(usage.cost).toBeCloseTo(usage.prompt_tokens * 1.5e-6 + usage.completion_tokens * 6e-6, 15);
  });

  it('compare: stream without include_usage', () =>
    compare('streamed completion without include_usage: no usage chunk', { path: '/v1/chat/completions', body: chatBody({ stream: true }) }, streamShape));

  it('compare: error in the middle of a stream', async () => {
    const shape = await compare('error mid-stream: content, then one error event, no [DONE]', { path: '/v1/chat/completions', body: chatBody({ stream: true, stream_options: { include_usage: true } }), faults: { midStreamErrorAfter: 2 } }, streamShape);
    expect(shape.kinds).toEqual(['role', 'content', 'error']);
  });
});

describe('CORS for the extension origin', () => {
  it('compare: preflight', () =>
    compare(
      'CORS preflight from chrome-extension://',
      {
        path: '/v1/chat/completions',
        method: 'OPTIONS',
        key: null,
        headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-litellm-tags' },
      },
      async (response) => ({
        status: response.status,
        body: await response.text(),
        ...Object.fromEntries(['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'access-control-allow-credentials', 'vary'].map((h) => [h, response.headers.get(h)])),
      }),
    ));

  for (const stream of [false, true]) {
    it(`compare: CORS on a ${stream ? 'streamed' : 'non-streamed'} answer`, async () => {
      const shape = await compare(
        `CORS on a ${stream ? 'streamed' : 'non-streamed'} answer: allowed origin, exposed headers`,
        { path: '/v1/chat/completions', body: chatBody({ stream }), headers: { origin: EXTENSION_ORIGIN } },
        async (response) => {
          await response.body?.cancel();
          return {
            allowOrigin: response.headers.get('access-control-allow-origin'),
            exposed: (response.headers.get('access-control-expose-headers') ?? '').split(',').map((h) => h.trim()).sort(),
            credentials: response.headers.get('access-control-allow-credentials'),
            vary: response.headers.get('vary'),
          };
        },
      );
      // So without host access the extension cannot read the cost: it computes it from usage × prices.
      expect(shape.exposed).not.toContain('x-litellm-response-cost');
    });
  }
});

describe('read routes, parsed with the extension schemas', () => {
  for (const path of ['/v1/models', '/models']) {
    it(`compare: ${path}`, () => compare(`${path} parsed by ModelsResponse`, { path }, async (response) => ({ status: response.status, body: ModelsResponse.parse(await response.json()) })));
  }

  for (const path of ['/model/info', '/v1/model/info']) {
    it(`compare: ${path}`, () =>
      compare(`${path} parsed by ModelInfoResponse: the fields the extension reads`, { path }, async (response) => {
        const { data } = ModelInfoResponse.parse(await response.json());
        // litellm_params.model and litellm_provider name the provider (openai/… in front of the simulator) and are not read.
        return data.map(({ model_name, model_info: m }) => ({
          model_name,
          id: m.id,
          mode: m.mode,
          max_tokens: m.max_tokens,
          max_input_tokens: m.max_input_tokens,
          max_output_tokens: m.max_output_tokens,
          input_cost_per_token: m.input_cost_per_token,
          output_cost_per_token: m.output_cost_per_token,
          cache_read_input_token_cost: m.cache_read_input_token_cost ?? null,
          cache_creation_input_token_cost: m.cache_creation_input_token_cost ?? null,
          supports_prompt_caching: m.supports_prompt_caching,
          supports_response_schema: m.supports_response_schema,
        }));
      }));
  }

  it('compare: /key/info without a database', () => compare('/key/info with the master key, without a database → 500', { path: '/key/info' }, errorShape));

  it('compare: /key/generate without a database', () => compare('/key/generate without a database → 500', { path: '/key/generate', body: {} }, errorShape));

  it('compare: /health/liveliness', () => compare('/health/liveliness without a key', { path: '/health/liveliness', key: null }, detailShape));

  it('compare: unknown route', () => compare('unknown route → 404 {"detail":"Not Found"}', { path: '/v1/nope' }, detailShape));
});
