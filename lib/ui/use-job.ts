/** A tab's job as React state, followed by `follow` (ui/follow-job.ts) once the page has it. */
import { useEffect, useState } from 'react';
import type { Job } from '../jobs/job';
import type { FollowJob } from './follow-job';

export function useJob(tabId: number | null | undefined, follow: FollowJob | undefined): Job | null | undefined {
  const [job, setJob] = useState<Job | null>();
  useEffect(() => (tabId && follow ? follow(tabId, (next) => setJob((shown) => next(shown) ?? null)) : undefined), [tabId, follow]);
  return job;
}
