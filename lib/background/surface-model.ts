/** The model a job started outside the popup uses: the person's default, if the key and policy allow it. */
import { readCatalog } from '../budget/store';
import { pickableModels } from '../settings/choices';
import type { Settings } from '../settings/schema';

export async function defaultModel(settings: Settings): Promise<string | null> {
  const models = pickableModels((await readCatalog())?.models ?? [], settings);
  return models.includes(settings.defaultModel) ? settings.defaultModel : (models[0] ?? null);
}
