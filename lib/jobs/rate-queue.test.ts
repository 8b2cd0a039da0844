import { describe, expect, it } from 'vitest';
import { type QueueWait, RateQueue } from './rate-queue';

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
