/**
 * What the worker keeps per tab ends with the tab: its job, its conversation, the issues created
 * from its jobs, the live copies and the reading made ahead of a click. It is cleared when the worker
 * starts and when a popup or side panel connects, not on tabs.onRemoved: a listener there starts the
 * worker for every tab the person closes, anywhere (issue #17, as tabs.onUpdated did). Chrome does
 * not reuse a tab's id within a browser session, so what a closed tab left is never taken for a new
 * tab's, and session storage ends with the browser.
 */

/** Something that keeps state per tab: which tabs, and how to drop one's. */
export interface TabHolder {
  tabIds(): number[] | Promise<number[]>;
  forget(tabId: number): void | Promise<void>;
}

/**
 * Drops, in each holder, what belongs to tabs that are no longer open; returns those tabs. The
 * holders are asked first and the open tabs second, so a tab opened meanwhile, whose state may
 * already be written, is among the open ones.
 */
export async function forgetClosedTabs(holders: readonly TabHolder[]): Promise<number[]> {
  const held = await Promise.all(holders.map(async (holder) => ({ holder, tabIds: await holder.tabIds() })));
  const open = new Set((await browser.tabs.query({})).map((tab) => tab.id));
  const closed = new Set<number>();
  await Promise.all(
    held.flatMap(({ holder, tabIds }) =>
      tabIds
        .filter((tabId) => !open.has(tabId))
        .map((tabId) => {
          closed.add(tabId);
          return holder.forget(tabId);
        }),
    ),
  );
  return [...closed].sort((a, b) => a - b);
}

/**
 * `forgetClosedTabs` to call on every page's connect: a popup opens two or three ports at once, and
 * a call while a sweep is under way shares it rather than making the same reads again.
 */
export function closedTabsSweep(holders: readonly TabHolder[]): () => Promise<number[]> {
  let running: Promise<number[]> | null = null;
  return () => (running ??= forgetClosedTabs(holders).finally(() => (running = null)));
}
