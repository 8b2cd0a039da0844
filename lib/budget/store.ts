/**
 * The last known budget and model list, in `storage.local` so the popup paints them at once on
 * open, before the worker has answered (design.md: cached value first, refresh after).
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { ModelInfoEntry } from '../gateway/wire';
import { serialQueue } from '../util/serial';
import { BudgetState } from './state';

export const ModelCatalog = z.object({
  models: z.array(z.string()),
  info: z.array(ModelInfoEntry),
  updatedAt: z.number(),
});
export type ModelCatalog = z.infer<typeof ModelCatalog>;

export const budgetItem = storage.defineItem<BudgetState | null>('local:budget', { fallback: null });
export const catalogItem = storage.defineItem<ModelCatalog | null>('local:models', { fallback: null });

export async function readBudget(): Promise<BudgetState | null> {
  const parsed = BudgetState.safeParse(await budgetItem.getValue());
  return parsed.success ? parsed.data : null;
}

const budgetTurn = serialQueue();

/**
 * The one way the worker changes the stored budget: `change` gets the latest value and returns
 * the next, in turn with every other change. Each gateway call settles its cost here and
 * map-reduce runs up to four calls at once; read and written without turns, two calls settling
 * together would read the same spend and the later write would drop the other's cost.
 */
export function updateBudget<T extends BudgetState | null>(change: (latest: BudgetState | null) => T): Promise<T> {
  return budgetTurn(async () => {
    const next = change(await readBudget());
    await budgetItem.setValue(next);
    return next;
  });
}

export async function readCatalog(): Promise<ModelCatalog | null> {
  const parsed = ModelCatalog.safeParse(await catalogItem.getValue());
  return parsed.success ? parsed.data : null;
}

export function modelPrices(catalog: ModelCatalog | null, model: string) {
  return catalog?.info.find((entry) => entry.model_name === model)?.model_info;
}

/** Warnings the person dismissed; their ids name the budget period, so a new period warns again. */
export const dismissedAlertsItem = storage.defineItem<string[]>('local:dismissedAlerts', { fallback: [] });
