/** The actions a page shows (popup, options): policy and personal, parsed as the worker parses them. */
import { availableActions, type AvailableActions } from '../features/action/available';
import { readCatalog } from '../budget/store';
import { getSettings, watchSettings } from '../settings/store';
import { catalogItem, personalActionsItem } from '../storage/items';
import { useStored } from './use-storage';

export async function readActions(): Promise<AvailableActions> {
  const [{ values }, personal, catalog] = await Promise.all([getSettings(), personalActionsItem.getValue(), readCatalog()]);
  return availableActions(values, personal, catalog?.models ?? null);
}

export function watchActions(cb: () => void): () => void {
  const unwatch = [watchSettings(cb), personalActionsItem.watch(cb), catalogItem.watch(cb)];
  return () => unwatch.forEach((stop) => stop());
}

export function useActions(): AvailableActions | undefined {
  return useStored(readActions, watchActions);
}
