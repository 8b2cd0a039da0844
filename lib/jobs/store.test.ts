import { describe, expect, it } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { Job, type JobStatus } from './job';
import { orphanedJobs, readJob, removeJob, writeJob } from './store';

const job = (tabId: number, status: JobStatus, worker: string): Job =>
  Job.parse({ id: `job-${tabId}`, tabId, feature: 'summarize', model: 'sim-fast', status, text: '', problem: null, cost: null, source: null, worker, startedAt: 1, updatedAt: 1 });

describe('the jobs in session storage', () => {
  it('keeps one job per tab, until the tab is gone', async () => {
    await writeJob(job(1, 'streaming', 'w1'));
    await writeJob(job(2, 'done', 'w1'));
    expect((await readJob(1))?.id).toBe('job-1');
    await removeJob(1);
    expect(await readJob(1)).toBeNull();
    expect((await readJob(2))?.id).toBe('job-2');
  });

  it('finds the jobs another worker instance left running, and only those', async () => {
    await writeJob(job(1, 'streaming', 'stopped-worker'));
    await writeJob(job(2, 'done', 'stopped-worker'));
    await writeJob(job(3, 'streaming', 'this-worker'));
    // Something else in session storage that happens to look like a running job.
    await storage.setItem('session:elsewhere', job(4, 'streaming', 'stopped-worker'));
    expect((await orphanedJobs('this-worker')).map((found) => found.tabId)).toEqual([1]);
  });
});
