/**
 * Test fixtures: a gateway simulator and a page server per worker, a fresh Chromium with the
 * built extension per test, and page objects so specs read as what a person does.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { startGateway } from '../../../dev/gateway/server';
import { simControl } from '../../../dev/gateway/control';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../../../dev/harness/chromium';
import { startStaticServer, type StaticServer } from '../../../dev/harness/static-server';
import type { Policy } from '../../../lib/settings/schema';
import { Options } from '../pages/options';
import { Popup } from '../pages/popup';
import { isRoot, managedConfig, NOT_ROOT, POLICY_APPLIED, policyFile, removeOrphanedPolicyFiles } from '../../../dev/harness/policy-file';
import { seed } from './state';

export const DEMO_KEY = 'sk-demo-5usd';

type Gateway = { url: string; control: ReturnType<typeof simControl> };

interface Fixtures {
  ext: ExtensionBrowser;
  /** Chromium's UI language for the test (`--lang`); tests override with test.use({ lang: 'ja' }). */
  lang: string | undefined;
  /** Opens a page and the popup for it; the popup acts on that page's tab. */
  openPopupFor(url: string): Promise<{ page: Page; popup: Popup; tabId: number }>;
  openOptions(): Promise<Options>;
  /** Stores the connection the way the options page would, for tests about something else. */
  connect(key?: string, model?: string): Promise<void>;
  /**
   * Sets the organization's policy for this test's extension through a real Chromium policy file,
   * and returns once the extension's managed storage holds it. Needs root (the test is skipped otherwise).
   */
  policy: { set(values: Policy): Promise<void> };
}

interface WorkerFixtures {
  gateway: Gateway;
  site: StaticServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  gateway: [
    async ({}, use) => {
      const server = await startGateway({ port: 0, batchWriteS: 0 });
      await use({ url: server.url, control: simControl(server.url) });
      await server.close();
    },
    { scope: 'worker' },
  ],
  site: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  lang: [undefined, { option: true }],
  ext: async ({ lang, gateway }, use) => {
    await gateway.control.reset();
    const ext = await launchWithExtension({ lang });
    await use(ext);
    await ext.close();
  },
  connect: async ({ ext, gateway }, use) => {
    await use((key = DEMO_KEY, model = '') => seed(ext, { key, settings: { gatewayUrl: gateway.url, defaultModel: model } }));
  },
  policy: async ({ ext }, use, testInfo) => {
    testInfo.skip(!isRoot, NOT_ROOT);
    removeOrphanedPolicyFiles();
    const file = policyFile();
    try {
      await use({
        async set(values) {
          file.write(managedConfig(ext.extensionId, values));
          await expect.poll(() => ext.worker.evaluate(() => chrome.storage.managed.get()), POLICY_APPLIED).toEqual(values);
        },
      });
    } finally {
      file.remove();
    }
  },
  openPopupFor: async ({ ext }, use) => {
    await use(async (url) => {
      const page = await ext.context.newPage();
      await page.goto(url);
      const tabId = await tabIdOf(ext, page.url());
      return { page, popup: await Popup.open(ext, tabId), tabId };
    });
  },
  openOptions: async ({ ext }, use) => {
    await use(() => Options.open(ext));
  },
});

export { expect };
