/**
 * The live view of running jobs (issue #17, util/live-feed.ts): surfaces get each state of a job
 * and, between them, only the text that was added, while storage gets the job about once a second
 * and at the end (runner.ts).
 */
import { z } from 'zod';
import { feedMessage, LiveFeed } from '../util/live-feed';
import { Job } from './job';

export const JobDelta = z.object({ id: z.string(), from: z.number().int().nonnegative(), text: z.string() });
export type JobDelta = z.infer<typeof JobDelta>;

export const JobStreamMessage = feedMessage(Job, JobDelta);
export type JobStreamMessage = z.infer<typeof JobStreamMessage>;

/** A surface's job after a delta: extended when the delta continues it, unchanged otherwise. */
export function applyDelta(job: Job | null, delta: JobDelta): Job | null {
  if (!job || job.id !== delta.id || job.text.length !== delta.from) return job;
  return { ...job, status: 'streaming', text: job.text + delta.text };
}

/**
 * A job read from storage against the one on screen: storage is written about once a second, so
 * while the same answer streams, a stored copy shorter than the screen's is older, not newer. A
 * copy of the state already shown (each state reaches a page over the port, then again from
 * storage) keeps the screen's object, so the page does not render it twice (issue #17).
 */
export function newerJob(shown: Job | null, stored: Job | null): Job | null {
  if (!shown || !stored || shown.id !== stored.id) return stored;
  if (stored.status === 'streaming' && shown.text.length > stored.text.length) return shown;
  if (stored.updatedAt < shown.updatedAt) return shown;
  const sameState = stored.updatedAt === shown.updatedAt && stored.status === shown.status && stored.text.length === shown.text.length;
  return sameState ? shown : stored;
}

/** Each tab's job as the worker knows it, and the pages that follow it. */
export const liveJobs = () => new LiveFeed<Job, JobDelta>(applyDelta);
export type LiveJobs = ReturnType<typeof liveJobs>;
