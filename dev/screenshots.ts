/**
 * `npm run screenshots`: every screen (popup before and after a summary, a Jira draft, the options
 * page, the side panel) in English and Japanese, light and dark, into screenshots/ (not committed),
 * so anyone can look at the whole surface at once. It also regenerates the README's screenshot,
 * docs/popup-summary.png (English UI, light, a Japanese article).
 * Runs against the offline simulator with the demo key; builds the extension first.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { startGateway } from './gateway/server';
import { type ExtensionBrowser, launchWithExtension, tabIdOf } from './harness/chromium';
import { repoRoot } from './harness/paths';
import { startStaticServer } from './harness/static-server';

const DEMO_KEY = 'sk-demo-5usd';
const ARTICLE = '/corpus/ja/litellm-poc-blog.html';
const OUT = resolve(repoRoot, 'screenshots');
const SCHEMES = ['light', 'dark'] as const;
const POPUP = { width: 420, height: 600 };

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: resolve(OUT, `${name}-${colorScheme}.png`), fullPage });
  }
}

async function openPage(ext: ExtensionBrowser, url: string, size = POPUP): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize(size);
  await page.goto(url);
  return page;
}

async function capture(lang: 'en' | 'ja', gatewayUrl: string, siteUrl: (path: string) => string): Promise<void> {
  const ext = await launchWithExtension({ lang });
  try {
    const base = `chrome-extension://${ext.extensionId}`;
    const first = await openPage(ext, `${base}/popup.html`);
    await first.getByTestId('not-connected').waitFor();
    await shoot(first, `${lang}-popup-not-connected`);

    await ext.worker.evaluate(async ({ url, key }) => chrome.storage.local.set({ gatewayKey: key, settings: { gatewayUrl: url } }), { url: gatewayUrl, key: DEMO_KEY });
    const article = await ext.context.newPage();
    await article.goto(siteUrl(ARTICLE));
    const tabId = await tabIdOf(ext, article.url());
    const popup = await openPage(ext, `${base}/popup.html?tabId=${tabId}`);
    await popup.getByTestId('budget-left').waitFor();
    await popup.waitForFunction(() => !document.querySelector('.spinner'));
    await shoot(popup, `${lang}-popup-connected`);
    await popup.getByTestId('summarize-page').click();
    await popup.locator('[data-testid=job][data-status=done]').waitFor({ timeout: 60_000 });
    await shoot(popup, `${lang}-popup-summary`);
    if (lang === 'en') {
      await popup.emulateMedia({ colorScheme: 'light' });
      copyFileSync(resolve(OUT, 'en-popup-summary-light.png'), resolve(repoRoot, 'docs/popup-summary.png'));
    }

    const other = await ext.context.newPage();
    await other.goto(siteUrl('/corpus/pages/gitlab-blog/source.html'));
    const draft = await openPage(ext, `${base}/popup.html?tabId=${await tabIdOf(ext, other.url())}`);
    await draft.getByTestId('draft-ticket').click();
    await draft.locator('[data-testid=job][data-status=done]').waitFor({ timeout: 60_000 });
    await shoot(draft, `${lang}-popup-jira-draft`);

    const side = await openPage(ext, `${base}/sidepanel.html?tabId=${tabId}`, { width: 400, height: 800 });
    await side.getByTestId('ask-document').waitFor();
    await shoot(side, `${lang}-sidepanel`);

    const options = await openPage(ext, `${base}/options.html`, { width: 900, height: 900 });
    await options.getByTestId('gateway-url').waitFor();
    await shoot(options, `${lang}-options`, true);
  } finally {
    await ext.close();
  }
}

async function main(): Promise<void> {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  mkdirSync(OUT, { recursive: true });
  const gateway = await startGateway({ port: 0, keys: resolve(repoRoot, 'dev/gateway/keys.example.json') });
  const site = await startStaticServer();
  try {
    for (const lang of ['en', 'ja'] as const) await capture(lang, gateway.url, (path) => site.url(path));
  } finally {
    await site.close();
    await gateway.close();
  }
  console.log(`Screenshots in ${OUT}; README screenshot: docs/popup-summary.png`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
