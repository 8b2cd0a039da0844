/**
 * Keeps the copy of what the popup paints first (ui/first-paint.ts) in step with the items it is
 * made of: written whenever one of them changes, and when the worker starts only if the copy is
 * missing or another build wrote it, each value parsed by its owner's rules, as the popup's own
 * reads do afterwards.
 */
import { readBudget, readCatalog } from '../budget/store';
import { readActions } from '../features/action/read';
import { getSettings } from '../settings/store';
import { budgetItem, catalogItem, dismissedAlertsItem, firstPaintItem, personalActionsItem, policyCacheItem, userSettingsItem } from '../storage/items';
import { type FirstPaint, firstPaintBuild } from '../ui/first-paint';
import { serialQueue } from '../util/serial';

const SOURCES = [userSettingsItem, policyCacheItem, budgetItem, catalogItem, dismissedAlertsItem, personalActionsItem];

/**
 * What the popup would paint now, read by the same functions its live reads use. In the worker
 * these answer from memory and drop their copies on storage.onChanged before this module's own
 * listener runs (registered after them, in entrypoints/background.ts), so a change is never missed.
 */
export async function firstPaintNow(): Promise<FirstPaint> {
  const [settings, budget, catalog, dismissed, actions] = await Promise.all([getSettings(), readBudget(), readCatalog(), dismissedAlertsItem.getValue(), readActions()]);
  const parsedDismissed = dismissedAlertsItem.schema.safeParse(dismissed);
  return { settings, budget, catalog, dismissed: parsedDismissed.success ? parsedDismissed.data : [], actions };
}

export function keepFirstPaint(): void {
  const queue = serialQueue();
  // One write waiting is enough: it reads every source when its turn comes.
  let waiting = false;
  const write = () => {
    if (waiting) return;
    waiting = true;
    void queue(async () => {
      waiting = false;
      await firstPaintItem.setValue({ build: firstPaintBuild(), paint: await firstPaintNow() });
    }).catch(() => undefined);
  };
  // A change to a source wakes the worker to write (storage.onChanged is one of its events), so a
  // copy from this build is current; rewriting it on every start would only add start-up I/O.
  void firstPaintItem.getValue().then((copy) => {
    if (copy?.build !== firstPaintBuild()) write();
  }, write);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SOURCES.some((item) => item.storageKey in changes)) write();
  });
}
