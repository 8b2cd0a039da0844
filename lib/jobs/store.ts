/** Jobs in `storage.session`, one entry per tab: survives worker restarts, gone with the browser. */
import { storage } from 'wxt/utils/storage';
import { jobItems, sessionTabIds } from '../storage/items';
import type { Job } from './job';
import { isRunning } from './running';

export async function readJob(tabId: number): Promise<Job | null> {
  const parsed = jobItems.schema.safeParse(await storage.getItem(jobItems.key(tabId)));
  return parsed.success ? parsed.data : null;
}

export async function writeJob(job: Job): Promise<void> {
  await storage.setItem(jobItems.key(job.tabId), job);
}

/** The tabs with a job in storage. */
export function jobTabIds(): Promise<number[]> {
  return sessionTabIds(jobItems.prefix);
}

export async function removeJob(tabId: number): Promise<void> {
  await storage.removeItem(jobItems.key(tabId));
}

export function watchJob(tabId: number, cb: (job: Job | null) => void): () => void {
  return storage.watch(jobItems.key(tabId), (value) => {
    const parsed = jobItems.schema.safeParse(value);
    cb(parsed.success ? parsed.data : null);
  });
}

/** Jobs a previous worker instance left running: it was stopped mid-answer (mv3-facts §3). */
export async function orphanedJobs(currentWorker: string): Promise<Job[]> {
  const all = await storage.snapshot(jobItems.area);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(jobItems.prefix))
    .map(([, value]) => jobItems.schema.safeParse(value))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .filter((job) => isRunning(job) && job.worker !== currentWorker);
}
