/** A tab's job as React state, followed by `follow` (ui/follow-job.ts) once the page has it. */
import { useEffect, useState } from 'react';
import type { Job } from '../jobs/job';
import type { FollowJob } from './follow-job';

/** `initial`: the job painted first (ui/first-paint.ts), until `follow` reports. */
export function useJob(tabId: number | null | undefined, follow: FollowJob | undefined, initial?: Job | null): Job | null | undefined {
  const [job, setJob] = useState<Job | null | undefined>(initial);
  useEffect(() => (tabId && follow ? follow(tabId, (next) => setJob((shown) => next(shown) ?? null)) : undefined), [tabId, follow]);
  return job;
}
