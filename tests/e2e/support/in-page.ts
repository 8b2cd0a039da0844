/**
 * What a person does on the page itself: right-click menu items, selections, and the in-page panel.
 * A Playwright right-click opens no native menu (mv3-facts §8), so the menu's click event is
 * dispatched with a real tab, as Chrome would.
 */
import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';

export async function clickMenu(ext: ExtensionBrowser, tabId: number, menuItemId: string, selectionText?: string) {
  await ext.worker.evaluate(
    async ({ tabId, menuItemId, selectionText }) => {
      const tab = await chrome.tabs.get(tabId);
      const info = { menuItemId, pageUrl: tab.url!, editable: false, ...(selectionText ? { selectionText } : {}) } as chrome.contextMenus.OnClickData;
      (chrome.contextMenus.onClicked as unknown as { dispatch(info: unknown, tab: unknown): void }).dispatch(info, tab);
    },
    { tabId, menuItemId, selectionText },
  );
}

export async function openArticle(ext: ExtensionBrowser, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await ext.context.newPage();
  await page.goto(url);
  const tabId = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]!.id!, page.url());
  return { page, tabId };
}

export async function selectParagraph(page: Page, index = 2): Promise<string> {
  return page.evaluate((i) => {
    const paragraph = [...document.querySelectorAll('p')].filter((p) => (p.textContent ?? '').length > 120)[i]!;
    const range = document.createRange();
    range.selectNodeContents(paragraph);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    return paragraph.textContent!.trim();
  }, index);
}

/** The in-page panel inside its shadow root. */
export const panel = (page: Page) => page.locator('#gateway-assistant-panel [data-testid=panel]');

