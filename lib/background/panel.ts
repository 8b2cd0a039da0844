/**
 * Jobs started from the page itself (right-click, keyboard shortcut): the result appears in the
 * in-page panel, a shadow-root UI injected on demand, which never receives the key.
 */
import { pageProblem } from '../errors/problem';
import type { JobRunner } from '../jobs/runner';
import type { Feature } from '../settings/schema';
import { getSettings } from '../settings/store';
import { classifyTabUrl } from '../extract/restricted';
import { defaultModel } from './surface-model';
import { readCatalog } from '../budget/store';
import { currentConnection } from './connection';
import { refreshStatus } from './status';

/** The built panel script (entrypoints/panel.ts). */
const PANEL_SCRIPT = '/panel.js';

export async function showPanel(tabId: number): Promise<boolean> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [PANEL_SCRIPT] });
    return true;
  } catch {
    // Chrome pages, the Web Store, or a page without host access: nothing can be shown there.
    return false;
  }
}

export async function startFromPage(runner: JobRunner, tabId: number, tabUrl: string | undefined, feature: Feature): Promise<void> {
  const { values } = await getSettings();
  if (values.disabledFeatures.includes(feature)) return;
  if (classifyTabUrl(tabUrl) === 'restricted' || !(await showPanel(tabId))) return;
  // Right-click may come before the popup was ever opened: fetch the key's models first then.
  if (!(await readCatalog())) await refreshStatus(await currentConnection());
  const model = await defaultModel(values);
  if (!model) {
    await runner.report(tabId, feature, 'panel', pageProblem('not_configured'));
    return;
  }
  await runner.start(tabId, feature, model, { surface: 'panel' });
}
