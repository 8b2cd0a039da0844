/**
 * A job: one summary (or draft) for one tab. Kept in `storage.session` as it grows, so closing
 * the popup loses nothing and a restarted worker can tell what it left unfinished.
 */
import { z } from 'zod';
import { Problem } from '../errors/problem';
import { Feature } from '../settings/schema';

export const JobStatus = z.enum(['extracting', 'waiting', 'streaming', 'done', 'error', 'interrupted', 'stopped']);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobCost = z.object({
  usd: z.number().nullable(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  calls: z.number(),
});
export type JobCost = z.infer<typeof JobCost>;

export const Job = z.object({
  id: z.string(),
  tabId: z.number(),
  feature: Feature,
  model: z.string(),
  status: JobStatus,
  text: z.string(),
  problem: Problem.nullable(),
  cost: JobCost.nullable(),
  source: z
    .object({ title: z.string(), url: z.string(), words: z.number(), kind: z.enum(['page', 'selection']), language: z.string() })
    .nullable(),
  /** The worker instance that runs the job; another instance finding it unfinished means it died. */
  worker: z.string(),
  startedAt: z.number(),
  updatedAt: z.number(),
});
export type Job = z.infer<typeof Job>;

export const RUNNING: readonly JobStatus[] = ['extracting', 'waiting', 'streaming'];

export function isRunning(job: Job | null | undefined): boolean {
  return !!job && RUNNING.includes(job.status);
}
