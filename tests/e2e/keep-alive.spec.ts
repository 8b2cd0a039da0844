/**
 * Issue #3, proof 3 (keep-alive): an answer whose first token takes 40 s and whose chunks come
 * 20 s apart still completes. Chrome would stop an idle worker after 30 s, mid-fetch
 * (mv3-facts §2); here no debugger is attached to the worker, so nothing else keeps it alive.
 */
import { expect, test as base } from '@playwright/test';
import { startGateway } from '../../dev/gateway/server';
import { simControl } from '../../dev/gateway/control';
import { launchRaw, type RawBrowser } from './support/raw-cdp';
import { startStaticServer } from '../../dev/harness/static-server';
import { seedExpression } from './support/state';

// Fixtures own the browser and the servers: their teardown runs even when the test times out.
const test = base.extend<{ raw: RawBrowser; gateway: Awaited<ReturnType<typeof startGateway>>; site: Awaited<ReturnType<typeof startStaticServer>> }>({
  gateway: async ({}, use) => {
    const gateway = await startGateway({ port: 0, batchWriteS: 0 });
    try {
      await use(gateway);
    } finally {
      await gateway.close();
    }
  },
  site: async ({}, use) => {
    const site = await startStaticServer();
    try {
      await use(site);
    } finally {
      await site.close();
    }
  },
  raw: async ({}, use) => {
    const raw = await launchRaw();
    try {
      await use(raw);
    } finally {
      await raw.close();
    }
  },
});

test('a slow stream with long gaps completes with the worker left to Chrome’s idle rules', async ({ raw, gateway, site }) => {
  test.setTimeout(180_000);
  const control = simControl(gateway.url);
  await control.faults({ ttftMs: 40_000, perChunkMs: 20_000, maxChunks: 3 });
  const articleUrl = site.url('/corpus/pages/v8-blog/source.html');
  await raw.openPage(articleUrl);
  const setup = await raw.openPage(`chrome-extension://${raw.extensionId}/options.html`);
  await raw.evaluate(setup, seedExpression({ key: 'sk-demo-5usd', settings: { gatewayUrl: gateway.url } }));
  const tabId = await raw.evaluate<number>(setup, `(async () => (await chrome.tabs.query({ url: ${JSON.stringify(articleUrl)} }))[0].id)()`);
  await raw.send('Target.closeTarget', { targetId: (await raw.send<{ targetInfo: { targetId: string } }>('Target.getTargetInfo', {}, setup)).targetInfo.targetId });

  const popup = await raw.openPage(`chrome-extension://${raw.extensionId}/popup.html?tabId=${tabId}`);
  const status = () => raw.evaluate<string | null>(popup, `document.querySelector('[data-testid=job]')?.dataset.status ?? null`);
  await expect.poll(() => raw.evaluate<boolean>(popup, `!!document.querySelector('[data-testid=summarize-page]:not([disabled])')`), { timeout: 15_000 }).toBe(true);
  await raw.evaluate(popup, `document.querySelector('[data-testid=summarize-page]').click()`);

  await expect.poll(status, { timeout: 150_000, intervals: [1000] }).toMatch(/done|interrupted|error/);
  expect(await status()).toBe('done');
  const [call] = (await control.log()).slice(-1);
  expect(call!.closedByClient).toBe(false);
  expect(call!.latencyMs).toBeGreaterThan(75_000);
});
