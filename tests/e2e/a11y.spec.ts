/**
 * Issue #13: axe-core over the popup, the options page, the side panel and the in-page panel, in
 * light and dark and in English and Japanese: no serious or critical violation, and none of the
 * heading, role and landmark rules whatever their impact.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect, test } from './support/fixtures';
import { SidePanel } from './pages/sidepanel';
import { Tab } from './pages/panel';
import { tabIdOf } from '../../dev/harness/chromium';

const ARTICLE = '/corpus/pages/ars-1/source.html';
const ALWAYS = ['page-has-heading-one', 'aria-allowed-role'];

/** axe-core's own bundle, injected as is into a frame AxeBuilder cannot reach. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe inside the in-page panel's frame: the frame sits behind a closed shadow root, which
 * AxeBuilder's frame walk does not cross, so axe runs in the frame itself.
 */
async function analyzeFrame(frame: Frame): Promise<AxeResults> {
  await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(() => (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
}

/** Each scheme in turn: the violations that matter, as `rule: target` lines (empty when clean). */
async function violations(page: Page, frame?: Frame): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    if (frame) await expect.poll(() => frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');
    const { violations } = frame ? await analyzeFrame(frame) : await new AxeBuilder({ page }).analyze();
    for (const v of violations) {
      if (v.impact === 'serious' || v.impact === 'critical' || ALWAYS.includes(v.id) || v.id.startsWith('landmark')) {
        found.push(...v.nodes.map((node) => `${colorScheme} ${v.id}: ${node.target.join(' ')}`));
      }
    }
  }
  return found;
}

for (const lang of ['en', 'ja']) {
  test.describe(`in ${lang}`, () => {
    test.use({ lang });

    test('the popup with a finished summary is axe-clean in light and dark', async ({ openPopupFor, connect, site }) => {
      await connect();
      const { popup } = await openPopupFor(site.url(ARTICLE));
      await popup.runJob(() => popup.summarize());
      await expect(popup.copyButton()).toBeVisible();
      expect(await violations(popup.page)).toEqual([]);
    });

    test('the options page is axe-clean in light and dark', async ({ openOptions, connect }) => {
      await connect();
      const options = await openOptions();
      await expect(options.gatewayUrl()).toBeVisible();
      expect(await violations(options.page)).toEqual([]);
    });

    test('the side panel is axe-clean in light and dark', async ({ ext, connect, site }) => {
      await connect();
      const page = await ext.context.newPage();
      await page.goto(site.url(ARTICLE));
      const panel = await SidePanel.open(ext, await tabIdOf(ext, page.url()));
      await expect(panel.document()).toBeVisible();
      expect(await violations(panel.page)).toEqual([]);
    });

    test('the in-page panel with a finished summary is axe-clean in light and dark, in body-size type', async ({ ext, connect, site }) => {
      await connect();
      const tab = await Tab.open(ext, site.url(ARTICLE));
      await tab.rightClick('summarize@page');
      await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
      const frame = tab.panel.frame()!;
      // The body text takes the type scale's body size (14 px), not the 10.5 px of issue #13.
      expect(await frame.evaluate(() => getComputedStyle(document.querySelector('[data-testid=panel]')!).fontSize)).toBe('14px');
      expect(await violations(tab.page, frame)).toEqual([]);
    });
  });
}
