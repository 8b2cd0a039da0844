/**
 * One entry of the usage history (issue #6, "My usage"): one gateway call. Apart from history.ts,
 * which reads and writes the history, so the storage declarations (lib/storage/items.ts) can use
 * the schema without importing the module that imports them.
 */
import { z } from 'zod';
import { Feature } from '../features/feature-schema';

const tokens = z.number().int().nonnegative();

export const UsageEntry = z.object({
  id: z.string().default(() => crypto.randomUUID()),
  /** When the call finished, in ms since the epoch. */
  time: z.number(),
  feature: Feature,
  /** The action an 'action' call ran: its id, `personal:<id>` for a person's own (the CSV's action column). */
  action: z.string().nullable().default(null),
  model: z.string(),
  promptTokens: tokens,
  completionTokens: tokens,
  /** US dollars; null when neither the gateway nor the model's prices told us. */
  cost: z.number().nonnegative().nullable(),
  /** The cost was computed from usage × model prices, not reported by the gateway. */
  estimated: z.boolean(),
  pageTitle: z.string(),
  pageUrl: z.string(),
  /** The page's text; kept only while `usageKeepText` is on. */
  text: z.string().optional(),
});
export type UsageEntry = z.output<typeof UsageEntry>;
/** What a caller hands to `appendUsage`: `id` may be left out. */
export type NewUsageEntry = z.input<typeof UsageEntry>;
