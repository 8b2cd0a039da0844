/** A tab's job as React state, followed by `follow` (ui/follow-job.ts) once the page has it. */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Job } from '../jobs/job';
import type { FollowJob } from './follow-job';

/** `initial`: the job painted first (ui/first-paint.ts), until `follow` reports. */
export function useJob(tabId: number | null | undefined, follow: FollowJob | undefined, initial?: Job | null): Job | null | undefined {
  const [job, setJob] = useState<Job | null | undefined>(initial);
  // Rendered as each message arrives (flushSync), not in a later scheduler task: the first token is
  // painted in the frame after it came (issue #17).
  useEffect(() => (tabId && follow ? follow(tabId, (next) => flushSync(() => setJob((shown) => next(shown) ?? null))) : undefined), [tabId, follow]);
  return job;
}
