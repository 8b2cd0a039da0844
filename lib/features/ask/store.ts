/** Ask's conversations in `storage.session`, one per tab (storage/items.ts `askItems`). */
import { storage } from 'wxt/utils/storage';
import { askEarlierItems, askItems } from '../../storage/items';
import { type Conversation, sameDocument } from './conversation';

export async function readConversation(tabId: number): Promise<Conversation | null> {
  const parsed = askItems.schema.safeParse(await storage.getItem(askItems.key(tabId)));
  return parsed.success ? parsed.data : null;
}

export async function writeConversation(conversation: Conversation): Promise<void> {
  await storage.setItem(askItems.key(conversation.tabId), conversation);
}

/** Earlier conversations kept per tab: enough to go back a few pages, not a history of the browsing. */
const EARLIER_KEPT = 5;

/** The tab closed: its conversation and the earlier ones end. */
export async function removeConversation(tabId: number): Promise<void> {
  await storage.removeItems([askItems.key(tabId), askEarlierItems.key(tabId)]);
}

export async function readEarlier(tabId: number): Promise<Conversation[]> {
  const parsed = askEarlierItems.schema.safeParse(await storage.getItem(askEarlierItems.key(tabId)));
  return parsed.success ? parsed.data : [];
}

export function watchEarlier(tabId: number, cb: (earlier: Conversation[]) => void): () => void {
  return storage.watch(askEarlierItems.key(tabId), (value) => {
    const parsed = askEarlierItems.schema.safeParse(value);
    cb(parsed.success ? parsed.data : []);
  });
}

export function watchConversation(tabId: number, cb: (conversation: Conversation | null) => void): () => void {
  return storage.watch(askItems.key(tabId), (value) => {
    const parsed = askItems.schema.safeParse(value);
    cb(parsed.success ? parsed.data : null);
  });
}

/**
 * The tab went to another document: its conversation moves to the tab's earlier ones (when it has
 * turns) and the side panel reads the new document.
 */
export async function forgetIfMoved(tabId: number, url: string): Promise<void> {
  const conversation = await readConversation(tabId);
  if (!conversation?.url || sameDocument(conversation.url, url)) return;
  if (conversation.turns.length > 0) await storage.setItem(askEarlierItems.key(tabId), [conversation, ...(await readEarlier(tabId))].slice(0, EARLIER_KEPT));
  await storage.removeItem(askItems.key(tabId));
}
