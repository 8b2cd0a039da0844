/**
 * Keeps the copy of what the popup paints first (ui/first-paint.ts) in step with the items it is
 * made of: written whenever one of them changes, and when the worker starts only if the copy is
 * missing or another build wrote it, each value parsed by its owner's rules, as the popup's own
 * reads do afterwards.
 */
import { type AvailableActions, availableActions } from '../features/action/available';
import { BudgetState } from '../budget/state';
import { ModelCatalog } from '../budget/catalog';
import { parsePolicy, parseUserSettings, resolveSettings } from '../settings/resolve';
import { budgetItem, catalogItem, dismissedAlertsItem, firstPaintItem, personalActionsItem, policyCacheItem, userSettingsItem } from '../storage/items';
import { type FirstPaint, firstPaintBuild } from '../ui/first-paint';
import { serialQueue } from '../util/serial';

const SOURCES = [userSettingsItem, policyCacheItem, budgetItem, catalogItem, dismissedAlertsItem, personalActionsItem];

/** What the popup would paint now, from one read of every source item. */
export async function firstPaintNow(): Promise<FirstPaint> {
  const raw = await browser.storage.local.get(SOURCES.map((item) => item.storageKey));
  const settings = resolveSettings(parsePolicy(raw[policyCacheItem.storageKey] ?? {}), parseUserSettings(raw[userSettingsItem.storageKey] ?? {}));
  const budget = BudgetState.safeParse(raw[budgetItem.storageKey]);
  const catalog = ModelCatalog.safeParse(raw[catalogItem.storageKey]);
  const dismissed = dismissedAlertsItem.schema.safeParse(raw[dismissedAlertsItem.storageKey]);
  const personal = raw[personalActionsItem.storageKey];
  const models = catalog.success ? catalog.data.models : null;
  const actions: AvailableActions = availableActions(settings.values, Array.isArray(personal) ? personal : [], models);
  return {
    settings,
    budget: budget.success ? budget.data : null,
    catalog: catalog.success ? catalog.data : null,
    dismissed: dismissed.success ? dismissed.data : [],
    actions,
  };
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
