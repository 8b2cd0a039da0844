import { createHandlers, createJobDeps } from '@/lib/background/handlers';
import { showBudgetBadge } from '@/lib/budget/badge';
import { budgetItem, readBudget } from '@/lib/budget/store';
import { JobRunner } from '@/lib/jobs/runner';
import { removeJob } from '@/lib/jobs/store';
import { registerHandlers, WORKER_WATCH_PORT } from '@/lib/messaging';
import { lockStorageToExtensionPages } from '@/lib/settings/secrets';
import { readPolicy } from '@/lib/settings/store';

export default defineBackground(() => {
  const workerId = crypto.randomUUID();
  const runner = new JobRunner(createJobDeps(workerId));

  void lockStorageToExtensionPages();
  void readPolicy();
  registerHandlers(createHandlers(runner, workerId));
  // Accepting the popup's watch port is all it takes; its disconnect is the signal.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== WORKER_WATCH_PORT || port.sender?.id !== browser.runtime.id) port.disconnect();
  });

  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void readPolicy();
  });
  void readBudget().then(showBudgetBadge);
  budgetItem.watch((budget) => void showBudgetBadge(budget));
  browser.tabs.onRemoved.addListener((tabId) => void removeJob(tabId));
});
