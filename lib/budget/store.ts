/**
 * The last known budget and model list, in `storage.local` so the popup paints them at once on
 * open, before the worker has answered (design.md: cached value first, refresh after).
 */
import { budgetItem, catalogItem } from '../storage/items';
import { serialQueue } from '../util/serial';
import { ModelCatalog } from './catalog';
import { BudgetState } from './state';

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
