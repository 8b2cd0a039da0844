/**
 * This browser's own usage history (issue #6, "My usage"): one entry per gateway call, in
 * `storage.local`, bounded, and without page text unless the person asked to keep it.
 */
import { usageHistoryItem, usageKeepTextItem } from '../storage/items';
import { serialQueue } from '../util/serial';
import { type NewUsageEntry, UsageEntry } from './entry';

export const MAX_USAGE_ENTRIES = 5_000;
/**
 * chrome.storage.local holds 10 MB without the unlimitedStorage permission. 5,000 entries take
 * about 2 MB; page text, at up to 3 UTF-8 bytes a character (Japanese), gets at most 3 MB more.
 */
export const MAX_KEPT_TEXT_CHARS = 1_000_000;

/** Parses entry by entry, so one damaged entry costs that entry, not the whole history. */
function parseHistory(value: unknown): UsageEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw) => {
    const parsed = UsageEntry.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The newest `MAX_USAGE_ENTRIES`, keeping page text on the newest entries while it fits the budget. */
export function boundHistory(entries: UsageEntry[]): UsageEntry[] {
  const kept = entries.slice(-MAX_USAGE_ENTRIES);
  let textChars = 0;
  for (let i = kept.length - 1; i >= 0; i--) {
    const entry = kept[i]!;
    if (entry.text === undefined) continue;
    textChars += entry.text.length;
    if (textChars > MAX_KEPT_TEXT_CHARS) {
      const { text: _dropped, ...withoutText } = entry;
      kept[i] = withoutText;
    }
  }
  return kept;
}

/**
 * Every write is a read-modify-write of one array, so two calls in flight at once (the calls of a
 * map-reduce finishing together) would each drop the other's entry: they take turns.
 */
const inTurn = serialQueue();

/**
 * Records one gateway call (newest last); drops the page text unless the person keeps it.
 * Rejects (never throws) on an entry that fails the schema, and leaves the history as it was.
 */
export async function appendUsage(entry: NewUsageEntry): Promise<void> {
  const parsed = UsageEntry.parse(entry);
  await inTurn(async () => {
    const [history, keepText] = await Promise.all([readUsage(), getKeepUsageText()]);
    const { text, ...withoutText } = parsed;
    const recorded = keepText && text ? parsed : withoutText;
    await usageHistoryItem.setValue(boundHistory([...history, recorded]));
  });
}

/** The history, oldest first. */
export async function readUsage(): Promise<UsageEntry[]> {
  return parseHistory(await usageHistoryItem.getValue());
}

export function clearUsage(): Promise<void> {
  return inTurn(() => usageHistoryItem.setValue([]));
}

export function watchUsage(cb: (entries: UsageEntry[]) => void): () => void {
  return usageHistoryItem.watch((value) => cb(parseHistory(value)));
}

export async function getKeepUsageText(): Promise<boolean> {
  return (await usageKeepTextItem.getValue()) === true;
}

/** Turning it off also deletes the text already kept: "off" should mean none is stored. */
export async function setKeepUsageText(keep: boolean): Promise<void> {
  await usageKeepTextItem.setValue(keep);
  if (keep) return;
  await inTurn(async () => {
    const history = await readUsage();
    if (history.some((entry) => entry.text !== undefined)) {
      await usageHistoryItem.setValue(history.map(({ text: _dropped, ...entry }) => entry));
    }
  });
}

export function watchKeepUsageText(cb: (keep: boolean) => void): () => void {
  return usageKeepTextItem.watch((value) => cb(value === true));
}
