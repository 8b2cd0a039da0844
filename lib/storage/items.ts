/**
 * Everything the extension keeps in chrome.storage, declared in this one file (issue #10 §4; as in
 * Bitwarden's browser client, what is persisted and where is one read): for each item its area,
 * its key, the zod schema of its value, its version and the migrations that bring an older value
 * up to that version. The modules with the logic (settings/store.ts, budget/store.ts,
 * usage/history.ts…) import their items from here; an invariant test keeps `defineItem` out of
 * every other file, and the end-to-end tests take key names from here (tests/e2e/support/state.ts).
 *
 * Reads still parse by their owner's rules (settings field by field, the usage history entry by
 * entry), because what storage holds may be older than the schema or damaged by hand.
 *
 * Most items are at version 1: those changes of shape added a field with a zod default, which
 * those reads absorb. A change that adds meaning (the budget's scopes) or that a default cannot
 * absorb (a rename, a new unit) raises the item's version and adds its migration below; the
 * invariant test checks that none is missing.
 *
 * Not declared here: the managed area, which an administrator writes and
 * public/managed_schema.json declares (lib/settings/store.ts copies it into `policyCache`).
 */
import { storage, type StorageItemKey, type Unwatch, type WatchCallback, type WxtStorageItem } from 'wxt/utils/storage';
import { z } from 'zod';
import { ModelCatalog } from '../budget/catalog';
import { BudgetState } from '../budget/state';
import { Action, ActionProblem, ActionSpec } from '../features/action/action';
import { FIRST_PAINT_KEY, JOB_KEY_PREFIX } from '../ui/first-paint';
import { Job } from '../jobs/job';
import { AskDocument, Conversation } from '../features/ask/conversation';
import { Policy, SETTING_NAMES, Settings, UserSettings } from '../settings/schema';
import { UsageEntry } from '../usage/entry';

export type StorageArea = 'local' | 'session';

/** Turns the value stored under an older version into the next version's shape. */
type Migration = (older: unknown) => unknown;

export interface StoredItem<S extends z.ZodType> {
  area: StorageArea;
  /** The key as chrome.storage sees it, without WXT's area prefix. */
  storageKey: string;
  schema: S;
  /** What a read gives while nothing is stored. */
  fallback: z.output<S>;
  version: number;
  /** By the version each one produces: `{ 2: fromVersion1, 3: fromVersion2 }`. */
  migrations: Record<number, Migration>;
  getValue(): Promise<z.output<S>>;
  setValue(value: z.output<S>): Promise<void>;
  watch(cb: WatchCallback<z.output<S>>): Unwatch;
}

/**
 * The worker's copies of what items hold (issue #17: one click read the key, the budget and the
 * flags from storage several times over). Off in pages, which read each item once or watch it.
 * A copy is dropped when the item is written here or Chrome reports a change from elsewhere
 * (storage.onChanged); a read is never answered from a copy made before a write it follows.
 */
const remembered = new Map<StorageItemKey, () => void>();
let remembering = false;

/** Called once by the worker: every declared item is then read from storage once per change. */
export function keepItemsInMemory(): void {
  remembering = true;
  browser.storage.onChanged.addListener((changes, area) => {
    for (const storageKey of Object.keys(changes)) remembered.get(`${area}:${storageKey}` as StorageItemKey)?.();
  });
}

function storedItem<S extends z.ZodType>(
  area: StorageArea,
  storageKey: string,
  schema: S,
  { fallback, version, migrations = {} }: { fallback: z.output<S>; version: number; migrations?: Record<number, Migration> },
): StoredItem<S> {
  const key: StorageItemKey = `${area}:${storageKey}`;
  // WXT reads storage the moment an item is defined, which throws outside an extension. Defined on
  // first use, this file stays importable from Node, where the end-to-end helper reads its keys.
  let defined: WxtStorageItem<z.output<S>, {}> | undefined;
  const wxtItem = () => (defined ??= storage.defineItem<z.output<S>>(key, { fallback, version, migrations }));
  let copy: Promise<z.output<S>> | null = null;
  const forget = () => {
    copy = null;
  };
  remembered.set(key, forget);
  const read = (): Promise<z.output<S>> => {
    if (!remembering) return wxtItem().getValue();
    const reading = (copy ??= wxtItem().getValue());
    // A failed read is not kept: the next one asks storage again.
    reading.catch(() => copy === reading && forget());
    return reading;
  };
  return {
    area,
    storageKey,
    schema,
    fallback,
    version,
    migrations,
    getValue: read,
    setValue: async (value) => {
      forget();
      try {
        await wxtItem().setValue(value);
      } finally {
        // A read that began while the write was pending may hold the old value.
        forget();
      }
    },
    watch: (cb) => wxtItem().watch(cb),
  };
}

