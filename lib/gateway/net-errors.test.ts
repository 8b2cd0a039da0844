import { afterEach, describe, expect, it, vi } from 'vitest';
import { getModels } from './client';
import { GatewayError } from './errors';
import { NetErrorLog, netErrorKind } from './net-errors';
import { describeProblem } from '../errors/sentences';

const URL_MODELS = 'https://gw.example.com/v1/models';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('netErrorKind', () => {
  it('names headers too big, certificates and unknown hosts; anything else stays "cannot reach"', () => {
    expect(netErrorKind('net::ERR_RESPONSE_HEADERS_TOO_BIG')).toBe('headers_too_big');
    expect(netErrorKind('net::ERR_CERT_AUTHORITY_INVALID')).toBe('certificate_error');
    expect(netErrorKind('net::ERR_CERT_DATE_INVALID')).toBe('certificate_error');
    expect(netErrorKind('net::ERR_NAME_NOT_RESOLVED')).toBe('name_not_resolved');
    expect(netErrorKind('net::ERR_CONNECTION_REFUSED')).toBeNull();
    expect(netErrorKind(null)).toBeNull();
  });
});

describe('NetErrorLog', () => {
  it('answers with an error recorded after the lookup began (Chromium reports it just after fetch rejects)', async () => {
    const log = new NetErrorLog();
    const pending = log.lookup(URL_MODELS, Date.now());
    log.record('https://other.example.com/', 'net::ERR_CERT_DATE_INVALID');
    log.record(URL_MODELS, 'net::ERR_RESPONSE_HEADERS_TOO_BIG');
    await expect(pending).resolves.toBe('net::ERR_RESPONSE_HEADERS_TOO_BIG');
  });

  it('ignores errors older than the request and gives up after a bounded wait', async () => {
    vi.useFakeTimers();
    const log = new NetErrorLog();
    log.record(URL_MODELS, 'net::ERR_RESPONSE_HEADERS_TOO_BIG');
    vi.advanceTimersByTime(5);
    const pending = log.lookup(URL_MODELS, Date.now());
    vi.advanceTimersByTime(600);
    await expect(pending).resolves.toBeNull();
  });
});

describe('the client names the real cause of a failed fetch', () => {
  it('turns "Failed to fetch" plus ERR_RESPONSE_HEADERS_TOO_BIG into its own sentence', async () => {
    const log = new NetErrorLog();
    vi.stubGlobal('fetch', async (url: string) => {
      queueMicrotask(() => log.record(url, 'net::ERR_RESPONSE_HEADERS_TOO_BIG'));
      throw new TypeError('Failed to fetch');
    });
    const error = await getModels({ root: 'https://gw.example.com', key: 'sk-1', netErrors: { watch: () => () => undefined, lookup: log.lookup } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    const failure = (error as GatewayError).failure;
    expect(failure.kind).toBe('headers_too_big');
    expect(describeProblem(failure).text).toContain('headers too large');
  });

  it('keeps "cannot reach the gateway" when no net error is reported', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = new NetErrorLog();
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const pending = getModels({ root: 'https://gw.example.com', key: 'sk-1', netErrors: { watch: () => () => undefined, lookup: log.lookup } }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(600);
    expect(((await pending) as GatewayError).failure.kind).toBe('unreachable');
  });

  it('hears net errors from before the request goes out until its failure is named, and not after', async () => {
    const log = new NetErrorLog();
    const events: string[] = [];
    const watch = () => {
      events.push('watch');
      return () => events.push('stop');
    };
    vi.stubGlobal('fetch', async (url: string) => {
      events.push('fetch');
      queueMicrotask(() => log.record(url, 'net::ERR_NAME_NOT_RESOLVED'));
      throw new TypeError('Failed to fetch');
    });
    const failed = await getModels({ root: 'https://gw.example.com', key: 'sk-1', netErrors: { watch, lookup: log.lookup } }).catch((e: unknown) => e);
    expect((failed as GatewayError).failure.kind).toBe('name_not_resolved');
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ object: 'list', data: [] }), { headers: { 'content-type': 'application/json' } }));
    await getModels({ root: 'https://gw.example.com', key: 'sk-1', netErrors: { watch, lookup: log.lookup } });
    expect(events).toEqual(['watch', 'fetch', 'stop', 'watch', 'stop']);
  });
});
