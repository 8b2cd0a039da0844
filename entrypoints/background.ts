import { createHandlers, createJobDeps } from '@/lib/background/handlers';
import { JobRunner } from '@/lib/jobs/runner';
import { orphanedJobs, removeJob } from '@/lib/jobs/store';
import { registerHandlers } from '@/lib/messaging';
import { lockStorageToExtensionPages } from '@/lib/settings/secrets';
import { readPolicy } from '@/lib/settings/store';

export default defineBackground(() => {
  const workerId = crypto.randomUUID();
  const runner = new JobRunner(createJobDeps(workerId));

  void lockStorageToExtensionPages();
  void readPolicy();
  void orphanedJobs(workerId).then((jobs) => runner.markInterrupted(jobs));
  registerHandlers(createHandlers(runner));

  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void readPolicy();
  });
  browser.tabs.onRemoved.addListener((tabId) => void removeJob(tabId));
});
