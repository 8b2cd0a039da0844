/**
 * Ask's conversations in `storage.session`, one per tab (storage/items.ts `askItems`). The document
 * is kept under its own key (`askDocumentItems`) and written only when it changes: the turns are
 * written at each state and once a second while an answer grows (the side panel follows the text live,
 * live.ts), and carrying a long document in every one of those writes made megabytes (issue #17).
 */
import { storage } from 'wxt/utils/storage';
import { askDocumentItems, askEarlierItems, askItems, sessionTabIds } from '../../storage/items';
import type { AskDocument, Conversation } from './conversation';

/** The conversation as stored: its turns, and its document read from the document's key. */
function joined(stored: unknown, document: unknown): Conversation | null {
  if (!stored || typeof stored !== 'object') return null;
  const parsed = askItems.schema.safeParse({ ...stored, document: document ?? null });
  return parsed.success ? parsed.data : null;
}

export async function readConversation(tabId: number): Promise<Conversation | null> {
  const [stored, document] = await Promise.all([storage.getItem(askItems.key(tabId)), storage.getItem(askDocumentItems.key(tabId))]);
  return joined(stored, document);
}

/** The document this worker last wrote per tab: the same object is not written again. */
const writtenDocuments = new Map<number, AskDocument | null>();

export async function writeConversation(conversation: Conversation): Promise<void> {
  const { tabId, document } = conversation;
  // Document first: a reader that sees the new turns finds their document already there.
  if (writtenDocuments.get(tabId) !== document) {
    writtenDocuments.set(tabId, document);
    if (document) await storage.setItem(askDocumentItems.key(tabId), document);
    else await storage.removeItem(askDocumentItems.key(tabId));
  }
  await storage.setItem(askItems.key(tabId), { ...conversation, document: null });
}

/** Earlier conversations kept per tab: enough to go back a few pages, not a history of the browsing. */
const EARLIER_KEPT = 5;

/** The tabs with a conversation, a document or earlier conversations in storage. */
export function conversationTabIds(): Promise<number[]> {
  return sessionTabIds(askItems.prefix, askDocumentItems.prefix, askEarlierItems.prefix);
}

/** The tab closed: its conversation and the earlier ones end. */
export async function removeConversation(tabId: number): Promise<void> {
  writtenDocuments.delete(tabId);
  await storage.removeItems([askItems.key(tabId), askDocumentItems.key(tabId), askEarlierItems.key(tabId)]);
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
  // The document changes once per conversation: kept here as it changes, joined to every turns update.
  let document: Promise<unknown> = storage.getItem(askDocumentItems.key(tabId));
  const unwatchDocument = storage.watch(askDocumentItems.key(tabId), (value) => {
    document = Promise.resolve(value);
  });
  const unwatchTurns = storage.watch(askItems.key(tabId), (value) => {
    void document.then((doc) => cb(joined(value, doc)));
  });
  return () => {
    unwatchDocument();
    unwatchTurns();
  };
}

/**
 * The tab went to another document (session.ts finds it when the panel opens or the tab moves under
 * it): a conversation with turns joins the tab's earlier ones, document included, before the new
 * document's conversation replaces it.
 */
export async function keepAsEarlier(conversation: Conversation): Promise<void> {
  if (conversation.turns.length === 0) return;
  const { tabId } = conversation;
  await storage.setItem(askEarlierItems.key(tabId), [conversation, ...(await readEarlier(tabId))].slice(0, EARLIER_KEPT));
}
