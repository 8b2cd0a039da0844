/** Issue #17: the popup paints from what storage knows, and asks the gateway nothing while its figures are recent. */
import { expect, test } from './support/fixtures';
import { Popup } from './pages/popup';
import { tabIdOf } from '../../dev/harness/chromium';

const ARTICLE = '/corpus/pages/v8-blog/source.html';
const STATUS_ROUTES = /^GET \/(key\/info|team\/info|user\/info|v1\/models|models|v1\/model\/info|model\/info)$/;

test('opened again within the minute, the popup asks the gateway nothing and shows the budget and Summarize before the worker answers any message', async ({ ext, connect, openPopupFor, site, gateway }) => {
  await connect();
  const { popup: first, page } = await openPopupFor(site.url(ARTICLE));
  // The first open fetches the figures.
  await expect(first.budgetLeft()).toContainText('$5.00 left');
  await expect(first.budget().getByLabel('Updating…')).toHaveCount(0);
  const fetched = (await gateway.control.requests()).filter((r) => STATUS_ROUTES.test(r));
  expect(fetched).toContain('GET /key/info');
  await first.close();

  // Every message from the reopened popup to the worker is held until the test lets it go.
  const reopened = await ext.context.newPage();
  await reopened.addInitScript(() => {
    const held: (() => void)[] = [];
    let open = false;
    const original = chrome.runtime.sendMessage.bind(chrome.runtime) as (...args: unknown[]) => unknown;
    (chrome.runtime as { sendMessage: unknown }).sendMessage = (...args: unknown[]) => {
      if (open) return original(...args);
      return new Promise((resolve, reject) =>
        held.push(() => {
          const answer = original(...args);
          if (answer instanceof Promise) answer.then(resolve, reject);
          else resolve(answer);
        }),
      );
    };
    Object.assign(window, {
      heldMessages: () => held.length,
      releaseWorker: () => {
        open = true;
        held.splice(0).forEach((send) => send());
      },
    });
  });
  const tabId = await tabIdOf(ext, page.url());
  await reopened.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
  const popup = new Popup(reopened);
  await expect(popup.budgetLeft()).toContainText('$5.00 left');
  await expect(popup.summarizeButton()).toBeEnabled();
  // Painted while the worker has answered nothing (every message is held until released): the
  // popup asks the worker only after painting, and its refresh is still pending.
  await expect.poll(() => reopened.evaluate(() => (window as unknown as { heldMessages(): number }).heldMessages())).toBeGreaterThan(0);
  await expect(popup.budgetLeft()).toContainText('$5.00 left');
  await expect(popup.budget().getByLabel('Updating…')).toBeVisible();

  await reopened.evaluate(() => (window as unknown as { releaseWorker(): void }).releaseWorker());
  await expect(popup.budget().getByLabel('Updating…')).toHaveCount(0);
  // The worker answered the refresh from the recent figures: no status route was asked again.
  expect((await gateway.control.requests()).filter((r) => STATUS_ROUTES.test(r))).toEqual(fetched);
});
