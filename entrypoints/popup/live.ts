/**
 * What the popup needs once it has painted: messages to the worker, and reading and watching the
 * stored items, all of which carry zod. Loaded right after the first paint (issue #17: the first
 * paint shows budget, models and buttons from ui/first-paint.ts without it).
 */
export { send } from '@/lib/messaging';
export { getSettings, saveUserSettings, watchSettings } from '@/lib/settings/store';
export { readBudget, readCatalog } from '@/lib/budget/store';
export { budgetItem, catalogItem, dismissedAlertsItem } from '@/lib/storage/items';
export { readActions, watchActions } from '@/lib/features/action/read';
export { followJob } from '@/lib/ui/follow-feed';
export { watchWorker } from '@/lib/ui/watch-worker';
