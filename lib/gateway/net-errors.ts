/**
 * Names the real cause of a network failure. In the worker `fetch` only rejects with
 * "Failed to fetch"; Chromium's `webRequest.onErrorOccurred` reports the net error
 * (`net::ERR_RESPONSE_HEADERS_TOO_BIG`, `net::ERR_CERT_…`) for the same URL. Measured in Debian's
 * Chromium: the event arrives within a millisecond *after* the rejection, so the client waits
 * briefly for it.
 */
import type { GatewayErrorKind } from './errors';

/** How long a net error is kept, and how long the client waits for one after a rejection. */
const KEEP_MS = 10_000;
const NET_ERROR_WAIT_MS = 500;
/** Bounds memory: the worker makes few requests at once. */
const MAX_ENTRIES = 50;

interface Entry {
  url: string;
  error: string;
  atMs: number;
}

/** Asks for the net error Chromium reported for `url` at or after `sinceMs`, waiting up to NET_ERROR_WAIT_MS. */
export type NetErrorLookup = (url: string, sinceMs: number) => Promise<string | null>;

/** Net errors as the client uses them: heard only while `watch` holds (one per request), then looked up. */
export interface NetErrorWatch {
  /** Starts hearing net errors for a request about to go out; call the result once its failure is named. */
  watch(): () => void;
  lookup: NetErrorLookup;
}

export class NetErrorLog {
  #entries: Entry[] = [];
  #waiters = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  record(url: string, error: string): void {
    const at = this.now();
    this.#entries = [...this.#entries.filter((e) => at - e.atMs < KEEP_MS), { url, error, atMs: at }].slice(-MAX_ENTRIES);
    for (const wake of this.#waiters) wake();
  }

  #find(url: string, sinceMs: number): string | null {
    return this.#entries.findLast((e) => e.url === url && e.atMs >= sinceMs)?.error ?? null;
  }

  readonly lookup: NetErrorLookup = (url, sinceMs) => {
    const found = this.#find(url, sinceMs);
    if (found !== null) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (value: string | null) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(value);
      };
      const check = () => {
        const error = this.#find(url, sinceMs);
        if (error !== null) done(error);
      };
      const timer = setTimeout(() => done(null), NET_ERROR_WAIT_MS);
      this.#waiters.add(check);
    });
  };
}

/** The failure kind a Chromium net error names; null keeps the general "cannot reach" sentence. */
export function netErrorKind(error: string | null): GatewayErrorKind | null {
  if (!error) return null;
  if (error === 'net::ERR_RESPONSE_HEADERS_TOO_BIG') return 'headers_too_big';
  if (error.startsWith('net::ERR_CERT_')) return 'certificate_error';
  if (error === 'net::ERR_NAME_NOT_RESOLVED') return 'name_not_resolved';
  return null;
}
