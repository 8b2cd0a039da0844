/**
 * Waiting that gives up when the request ends: every delay the simulator adds (latency faults,
 * hangs, back-pressure) must let `close()` and client aborts end a request at once.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await delay(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export async function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await once(signal, 'abort');
}

/** Writes and, when the socket buffer is full, waits for it to drain; false if aborted meanwhile. */
export async function writeWithBackpressure(out: Writable, data: string, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || out.destroyed) return false;
  if (out.write(data)) return true;
  try {
    await once(out, 'drain', { signal });
    return true;
  } catch {
    return false;
  }
}
