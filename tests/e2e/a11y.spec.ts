/**
 * Issue #13: axe-core over the popup, the options page and the side panel, in light and dark and
 * in English and Japanese: no serious or critical violation, and none of the heading, role and
 * landmark rules whatever their impact.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { SidePanel } from './pages/sidepanel';
import { tabIdOf } from '../../dev/harness/chromium';

const ARTICLE = '/corpus/pages/ars-1/source.html';
const ALWAYS = ['page-has-heading-one', 'aria-allowed-role'];

/** Each scheme in turn: the violations that matter, as `rule: target` lines (empty when clean). */
async function violations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
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
  });
}
