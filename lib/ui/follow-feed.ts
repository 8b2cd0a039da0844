/**
 * Follows a tab's state for an extension page (util/live-feed.ts): read from storage, then live
 * over the feed's port (each state, and only the added text while an answer streams), with
 * storage's once-a-second copy as the fallback when the port is down (issue #17). Pages hold it
 * through ui/use-followed.ts.
 */
import type { z } from 'zod';
import { applyDelta, JobStreamMessage, newerJob } from '../jobs/live';
import type { Job } from '../jobs/job';
import { readJob, watchJob } from '../jobs/store';
import { JOB_STREAM_PORT } from '../messaging';
import type { FeedMessage } from '../util/live-feed';

/**
 * `show` gets a function of the state shown so far, as React's state setter takes, and whether it
 * is a new state from the worker (the first token comes with one), which a page renders at once;
 * added text may be batched with the next. Returns the stop.
 */
export type Follow<S> = (tabId: number, show: (next: (shown: S | null | undefined) => S | null | undefined, newState: boolean) => void) => () => void;

export interface Feed<S, D> {
  port: string;
  message: z.ZodType<FeedMessage<S, D>>;
  extend(state: S | null, delta: D): S | null;
  /** The stored copy against the one shown: storage is behind while an answer streams. */
  newer(shown: S | null, stored: S | null): S | null;
  read(tabId: number): Promise<S | null>;
  watch(tabId: number, cb: (stored: S | null) => void): () => void;
}

export function followFeed<S, D>(feed: Feed<S, D>): Follow<S> {
  return (tabId, show) => {
    let closed = false;
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    const follow = () => {
      port = browser.runtime.connect({ name: feed.port });
      port.onMessage.addListener((message: unknown) => {
        const parsed = feed.message.safeParse(message);
        if (!parsed.success) return;
        const m = parsed.data;
        show((shown) => (m.type === 'state' ? m.state : feed.extend(shown ?? null, m.delta)), m.type === 'state');
      });
      // A worker Chrome stopped drops the port; the next change in storage (a new state, the lost
      // one marked interrupted) means a worker is up again, and the port is reopened then.
      port.onDisconnect.addListener(() => {
        port = null;
      });
      port.postMessage({ tabId });
    };
    const fromStorage = (stored: S | null) => {
      if (closed) return;
      show((shown) => feed.newer(shown ?? null, stored), false);
      if (!port) follow();
    };
    void feed.read(tabId).then((stored) => !closed && show((shown) => (shown === undefined ? stored : feed.newer(shown, stored)), false));
    const unwatch = feed.watch(tabId, fromStorage);
    follow();
    return () => {
      closed = true;
      unwatch();
      port?.disconnect();
    };
  };
}

export const followJob: Follow<Job> = followFeed({ port: JOB_STREAM_PORT, message: JobStreamMessage, extend: applyDelta, newer: newerJob, read: readJob, watch: watchJob });
