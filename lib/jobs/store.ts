/** Jobs in `storage.session`, one entry per tab: survives worker restarts, gone with the browser. */
import { storage } from 'wxt/utils/storage';
import { isRunning, Job } from './job';

const PREFIX = 'job:';
const itemKey = (tabId: number) => `session:${PREFIX}${tabId}` as const;

export async function readJob(tabId: number): Promise<Job | null> {
  const parsed = Job.safeParse(await storage.getItem(itemKey(tabId)));
  return parsed.success ? parsed.data : null;
}

export async function writeJob(job: Job): Promise<void> {
  await storage.setItem(itemKey(job.tabId), job);
}

export async function removeJob(tabId: number): Promise<void> {
  await storage.removeItem(itemKey(tabId));
}

export function watchJob(tabId: number, cb: (job: Job | null) => void): () => void {
  return storage.watch(itemKey(tabId), (value) => {
    const parsed = Job.safeParse(value);
    cb(parsed.success ? parsed.data : null);
  });
}

/** Jobs a previous worker instance left running: it was stopped mid-answer (mv3-facts §3). */
export async function orphanedJobs(currentWorker: string): Promise<Job[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => Job.safeParse(value))
    .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
    .filter((job) => isRunning(job) && job.worker !== currentWorker);
}
