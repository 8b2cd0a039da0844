/**
 * Calls that wait out the key's rate limit (RPM/TPM), in the order they came, across every tab:
 * one queue per worker. A 429 closes the gate for its `retry-after`; when it reopens, calls go
 * one at a time until one is refused again, so a burst spends no more refused requests than one
 * per window, and every call gets its turn instead of failing (issue #15).
 */
import { GatewayError } from '../gateway/errors';

/** LiteLLM's rate-limit window when it does not say (contract §4.2: `retry-after: 60`). */
export const DEFAULT_RETRY_S = 60;
/**
 * How long one call may wait in line for the rate limit before it fails with the rate-limit
 * sentence: 30 jobs under RPM 2 take 15 minutes, so twice that.
 */
export const QUEUE_LIMIT_MS = 30 * 60_000;

export interface QueueWait {
  /** 1 = next to go. */
  position: number;
  /** When the gate reopens (epoch ms), or null when it is open and the calls ahead are going. */
  reopensAt: number | null;
}

/** How a turn ended: the gateway took the call, refused it for the rate limit, or something else happened. */
export type TurnOutcome = { kind: 'admitted' } | { kind: 'limited'; retryAfterMs: number } | { kind: 'other' };

export interface Turn {
  /** Reports how the call went; the next call in line goes (or waits for the gate) accordingly. */
  end(outcome: TurnOutcome): void;
}

interface Waiter {
  go: () => void;
  onWait: (wait: QueueWait) => void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RateQueue {
  #reopensAt: number | null = null;
  #timer: unknown = null;
  /** A call released from the queue is on its way; the next waits to hear how it went. */
  #probing = false;
  readonly #waiters: Waiter[] = [];

  constructor(private readonly clock: Clock = realClock) {}

  /**
   * Waits for this call's turn. Without a closed gate or anyone waiting, that is at once. `first`
   * puts a call the gateway just refused at the head of the line. Rejects with the signal's
   * reason when the caller gives up (Stop).
   */
  async turn(signal: AbortSignal, onWait: (wait: QueueWait) => void, first = false): Promise<Turn> {
    if (!first && this.#reopensAt === null && !this.#probing && this.#waiters.length === 0) return this.#ticket(false);
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        go: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        onWait,
      };
      const onAbort = () => {
        this.#remove(waiter);
        reject(signal.reason);
      };
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      if (first) this.#waiters.unshift(waiter);
      else this.#waiters.push(waiter);
      this.#report();
      this.#release();
    });
    return this.#ticket(true);
  }

  #ticket(queued: boolean): Turn {
    let ended = false;
    return {
      end: (outcome) => {
        if (ended) return;
        ended = true;
        if (outcome.kind === 'limited') this.#close(outcome.retryAfterMs);
        // Only a call from the queue holds the line; one that went straight past holds nothing.
        if (queued) this.#probing = false;
        this.#release();
      },
    };
  }

  #close(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.#reopensAt !== null && this.#reopensAt >= at) return;
    this.#reopensAt = at;
    this.clock.clearTimeout(this.#timer);
    this.#timer = this.clock.setTimeout(() => {
      this.#reopensAt = null;
      this.#timer = null;
      this.#release();
    }, ms);
    this.#report();
  }

  /** Lets the head of the line go when the gate is open and no released call is still on its way. */
  #release(): void {
    if (this.#reopensAt !== null || this.#probing) return;
    const next = this.#waiters.shift();
    if (!next) return;
    this.#probing = true;
    next.go();
    this.#report();
  }

  #remove(waiter: Waiter): void {
    const index = this.#waiters.indexOf(waiter);
    if (index >= 0) this.#waiters.splice(index, 1);
    this.#report();
  }

  #report(): void {
    this.#waiters.forEach((waiter, index) => waiter.onWait({ position: index + 1, reopensAt: this.#reopensAt }));
  }
}

interface CallInTurnOptions {
  signal: AbortSignal;
  now(): number;
  /** Where the call stands while it waits in line; null once its turn has come. */
  onWait(wait: QueueWait | null): void;
}

/**
 * One gateway call in its turn in the line, for jobs and Ask alike. `send` makes the call and
 * calls `admitted` at its first text: the gateway took it, so the next in line may go. A call
 * refused for the rate limit goes again at the head of the line, as long as its wait since the
 * first try stays within QUEUE_LIMIT_MS; then, and on any other error, the error is thrown.
 */
export async function callInTurn<T>(queue: RateQueue, options: CallInTurnOptions, send: (admitted: () => void) => Promise<T>): Promise<T> {
  const firstTry = options.now();
  for (let refused = false; ; refused = true) {
    let queued = false;
    const ticket = await queue.turn(
      options.signal,
      (wait) => {
        queued = true;
        options.onWait(wait);
      },
      refused,
    );
    if (queued) options.onWait(null);
    try {
      const result = await send(() => ticket.end({ kind: 'admitted' }));
      ticket.end({ kind: 'admitted' });
      return result;
    } catch (error) {
      if (!(error instanceof GatewayError && error.failure.kind === 'rate_limited')) {
        ticket.end({ kind: 'other' });
        throw error;
      }
      const waitMs = (error.failure.retryAfterS ?? DEFAULT_RETRY_S) * 1000;
      ticket.end({ kind: 'limited', retryAfterMs: waitMs });
      if (options.now() + waitMs - firstTry > QUEUE_LIMIT_MS) throw error;
    }
  }
}
