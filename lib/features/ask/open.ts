/**
 * Opening Ask's side panel for one tab. Chrome lets `sidePanel.open` run only in answer to the
 * person's gesture (a click in the popup, a menu item, a shortcut), and an `await` before it loses
 * the gesture: both calls start at once, setOptions first, which Chrome carries out in order.
 */
export function sidePanelPath(tabId: number, selection: boolean): string {
  return `sidepanel.html?tabId=${tabId}${selection ? '&selection=1' : ''}`;
}

/**
 * Resolves to whether the panel opened. Chrome refuses without a gesture (a menu click replayed
 * by a test, say); the panel is then still set for the tab, and Chrome's own side panel menu opens it.
 */
export function openSidePanel(tabId: number, selection: boolean): Promise<boolean> {
  const configured = browser.sidePanel.setOptions({ tabId, path: sidePanelPath(tabId, selection), enabled: true });
  const opened = browser.sidePanel.open({ tabId });
  return Promise.all([configured, opened]).then(
    () => true,
    () => false,
  );
}

/** What the side panel was opened for: its tab, and whether it is about the selection. */
export function sidePanelTarget(search: string): { tabId: number | null; selection: boolean } {
  const params = new URLSearchParams(search);
  const tabId = Number(params.get('tabId'));
  return { tabId: Number.isInteger(tabId) && tabId > 0 ? tabId : null, selection: params.get('selection') === '1' };
}
