/**
 * Follows a tab's job for an extension page: read from storage, then live over JOB_STREAM_PORT
 * (each state, and only the added text while it streams), with storage's once-a-second copy as
 * the fallback when the port is down (issue #17). Pages hold it through ui/use-job.ts.
 */
import type { Job } from '../jobs/job';
import { applyDelta, JobStreamMessage, newerJob } from '../jobs/live';
import { readJob, watchJob } from '../jobs/store';
import { JOB_STREAM_PORT } from '../messaging';

/**
 * `show` gets a function of the job shown so far, as React's state setter takes, and whether it is a
 * new state of the job from the worker (the first token comes with one), which a page renders at
 * once; added text may be batched with the next. Returns the stop.
 */
export type FollowJob = (tabId: number, show: (next: (shown: Job | null | undefined) => Job | null | undefined, newState: boolean) => void) => () => void;

export const followJob: FollowJob = (tabId, show) => {
  let closed = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  const follow = () => {
    port = browser.runtime.connect({ name: JOB_STREAM_PORT });
    port.onMessage.addListener((message: unknown) => {
      const parsed = JobStreamMessage.safeParse(message);
      if (!parsed.success) return;
      const m = parsed.data;
      show((shown) => (m.type === 'job' ? m.job : applyDelta(shown ?? null, m.delta)), m.type === 'job');
    });
    // A worker Chrome stopped drops the port; the next change in storage (a new job, the lost
    // one marked interrupted) means a worker is up again, and the port is reopened then.
    port.onDisconnect.addListener(() => {
      port = null;
    });
    port.postMessage({ tabId });
  };
  const fromStorage = (stored: Job | null) => {
    if (closed) return;
    show((shown) => newerJob(shown ?? null, stored), false);
    if (!port) follow();
  };
  void readJob(tabId).then((stored) => !closed && show((shown) => (shown === undefined ? stored : newerJob(shown, stored)), false));
  const unwatch = watchJob(tabId, fromStorage);
  follow();
  return () => {
    closed = true;
    unwatch();
    port?.disconnect();
  };
};
