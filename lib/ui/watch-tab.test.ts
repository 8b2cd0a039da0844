import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type TabMove, watchTab } from './watch-tab';

const tab = (id: number) => ({ id, index: 0, pinned: false, highlighted: false, windowId: 1, active: true, incognito: false, selected: true, discarded: false, autoDiscardable: true, groupId: -1, frozen: false });

describe('watchTab', () => {
  beforeEach(() => fakeBrowser.reset());

  it('reports its tab’s new documents and URLs, not its titles or icons, nor other tabs, and stops when asked', async () => {
    const moves: TabMove[] = [];
    const stop = watchTab(7, (move) => moves.push(move));
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading', url: 'https://a.test/next' }, tab(7));
    await fakeBrowser.tabs.onUpdated.trigger(7, { title: 'Next' }, tab(7));
    await fakeBrowser.tabs.onUpdated.trigger(7, { favIconUrl: 'https://a.test/icon.png' }, tab(7));
    await fakeBrowser.tabs.onUpdated.trigger(8, { status: 'loading' }, tab(8));
    await fakeBrowser.tabs.onUpdated.trigger(7, { url: 'https://a.test/next?pushed' }, tab(7));
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'complete' }, tab(7));
    stop();
    await fakeBrowser.tabs.onUpdated.trigger(7, { status: 'loading' }, tab(7));
    expect(moves).toEqual([{ status: 'loading', url: 'https://a.test/next' }, { url: 'https://a.test/next?pushed', status: undefined }, { status: 'complete', url: undefined }]);
  });
});
