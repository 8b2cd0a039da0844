/**
 * A tab's state followed live by extension pages (issue #17): each state whole, and between states
 * only what was added (a growing answer's text), so a page renders the new words instead of
 * re-reading storage. Storage keeps a copy about once a second for a page opened later or a worker
 * restarted. A delta says where it starts, so a page that missed one never glues text in the wrong
 * place: it waits for the next whole state. Jobs (jobs/live.ts) and Ask's conversations
 * (features/ask/live.ts) are fed this way; background/live-port.ts is the worker's end of the port.
 */
import { z } from 'zod';

export const feedMessage = <S extends z.ZodType, D extends z.ZodType>(state: S, delta: D) =>
  z.discriminatedUnion('type', [z.object({ type: z.literal('state'), state }), z.object({ type: z.literal('delta'), delta })]);

export type FeedMessage<S, D> = { type: 'state'; state: S } | { type: 'delta'; delta: D };

type Listener<S, D> = (message: FeedMessage<S, D>) => void;

/** The worker's side: the latest state of each tab, and who listens to it. */
export class LiveFeed<S, D> {
  private readonly latest = new Map<number, S>();
  private readonly listeners = new Map<number, Set<Listener<S, D>>>();

  /** `extend`: the state after a delta, or the state unchanged when the delta does not continue it. */
  constructor(private readonly extend: (state: S | null, delta: D) => S | null) {}

  state(tabId: number, state: S): void {
    this.latest.set(tabId, state);
    this.emit(tabId, { type: 'state', state });
  }

  delta(tabId: number, delta: D): void {
    const latest = this.extend(this.latest.get(tabId) ?? null, delta);
    if (latest) this.latest.set(tabId, latest);
    this.emit(tabId, { type: 'delta', delta });
  }

  forget(tabId: number): void {
    this.latest.delete(tabId);
  }

  /** The tabs whose state this worker holds. */
  tabIds(): number[] {
    return [...this.latest.keys()];
  }

  /** Starts with the state as this worker knows it, which may be ahead of storage. */
  subscribe(tabId: number, listener: Listener<S, D>): () => void {
    const set = this.listeners.get(tabId) ?? new Set();
    this.listeners.set(tabId, set);
    set.add(listener);
    const latest = this.latest.get(tabId);
    if (latest) listener({ type: 'state', state: latest });
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tabId);
    };
  }

  private emit(tabId: number, message: FeedMessage<S, D>): void {
    for (const listener of this.listeners.get(tabId) ?? []) listener(message);
  }
}
