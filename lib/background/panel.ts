/**
 * Jobs started from the page itself (right-click, keyboard shortcut): the result appears in the
 * in-page panel, an extension page framed in a closed shadow root injected on demand, which
 * never receives the key.
 */
import type { JobRunner } from '../jobs/runner';
import { classifyTabUrl } from '../extract/restricted';
import { readCatalog } from '../budget/store';
import { type Run, startRun } from './runs';
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

export async function startFromPage(runner: JobRunner, tabId: number, tabUrl: string | undefined, run: Run): Promise<void> {
  if (classifyTabUrl(tabUrl) === 'restricted' || !(await showPanel(tabId))) return;
  // Right-click may come before the popup was ever opened: fetch the key's models first then.
  if (!(await readCatalog())) await refreshStatus(await currentConnection());
  await startRun(runner, tabId, run, null, 'panel');
}
