import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import type { Extracted } from '../extract/result';
import { conversationTabIds, removeConversation } from '../features/ask/store';
import { liveJobs } from '../jobs/live';
import { Job } from '../jobs/job';
import { jobTabIds, removeJob, writeJob } from '../jobs/store';
import { askDocumentItems, askEarlierItems, askItems, jiraCreatedItem } from '../storage/items';
import { closedTabsSweep, forgetClosedTabs } from './closed-tabs';
import { forgetJiraCreated, jiraCreatedTabIds } from './jira';
import { Speculations } from './speculation';

const job = (tabId: number): Job =>
  Job.parse({ id: `${tabId}-1`, tabId, feature: 'summarize', model: 'sim-fast', status: 'done', text: 'An answer.', problem: null, cost: null, source: null, worker: 'w', startedAt: 1, updatedAt: 1 });

const page = (url: string): Extracted => ({ kind: 'page', title: 'Article', url, lang: 'en', contentType: 'text/html', byline: null, text: 'The article text.', method: 'readability' });

describe('what closed tabs left behind (issue #17: cleared without a tabs.onRemoved listener)', () => {
  it("drops a closed tab's job, conversation, created issues, live copy and reading; an open tab's stay", async () => {
    const open = (await fakeBrowser.tabs.create({ url: 'https://a.test/' })).id!;
    // A tab that was closed: no open tab has its id (the fake browser's tabs.remove fails, mistaking the tab for a window).
    const closed = open + 1000;
    const live = liveJobs();
    const speculations = new Speculations();
    for (const tabId of [open, closed]) {
      await writeJob(job(tabId));
      await storage.setItem(askItems.key(tabId), { turns: [] });
      await storage.setItem(askDocumentItems.key(tabId), { text: 'The document.' });
      await storage.setItem(askEarlierItems.key(tabId), []);
      live.state(tabId, job(tabId));
      speculations.start(tabId, 'https://a.test/', async () => page('https://a.test/'));
    }
    await jiraCreatedItem.setValue({ [`${open}-1`]: { key: 'A-1', url: 'https://jira.test/browse/A-1' }, [`${closed}-1`]: { key: 'A-2', url: 'https://jira.test/browse/A-2' } });

    const forgotten = await forgetClosedTabs([
      { tabIds: jobTabIds, forget: removeJob },
      { tabIds: conversationTabIds, forget: removeConversation },
      { tabIds: jiraCreatedTabIds, forget: forgetJiraCreated },
      live,
      speculations,
    ]);

    expect(forgotten).toEqual([closed]);
    expect(await jobTabIds()).toEqual([open]);
    expect(await conversationTabIds()).toEqual([open]);
    // Nothing else of the closed tab is left (`jiraCreated$` is WXT's record of that item's version).
    expect(Object.keys(await fakeBrowser.storage.session.get(null)).sort()).toEqual([`ask:${open}`, `askDocument:${open}`, `askEarlier:${open}`, `jiraCreated`, `jiraCreated$`, `job:${open}`]);
    expect(await jiraCreatedTabIds()).toEqual([open]);
    expect(live.tabIds()).toEqual([open]);
    expect(speculations.tabIds()).toEqual([open]);
  });

  it('leaves alone a tab opened while it looked, whose state may already be written', async () => {
    const opened = { tabIds: async () => [(await fakeBrowser.tabs.create({ url: 'https://new.test/' })).id!], forget: vi.fn() };
    await expect(forgetClosedTabs([opened])).resolves.toEqual([]);
    expect(opened.forget).not.toHaveBeenCalled();
  });

  it('shares a sweep under way with the calls made meanwhile (a popup connects several ports at once), and sweeps anew after it', async () => {
    const holder = { tabIds: vi.fn(async () => [999]), forget: vi.fn() };
    const sweep = closedTabsSweep([holder]);
    await Promise.all([sweep(), sweep(), sweep()]);
    expect(holder.tabIds).toHaveBeenCalledTimes(1);
    expect(holder.forget).toHaveBeenCalledWith(999);
    await sweep();
    expect(holder.tabIds).toHaveBeenCalledTimes(2);
  });

  it('reads only the keys of session storage, and only those of tabs (ids, not other keys with the prefix)', async () => {
    await writeJob(job(3));
    await storage.setItem('session:job:draft', { any: 'thing' });
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    expect(await jobTabIds()).toEqual([3]);
    expect(get).toHaveBeenCalledTimes(1); // the test's getKeys shim (tests/unit/setup.ts) reads once, as Chrome's getKeys reads no values
  });
});
