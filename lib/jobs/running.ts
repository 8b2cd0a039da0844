/** Whether a job is still under way; apart from job.ts's schemas so a page paints without zod (issue #17). */
import type { Job, JobStatus } from './job';

export const RUNNING: readonly JobStatus[] = ['extracting', 'confirm', 'waiting', 'rate-limited', 'streaming'];

export function isRunning(job: Job | null | undefined): boolean {
  return !!job && RUNNING.includes(job.status);
}