/** The person's own settings: only those they set, so a changed default still reaches the rest. */
export const userSettingsItem = storedItem('local', 'settings', UserSettings.partial(), { fallback: {}, version: 1 });

/** The managed policy as last read, so pages paint at once (lib/settings/store.ts). */
export const policyCacheItem = storedItem('local', 'policyCache', Policy, { fallback: {}, version: 1 });

/**
 * The last known budget, painted at once when the popup opens, before the worker answers.
 * Version 2 added `scopes` (issue #12): a version-1 value is the key's budget alone. `refusals`
 * (the budgets the gateway refused lately, state.ts rememberRefusal) defaults to none when absent.
 */
export const budgetItem = storedItem('local', 'budget', BudgetState.nullable(), {
  fallback: null,
  version: 2,
  migrations: { 2: (older) => (older && typeof older === 'object' ? { ...older, scopes: [] } : older) },
});

/** The last known models and their prices. */
export const catalogItem = storedItem('local', 'models', ModelCatalog.nullable(), { fallback: null, version: 1 });

/** Warnings the person dismissed; their ids name the budget period, so a new period warns again. */
export const dismissedAlertsItem = storedItem('local', 'dismissedAlerts', z.array(z.string()), { fallback: [], version: 1 });

/**
 * What the popup paints before any message and before zod loads (ui/first-paint.ts): the settings
 * resolved, the budget, models, dismissed warnings and actions, as the worker parsed them
 * (background/first-paint.ts keeps it in step). `build` names the extension version and the copy's
 * shape, so a copy another build wrote is not painted.
 */
export const FirstPaintCopy = z.object({
  build: z.string(),
  paint: z.object({
    settings: z.object({ values: Settings, locked: z.array(z.enum(SETTING_NAMES)) }),
    budget: BudgetState.nullable(),
    catalog: ModelCatalog.nullable(),
    dismissed: z.array(z.string()),
    actions: z.object({ actions: z.array(Action), problems: z.array(ActionProblem) }),
  }),
});
export type FirstPaintCopy = z.infer<typeof FirstPaintCopy>;
export const firstPaintItem = storedItem('local', FIRST_PAINT_KEY, FirstPaintCopy.nullable(), { fallback: null, version: 1 });

/** This browser's own usage history, oldest first (lib/usage/history.ts bounds it). */
export const usageHistoryItem = storedItem('local', 'usageHistory', z.array(UsageEntry), { fallback: [], version: 1 });

/** Whether the usage history keeps each page's text. */
export const usageKeepTextItem = storedItem('local', 'usageKeepText', z.boolean(), { fallback: false, version: 1 });

/**
 * The person's own actions, as the options page saved them. Readers parse them one by one
 * (features/action/available.ts), so a malformed one is reported and skipped, not the rest.
 */
export const personalActionsItem = storedItem('local', 'personalActions', z.array(ActionSpec), { fallback: [], version: 1 });

/**
 * Set when the gateway answered `reject_clientside_metadata_tags` (contract §1.2): requests then
 * go without tags (the key's own tags still apply), and the options page says so.
 */
export const tagsRejectedItem = storedItem('local', 'tagsRejected', z.boolean(), { fallback: false, version: 1 });

/**
 * The Jira issue created from each job's draft, by job id: the worker creates at most one per
 * job, so a second click, a second popup or a replayed message cannot make a duplicate. Session
 * storage, like the jobs it belongs to.
 */
