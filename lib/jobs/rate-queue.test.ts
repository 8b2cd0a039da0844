import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../gateway/errors';
import { callInTurn, DEFAULT_RETRY_S, QUEUE_LIMIT_MS, type QueueWait, RateQueue } from './rate-queue';

/** A clock whose timers fire when the test says. */
function manualClock() {
  let now = 1_000;
  const timers: { fn: () => void; at: number }[] = [];
  return {
    clock: { now: () => now, setTimeout: (fn: () => void, ms: number) => timers.push({ fn, at: now + ms }), clearTimeout: () => undefined },
    advance(ms: number) {
      now += ms;
      for (const timer of timers.splice(0).filter((t) => t.at <= now)) timer.fn();
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RateQueue', () => {
  it('lets calls straight through while nothing is limited', async () => {
    const queue = new RateQueue(manualClock().clock);
    const waits: QueueWait[] = [];
    const turn = await queue.turn(new AbortController().signal, (w) => waits.push(w));
    turn.end({ kind: 'admitted' });
    expect(waits).toEqual([]);
  });

  it('after a 429, calls wait in order with their positions, then go one at a time as each is admitted', async () => {
    const { clock, advance } = manualClock();
    const queue = new RateQueue(clock);
    const first = await queue.turn(new AbortController().signal, () => undefined);
    first.end({ kind: 'limited', retryAfterMs: 2000 });
    const positions: Record<string, QueueWait[]> = { a: [], b: [], c: [] };
    const went: string[] = [];
    const turns = Object.fromEntries(
      (['a', 'b', 'c'] as const).map((name) => [name, queue.turn(new AbortController().signal, (w) => positions[name]!.push(w)).then((t) => (went.push(name), t))]),
    );
    await tick();
    expect(positions.c!.at(-1)).toEqual({ position: 3, reopensAt: 3000 });
    expect(went).toEqual([]);
    advance(2000);
    await tick();
    expect(went).toEqual(['a']);
    expect(positions.c!.at(-1)).toEqual({ position: 2, reopensAt: null });
    (await turns.a!).end({ kind: 'admitted' });
    await tick();
    expect(went).toEqual(['a', 'b']);
    // b is refused again: c waits for the next window, at the head of the line.
    (await turns.b!).end({ kind: 'limited', retryAfterMs: 2000 });
    await tick();
    expect(went).toEqual(['a', 'b']);
    expect(positions.c!.at(-1)).toEqual({ position: 1, reopensAt: 5000 });
    advance(2000);
    await tick();
    expect(went).toEqual(['a', 'b', 'c']);
  });

  it('a refused call goes back to the head of the line; a cancelled one leaves it', async () => {
    const { clock, advance } = manualClock();
    const queue = new RateQueue(clock);
    (await queue.turn(new AbortController().signal, () => undefined)).end({ kind: 'limited', retryAfterMs: 1000 });
    const cancelled = new AbortController();
    const went: string[] = [];
    const gone = queue.turn(cancelled.signal, () => undefined).then(
      () => went.push('cancelled'),
      () => 'aborted',
    );
    void queue.turn(new AbortController().signal, () => undefined).then(() => went.push('later'));
    void queue.turn(new AbortController().signal, () => undefined, true).then(() => went.push('refused'));
    cancelled.abort();
    expect(await gone).toBe('aborted');
    advance(1000);
    await tick();
    expect(went).toEqual(['refused']);
  });
});

const limited = (retryAfterS: number | null) => new GatewayError({ kind: 'rate_limited', status: 429, message: 'Rate limit reached', retryAfterS, scope: null });

describe('callInTurn', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends at once while nothing is limited, without reporting a wait', async () => {
    const waits: (QueueWait | null)[] = [];
    const send = vi.fn(async () => 'answer');
    const result = await callInTurn(new RateQueue(), { signal: new AbortController().signal, now: () => Date.now(), onWait: (w) => waits.push(w) }, send);
    expect(result).toBe('answer');
    expect(send).toHaveBeenCalledTimes(1);
    expect(waits).toEqual([]);
  });

  it('a call refused for the rate limit waits out retry-after at the head of the line, then goes again', async () => {
    vi.useFakeTimers({ now: 10_000 });
    const queue = new RateQueue();
    const waits: (QueueWait | null)[] = [];
    let tries = 0;
    const call = callInTurn(queue, { signal: new AbortController().signal, now: () => Date.now(), onWait: (w) => waits.push(w) }, async () => {
      tries += 1;
      if (tries === 1) throw limited(2);
      return 'answer';
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(tries).toBe(1);
    expect(waits).toEqual([{ position: 1, reopensAt: 12_000 }]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toBe('answer');
    expect(tries).toBe(2);
    // Its turn came: the wait is over.
    expect(waits.at(-1)).toBeNull();
  });

  it('without retry-after, waits LiteLLM\'s default window', async () => {
    vi.useFakeTimers({ now: 0 });
    let tries = 0;
    const call = callInTurn(new RateQueue(), { signal: new AbortController().signal, now: () => Date.now(), onWait: () => undefined }, async () => {
      tries += 1;
      if (tries === 1) throw limited(null);
      return 'answer';
    });
    await vi.advanceTimersByTimeAsync(DEFAULT_RETRY_S * 1000 - 1);
    expect(tries).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await call).toBe('answer');
  });

  it('gives up with the rate-limit error once waiting would pass the queue limit', async () => {
    vi.useFakeTimers({ now: 0 });
    let tries = 0;
    const call = callInTurn(new RateQueue(), { signal: new AbortController().signal, now: () => Date.now(), onWait: () => undefined }, async () => {
      tries += 1;
      throw limited(QUEUE_LIMIT_MS / 1000 / 2);
    });
    const outcome = call.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(QUEUE_LIMIT_MS);
    // Two waits of half the limit end at it and go; the third would end past it, so the third refusal is the answer.
    expect(tries).toBe(3);
    expect(await outcome).toBeInstanceOf(GatewayError);
  });

  it('throws any other error at once and lets the next call go', async () => {
    const queue = new RateQueue();
    const options = { signal: new AbortController().signal, now: () => Date.now(), onWait: () => undefined };
    const failure = new GatewayError({ kind: 'tags_rejected', status: 400, message: 'tags', retryAfterS: null, scope: null });
    const send = vi.fn(async () => {
      throw failure;
    });
    await expect(callInTurn(queue, options, send)).rejects.toBe(failure);
    expect(send).toHaveBeenCalledTimes(1);
    expect(await callInTurn(queue, options, async () => 'next')).toBe('next');
  });

  it('admitted at the first text lets the next in line go while the first call still streams', async () => {
    vi.useFakeTimers({ now: 0 });
    const queue = new RateQueue();
    (await queue.turn(new AbortController().signal, () => undefined)).end({ kind: 'limited', retryAfterMs: 1000 });
    const options = { signal: new AbortController().signal, now: () => Date.now(), onWait: () => undefined };
    let finish = () => undefined as void;
    const went: string[] = [];
    const first = callInTurn(queue, options, (admitted) => {
      went.push('first');
      admitted();
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const second = callInTurn(queue, options, async () => void went.push('second'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(went).toEqual(['first', 'second']);
    finish();
    await Promise.all([first, second]);
  });
});
