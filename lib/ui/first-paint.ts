/**
 * What a page paints before any message to the worker: settings, budget, models, dismissed
 * warnings and the person's actions, in one `storage.local` read started when the page's module
 * loads (issue #17). Each value is parsed by its owner's rules, as the separate reads do.
 */
import { type AvailableActions, availableActions } from '../features/action/available';
import { BudgetState } from '../budget/state';
import { ModelCatalog } from '../budget/catalog';
import { parsePolicy, parseUserSettings, resolveSettings, type ResolvedSettings } from '../settings/resolve';
import { budgetItem, catalogItem, dismissedAlertsItem, personalActionsItem, policyCacheItem, userSettingsItem } from '../storage/items';

export interface FirstPaint {
  settings: ResolvedSettings;
  budget: BudgetState | null;
  catalog: ModelCatalog | null;
  dismissed: string[];
  actions: AvailableActions;
}

/**
 * Never rejects: the popup must render even if this read or a stored value breaks it. It then
 * paints with nothing known and fills in from the worker's messages and the storage watches.
 */
export async function readFirstPaint(): Promise<FirstPaint> {
  try {
    return await readStored();
  } catch {
    return { settings: resolveSettings({}, {}), budget: null, catalog: null, dismissed: [], actions: { actions: [], problems: [] } };
  }
}

async function readStored(): Promise<FirstPaint> {
  const items = [userSettingsItem, policyCacheItem, budgetItem, catalogItem, dismissedAlertsItem, personalActionsItem];
  const raw = await browser.storage.local.get(items.map((item) => item.storageKey));
  const settings = resolveSettings(parsePolicy(raw[policyCacheItem.storageKey] ?? {}), parseUserSettings(raw[userSettingsItem.storageKey] ?? {}));
  const budget = BudgetState.safeParse(raw[budgetItem.storageKey]);
  const catalog = ModelCatalog.safeParse(raw[catalogItem.storageKey]);
  const dismissed = dismissedAlertsItem.schema.safeParse(raw[dismissedAlertsItem.storageKey]);
  const personal = raw[personalActionsItem.storageKey];
  const models = catalog.success ? catalog.data.models : null;
  return {
    settings,
    budget: budget.success ? budget.data : null,
    catalog: catalog.success ? catalog.data : null,
    dismissed: dismissed.success ? dismissed.data : [],
    actions: availableActions(settings.values, Array.isArray(personal) ? personal : [], models),
  };
}
