/**
 * The one way end-to-end tests put state into the extension's storage and read it back (issue #10
 * §4). Areas, keys and versions come from lib/storage/items.ts, so no spec spells a storage key
 * (tests/unit/invariants.test.ts checks it) and a renamed item takes the tests along. What runs in
 * the browser is serialized, not bundled: it gets the keys as arguments.
 */
import type { Page } from '@playwright/test';
import type { z } from 'zod';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';
import type { Job } from '../../../lib/jobs/job';
import type { Conversation } from '../../../lib/features/ask/conversation';
import { askDocumentItems, askItems, budgetItem, catalogItem, jobItems, secretItems, type StorageArea, usageHistoryItem, usageKeepTextItem, userSettingsItem } from '../../../lib/storage/items';

/** What a test may seed or read, by what it is to the person. */
const ITEMS = {
  /** The virtual key. */
  key: secretItems.gatewayKey,
  jiraToken: secretItems.jiraToken,
  /** The person's own settings (not the policy's). */
  settings: userSettingsItem,
  /** The usage history, oldest first. */
  usage: usageHistoryItem,
  keepUsageText: usageKeepTextItem,
  /** The models the key may use, with their prices and limits, as last fetched. */
  modelCatalog: catalogItem,
};

export type StateName = keyof typeof ITEMS;
export const STATE_NAMES = Object.keys(ITEMS) as StateName[];
type Schema<N extends StateName> = (typeof ITEMS)[N]['schema'];
export type Seed = { [N in StateName]?: z.input<Schema<N>> };

interface Write {
  area: StorageArea;
  key: string;
  value: unknown;
  version: number;
}

function writesFor(values: Seed): Write[] {
  return (Object.entries(values) as [StateName, unknown][]).map(([name, value]) => {
    const { area, storageKey, version } = ITEMS[name];
    return { area, key: storageKey, value, version };
  });
}

/**
 * Runs in the extension: one write per area, so the extension sees the values change together.
 * Each goes in with its version beside it, under `<key>$` as WXT keeps it, so the extension takes
 * it as current and runs no migration over it.
 */
async function store(writes: Write[]): Promise<void> {
  for (const area of new Set(writes.map((write) => write.area))) {
    const values = writes.filter((write) => write.area === area).flatMap(({ key, value, version }) => [[key, value], [`${key}$`, { v: version }]]);
    await chrome.storage[area].set(Object.fromEntries(values));
  }
}

/** Stores each value given, as the extension would have; what is not given stays as it is. */
export async function seed(ext: ExtensionBrowser, values: Seed): Promise<void> {
  await ext.worker.evaluate(store, writesFor(values));
}

/** The same as `seed`, as an expression for a page driven over bare CDP (support/raw-cdp.ts). */
export function seedExpression(values: Seed): string {
  return `(${store.toString()})(${JSON.stringify(writesFor(values))})`;
}

/** What is stored now, without parsing or fallback: undefined when nothing is. */
export async function read<N extends StateName>(ext: ExtensionBrowser, name: N): Promise<z.output<Schema<N>> | undefined> {
  const { area, storageKey } = ITEMS[name];
  const stored = await ext.worker.evaluate(async ({ area, key }) => (await chrome.storage[area].get(key))[key], { area, key: storageKey });
  // Unparsed on purpose: a test asserts on what is there, right or wrong.
  return stored as z.output<Schema<N>> | undefined;
}

/** The Ask conversation of tab `tabId` as stored (features/ask: turns and document under two keys), unparsed; undefined when there is none. */
export async function readConversation(ext: ExtensionBrowser, tabId: number): Promise<Conversation | undefined> {
  const keys = { area: askItems.area, turns: askItems.storageKey(tabId), document: askDocumentItems.storageKey(tabId) };
  const stored = await ext.worker.evaluate(async ({ area, turns, document }) => chrome.storage[area].get([turns, document]), keys);
  const turns = stored[keys.turns] as Conversation | undefined;
  return turns && { ...turns, document: (stored[keys.document] as Conversation['document'] | undefined) ?? null };
}

/** The job of tab `tabId` as stored (lib/jobs/store.ts), unparsed; undefined when there is none. */
export async function readJob(ext: ExtensionBrowser, tabId: number): Promise<Job | undefined> {
  const key = jobItems.storageKey(tabId);
  return (await ext.worker.evaluate(async ({ area, key }) => (await chrome.storage[area].get(key))[key], { area: jobItems.area, key })) as Job | undefined;
}

/**
 * Makes the stored budget and models `ms` older, as if that much time had passed since the gateway
 * was last asked: a popup opened within a minute of the last /key/info trusts the figures it has
 * (lib/background/status.ts, BUDGET_FRESH_MS), so a test that changes the gateway's side between
 * opens lets that minute pass first.
 */
export async function ageFigures(ext: ExtensionBrowser, ms: number): Promise<void> {
  await ext.worker.evaluate(
    async ({ keys, ms }) => {
      const stored = await chrome.storage.local.get(keys);
      const aged = Object.fromEntries(Object.entries(stored).flatMap(([key, value]) => (value && typeof value === 'object' ? [[key, { ...value, updatedAt: (value as { updatedAt: number }).updatedAt - ms }]] : [])));
      await chrome.storage.local.set(aged);
    },
    { keys: [budgetItem.storageKey, catalogItem.storageKey], ms },
  );
}

/** Records every value `key` takes in `area`, as `page` (an extension page) is told of it; the function returned gives them so far, oldest first. */
async function recordValues<T>(page: Page, area: StorageArea, key: string): Promise<() => Promise<T[]>> {
  const name = `recorded:${area}:${key}`;
  await page.evaluate(
    ({ area, key, name }) => {
      const seen: unknown[] = [];
      (window as unknown as Record<string, unknown[]>)[name] = seen;
      chrome.storage.onChanged.addListener((changes, changedArea) => {
        const value: unknown = changes[key]?.newValue;
        if (changedArea === area && value) seen.push(value);
      });
    },
    { area, key, name },
  );
  return () => page.evaluate((name) => (window as unknown as Record<string, T[]>)[name]!, name);
}

/** Every value the job of tab `tabId` takes in storage, as `page` is told of it. */
export function recordJob(page: Page, tabId: number): Promise<() => Promise<Job[]>> {
  return recordValues<Job>(page, jobItems.area, jobItems.storageKey(tabId));
}

/** Every value tab `tabId`'s Ask conversation takes in storage (its turns; the document is kept apart), as `page` is told of it. */
export function recordConversation(page: Page, tabId: number): Promise<() => Promise<Pick<Conversation, 'turns'>[]>> {
  return recordValues<Pick<Conversation, 'turns'>>(page, askItems.area, askItems.storageKey(tabId));
}

/**
 * What a content script in tab `tabId` gets when it asks for everything in local and in session
 * storage: for each area the contents as JSON, or "refused: " and the reason.
 */
export async function readAllFromContentScript(ext: ExtensionBrowser, tabId: number): Promise<string[]> {
  return ext.worker.evaluate(async (id) => {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: id },
      func: async () => {
        const attempts: string[] = [];
        for (const area of [chrome.storage.local, chrome.storage.session]) {
          try {
            attempts.push(JSON.stringify(await area.get(null)));
          } catch (error) {
            attempts.push(`refused: ${(error as Error).message}`);
          }
        }
        return attempts;
      },
    });
    return result?.result as string[];
  }, tabId);
}
