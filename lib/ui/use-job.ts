/** A tab's job as React state, followed by `follow` (ui/follow-job.ts) once the page has it. */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Job } from '../jobs/job';
import type { FollowJob } from './follow-job';

/** `initial`: the job painted first (ui/first-paint.ts), until `follow` reports. */
export function useJob(tabId: number | null | undefined, follow: FollowJob | undefined, initial?: Job | null): Job | null | undefined {
  const [job, setJob] = useState<Job | null | undefined>(initial);
  useEffect(() => {
    if (!tabId || !follow) return;
    return follow(tabId, (next, newState) => {
      const update = () => setJob((shown) => next(shown) ?? null);
      // A new state (the first token comes with one) is rendered in the message's own task, painted in
      // the next frame (issue #17); added text is left to React, which renders a burst of it once:
      // megabytes of it rendered message by message held a popup's thread for seconds (CI, faults.spec).
      if (newState) flushSync(update);
      else update();
    });
  }, [tabId, follow]);
  return job;
}
