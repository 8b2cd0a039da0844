import { createAskDeps } from '@/lib/background/ask';
import { createHandlers, createJobDeps } from '@/lib/background/handlers';
import { AskService } from '@/lib/features/ask/session';
import { openSidePanel } from '@/lib/features/ask/open';
import { conversationTabIds, removeConversation } from '@/lib/features/ask/store';
import { feature as ask } from '@/lib/features/ask/feature';
import { buildMenus, menuRun } from '@/lib/background/menus';
import { readActions } from '@/lib/features/action/read';
import { runnables } from '@/lib/features/runnables';
import { startFromPage } from '@/lib/background/panel';
import { speculations } from '@/lib/background/tab';
import { showBudgetBadge } from '@/lib/budget/badge';
import { readBudget } from '@/lib/budget/store';
import { JobRunner } from '@/lib/jobs/runner';
import { jobTabIds, removeJob } from '@/lib/jobs/store';
import { ASK_STREAM_PORT, JOB_STREAM_PORT, registerHandlers, sendToTab, WORKER_WATCH_PORT } from '@/lib/messaging';
import { acceptFeedPort } from '@/lib/background/live-port';
import { keepFirstPaint } from '@/lib/background/first-paint';
import { forgetJiraCreated, jiraCreatedTabIds } from '@/lib/background/jira';
import { closedTabsSweep, type TabHolder } from '@/lib/background/closed-tabs';
import { liveJobs } from '@/lib/jobs/live';
import { liveConversations } from '@/lib/features/ask/live';
import { lockStorageToExtensionPages } from '@/lib/settings/secrets';
import { getSettings, keepSettingsInMemory, refreshPolicyCache, watchSettings } from '@/lib/settings/store';
import { budgetItem, catalogItem, keepItemsInMemory, personalActionsItem } from '@/lib/storage/items';

export default defineBackground(() => {
  // First, so that every read after it is answered from memory once made (issue #17).
  keepItemsInMemory();
  const workerId = crypto.randomUUID();
  const live = liveJobs();
  const liveAsk = liveConversations();
  const runner = new JobRunner(
    createJobDeps(
      workerId,
      (job) => {
        live.state(job.tabId, job);
        if (job.surface === 'panel') void sendToTab('bg.jobUpdate', job, job.tabId);
      },
      (job, delta) => {
        live.delta(job.tabId, delta);
        if (job.surface === 'panel') void sendToTab('bg.jobDelta', delta, job.tabId);
      },
    ),
  );

  keepSettingsInMemory();
  keepFirstPaint();
  void lockStorageToExtensionPages();
  void refreshPolicyCache();
  registerHandlers(createHandlers(runner, workerId, new AskService(createAskDeps(liveAsk))));
  // What closed tabs left, cleared now and each time a page connects (lib/background/closed-tabs.ts:
  // no tabs.onRemoved listener, which would start the worker for every tab closed anywhere).
  const perTab: TabHolder[] = [
    { tabIds: jobTabIds, forget: removeJob },
    { tabIds: conversationTabIds, forget: removeConversation },
    { tabIds: jiraCreatedTabIds, forget: forgetJiraCreated },
    live,
    liveAsk,
    speculations,
  ];
  const sweep = closedTabsSweep(perTab);
  const forgetClosed = () => void sweep();
  forgetClosed();
  // Accepting the popup's watch port is all it takes; its disconnect is the signal.
  browser.runtime.onConnect.addListener((port) => {
    const ours = port.sender?.id === browser.runtime.id && port.sender.url?.startsWith(browser.runtime.getURL('/'));
    if (ours) forgetClosed();
    // Only the popup follows a tab's job: once it is gone, no one watches the page read ahead for it.
    if (ours && port.name === JOB_STREAM_PORT) acceptFeedPort(port, live, (tabId) => speculations.release(tabId));
    else if (ours && port.name === ASK_STREAM_PORT) acceptFeedPort(port, liveAsk);
    else if (!ours || port.name !== WORKER_WATCH_PORT) port.disconnect();
  });

  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void refreshPolicyCache({ final: true });
  });
  void readBudget().then(showBudgetBadge);
  budgetItem.watch((budget) => void showBudgetBadge(budget));
  // No tabs.onUpdated or tabs.onRemoved here: they would start the worker for every navigation and
  // every closed tab, anywhere. The popup and the side panel watch their own tab and say when it
  // moved (lib/ui/watch-tab.ts); what a closed tab left is cleared as above.

  // The menu lists features and actions: it follows the settings, the person's own actions and the key's models.
  const menuRuns = async () => runnables('menu', (await getSettings()).values, (await readActions()).actions);
  const rebuildMenus = () => void menuRuns().then(buildMenus);
  browser.runtime.onInstalled.addListener(rebuildMenus);
  watchSettings(rebuildMenus);
  personalActionsItem.watch(rebuildMenus);
  catalogItem.watch(rebuildMenus);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (tab?.id === undefined) return;
    const tabId = tab.id;
    // The side panel opens only within the click's gesture: decided from the item's id, before any await.
    if (String(info.menuItemId).startsWith(`${ask.id}@`)) return void openSidePanel(tabId, info.menuItemId === `${ask.id}@selection`);
    void menuRuns().then((runs) => {
      const run = menuRun(info.menuItemId, runs);
      if (run) void startFromPage(runner, tabId, tab.url, run);
    });
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (tab?.id === undefined) return;
    if (command === 'ask-page') return void openSidePanel(tab.id, false);
    if (command === 'summarize-page') void startFromPage(runner, tab.id, tab.url, { feature: 'summarize' });
  });
});
