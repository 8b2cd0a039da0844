/** The actions available now, policy and personal, as every surface and the worker read them (one read for all). */
import { readCatalog } from '../../budget/store';
import { getSettings, watchSettings } from '../../settings/store';
import { catalogItem, personalActionsItem } from '../../storage/items';
import { availableActions, type AvailableActions } from './available';

export async function readActions(): Promise<AvailableActions> {
  const [{ values }, personal, catalog] = await Promise.all([getSettings(), personalActionsItem.getValue(), readCatalog()]);
  return availableActions(values, personal, catalog?.models ?? null);
}

export function watchActions(cb: () => void): () => void {
  const unwatch = [watchSettings(cb), personalActionsItem.watch(cb), catalogItem.watch(cb)];
  return () => unwatch.forEach((stop) => stop());
}
