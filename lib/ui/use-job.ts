/**
 * A tab's job for an extension page: painted from storage, then followed live over
 * JOB_STREAM_PORT (each state, and only the added text while it streams), with storage's
 * once-a-second copy as the fallback when the port is down (issue #17).
 */
import { useEffect, useState } from 'react';
import type { Job } from '../jobs/job';
import { applyDelta, JobStreamMessage, newerJob } from '../jobs/live';
import { readJob, watchJob } from '../jobs/store';
import { JOB_STREAM_PORT } from '../messaging';

export function useJob(tabId: number | null | undefined): Job | null | undefined {
  const [job, setJob] = useState<Job | null>();
  useEffect(() => {
    if (!tabId) return;
    let closed = false;
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    const follow = () => {
      port = browser.runtime.connect({ name: JOB_STREAM_PORT });
      port.onMessage.addListener((message: unknown) => {
        const parsed = JobStreamMessage.safeParse(message);
        if (!parsed.success) return;
        const m = parsed.data;
        setJob((shown) => (m.type === 'job' ? m.job : applyDelta(shown ?? null, m.delta)));
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
      setJob((shown) => newerJob(shown ?? null, stored));
      if (!port) follow();
    };
    void readJob(tabId).then((stored) => !closed && setJob((shown) => (shown === undefined ? stored : newerJob(shown, stored))));
    const unwatch = watchJob(tabId, fromStorage);
    follow();
    return () => {
      closed = true;
      unwatch();
      port?.disconnect();
    };
  }, [tabId]);
  return job;
}
