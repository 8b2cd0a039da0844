/** The models the key may use and their prices, as last fetched; kept in `models` (lib/storage/items.ts). */
import { z } from 'zod';
import { ModelInfoEntry } from '../gateway/wire';

export const ModelCatalog = z.object({
  models: z.array(z.string()),
  info: z.array(ModelInfoEntry),
  updatedAt: z.number(),
});
export type ModelCatalog = z.infer<typeof ModelCatalog>;