export const jiraCreatedItem = storedItem('session', 'jiraCreated', z.record(z.string(), z.object({ key: z.string(), url: z.string() })), { fallback: {}, version: 1 });

/**
 * The secrets, apart from everything else so that what may touch them is obvious (style.md,
 * Bitwarden): in the extension only lib/settings/secrets.ts imports `secretItems`, and only
 * background files import that module (tests/unit/invariants.test.ts checks both). They are
 * declared here, not in secrets.ts, so that this file stays the whole list of what is stored;
 * importing it gives no access that the storage API does not already give every extension page,
 * so the promise rests on who imports `secretItems`.
 */
export const secretItems = {
  /** The person's virtual key for the gateway. */
  gatewayKey: storedItem('local', 'gatewayKey', z.string(), { fallback: '', version: 1 }),
  /** Jira Cloud API token or Data Center personal access token: as secret as the key. */
  jiraToken: storedItem('local', 'jiraToken', z.string(), { fallback: '', version: 1 }),
};

/**
 * The jobs, one per tab under `job:<tabId>` (lib/jobs/store.ts): they survive worker restarts and
 * go with the browser. Chrome also empties session storage when the extension is updated
 * (https://developer.chrome.com/docs/extensions/reference/api/storage#property-session), so a job
 * is never read by a newer build than the one that wrote it: no version, no migrations.
 */
export const jobItems = {
  area: 'session',
  prefix: JOB_KEY_PREFIX,
  schema: Job,
  /** The key as chrome.storage sees it. */
  storageKey: (tabId: number) => `${JOB_KEY_PREFIX}${tabId}`,
  /** The key as WXT's storage takes it, area first. */
  key: (tabId: number): StorageItemKey => `session:${JOB_KEY_PREFIX}${tabId}`,
} as const;

/**
 * Ask's conversations, one per tab under `ask:<tabId>` (features/ask/store.ts): in session storage
 * like the jobs, so closing the side panel keeps the conversation and closing the browser ends it.
 */
const ASK_PREFIX = 'ask:';
export const askItems = {
  area: 'session',
  prefix: ASK_PREFIX,
  schema: Conversation,
  storageKey: (tabId: number) => `${ASK_PREFIX}${tabId}`,
  key: (tabId: number): StorageItemKey => `session:${ASK_PREFIX}${tabId}`,
} as const;

/**
 * The document of a tab's conversation, apart from it (features/ask/store.ts): written once when it is
 * read, so the conversation's writes while an answer streams carry the turns only, not the whole document.
 */
const ASK_DOCUMENT_PREFIX = 'askDocument:';
export const askDocumentItems = {
  area: 'session',
  prefix: ASK_DOCUMENT_PREFIX,
  schema: AskDocument,
  storageKey: (tabId: number) => `${ASK_DOCUMENT_PREFIX}${tabId}`,
  key: (tabId: number): StorageItemKey => `session:${ASK_DOCUMENT_PREFIX}${tabId}`,
} as const;

/** The conversations a tab had about documents it showed before, newest first: reachable until the tab closes. */
const ASK_EARLIER_PREFIX = 'askEarlier:';
export const askEarlierItems = {
  area: 'session',
  prefix: ASK_EARLIER_PREFIX,
  schema: z.array(Conversation),
  storageKey: (tabId: number) => `${ASK_EARLIER_PREFIX}${tabId}`,
  key: (tabId: number): StorageItemKey => `session:${ASK_EARLIER_PREFIX}${tabId}`,
} as const;

/**
 * The tabs that have an item under any of `prefixes` (`job:`, `ask:`…) in session storage, from one
 * read of the keys alone, so finding what closed tabs left (background/closed-tabs.ts) reads no job
 * or document.
 */
export async function sessionTabIds(...prefixes: string[]): Promise<number[]> {
  const keys = await browser.storage.session.getKeys();
  const ids = prefixes.flatMap((prefix) => keys.filter((key) => key.startsWith(prefix)).map((key) => Number(key.slice(prefix.length))));
  return [...new Set(ids.filter((id) => Number.isInteger(id)))];
}
