/**
 * Which tab the popup acts on. `?tabId=N` wins (tests, and the popup opened as a tab); otherwise
 * the active tab of the popup's window (mv3-facts §4).
 */
export async function targetTabId(search: string = location.search): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(search).get('tabId'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
