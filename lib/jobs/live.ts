/**
 * The live view of running jobs (issue #17): surfaces get each state of a job and, between them,
 * only the text that was added, while storage gets the job about once a second and at the end
 * (runner.ts). A delta says where it starts, so a surface that missed one (it opened mid-answer,
 * or a message was lost) never glues text in the wrong place: it waits for the next whole job.
 */
import { z } from 'zod';
import { Job } from './job';

export const JobDelta = z.object({ id: z.string(), from: z.number().int().nonnegative(), text: z.string() });
export type JobDelta = z.infer<typeof JobDelta>;

export const JobStreamMessage = z.discriminatedUnion('type', [z.object({ type: z.literal('job'), job: Job }), z.object({ type: z.literal('delta'), delta: JobDelta })]);
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

type Listener = (message: JobStreamMessage) => void;

/** The worker's side: the latest state of each tab's job, and who listens to it. */
export class LiveJobs {
  private readonly latest = new Map<number, Job>();
  private readonly listeners = new Map<number, Set<Listener>>();

  job(job: Job): void {
    this.latest.set(job.tabId, job);
    this.emit(job.tabId, { type: 'job', job });
  }

  delta(job: Job, delta: JobDelta): void {
    const latest = applyDelta(this.latest.get(job.tabId) ?? null, delta);
    if (latest) this.latest.set(job.tabId, latest);
    this.emit(job.tabId, { type: 'delta', delta });
  }

  forget(tabId: number): void {
    this.latest.delete(tabId);
  }

  /** Starts with the job as this worker knows it, which may be ahead of storage. */
  subscribe(tabId: number, listener: Listener): () => void {
    const set = this.listeners.get(tabId) ?? new Set();
    this.listeners.set(tabId, set);
    set.add(listener);
    const latest = this.latest.get(tabId);
    if (latest) listener({ type: 'job', job: latest });
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tabId);
    };
  }

  private emit(tabId: number, message: JobStreamMessage): void {
    for (const listener of this.listeners.get(tabId) ?? []) listener(message);
  }
}
