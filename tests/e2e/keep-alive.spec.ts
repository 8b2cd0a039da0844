/**
 * Issue #3, proof 3 (keep-alive): an answer whose first token takes 40 s and whose chunks come
 * 20 s apart still completes. Chrome would stop an idle worker after 30 s, mid-fetch
 * (mv3-facts §2); here no debugger is attached to the worker, so nothing else keeps it alive.
 */
import { expect, test } from '@playwright/test';
import { startGateway } from '../../dev/gateway/server';
import { simControl } from '../../dev/gateway/control';
import { launchRaw } from './support/raw-cdp';
import { startStaticServer } from '../../dev/harness/static-server';

test('a slow stream with long gaps completes with the worker left to Chrome’s idle rules', async () => {
  test.setTimeout(180_000);
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const site = await startStaticServer();
  const browser = await launchRaw();
  try {
    const control = simControl(gateway.url);
    await control.faults({ ttftMs: 40_000, perChunkMs: 20_000, maxChunks: 3 });
    const articleUrl = site.url('/corpus/pages/v8-blog/source.html');
    await browser.openPage(articleUrl);
    const setup = await browser.openPage(`chrome-extension://${browser.extensionId}/options.html`);
    const tabId = await browser.evaluate<number>(
      setup,
      `(async () => {
        await chrome.storage.local.set({ gatewayKey: 'sk-demo-5usd', settings: { gatewayUrl: ${JSON.stringify(gateway.url)} } });
        return (await chrome.tabs.query({ url: ${JSON.stringify(articleUrl)} }))[0].id;
      })()`,
    );
    await browser.send('Target.closeTarget', { targetId: (await browser.send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo', {}, setup)).targetInfo.targetId });

    const popup = await browser.openPage(`chrome-extension://${browser.extensionId}/popup.html?tabId=${tabId}`);
    const status = () => browser.evaluate<string | null>(popup, `document.querySelector('[data-testid=job]')?.dataset.status ?? null`);
    await expect.poll(() => browser.evaluate<boolean>(popup, `!!document.querySelector('[data-testid=summarize-page]:not([disabled])')`), { timeout: 15_000 }).toBe(true);
    await browser.evaluate(popup, `document.querySelector('[data-testid=summarize-page]').click()`);

    await expect.poll(status, { timeout: 150_000, intervals: [1000] }).toMatch(/done|interrupted|error/);
    expect(await status()).toBe('done');
    const [call] = (await control.log()).slice(-1);
    expect(call!.closedByClient).toBe(false);
    expect(call!.latencyMs).toBeGreaterThan(75_000);
  } finally {
    await browser.close();
    await site.close();
    await gateway.close();
  }
});
