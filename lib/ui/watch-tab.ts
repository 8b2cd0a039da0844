/**
 * A page's watch on the one tab it acts on. The worker does not listen to tab updates: a
 * tabs.onUpdated listener there wakes it for every navigation in every tab (issue #17), so the
 * popup and the side panel, open only while someone looks at that tab, tell it what changed.
 */

/** What changed in the tab that matters to its reading: a new document starting or finished, or a new URL. */
export interface TabMove {
  /** The URL the tab shows now, when the update says. */
  url?: string;
  status?: 'loading' | 'complete';
}

/** Calls `onMove` for each update of tab `tabId` that starts or finishes a document or changes its URL; returns the stop. */
export function watchTab(tabId: number, onMove: (move: TabMove) => void): () => void {
  const listener = (id: number, change: Browser.tabs.OnUpdatedInfo) => {
    if (id !== tabId) return;
    const status = change.status === 'loading' || change.status === 'complete' ? change.status : undefined;
    if (status || change.url !== undefined) onMove({ url: change.url, status });
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}
