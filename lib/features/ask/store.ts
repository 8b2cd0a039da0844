/** Ask's conversations in `storage.session`, one per tab (storage/items.ts `askItems`). */
import { storage } from 'wxt/utils/storage';
import { askItems } from '../../storage/items';
import { type Conversation, sameDocument } from './conversation';

export async function readConversation(tabId: number): Promise<Conversation | null> {
  const parsed = askItems.schema.safeParse(await storage.getItem(askItems.key(tabId)));
  return parsed.success ? parsed.data : null;
}

export async function writeConversation(conversation: Conversation): Promise<void> {
  await storage.setItem(askItems.key(conversation.tabId), conversation);
}

export async function removeConversation(tabId: number): Promise<void> {
  await storage.removeItem(askItems.key(tabId));
}

export function watchConversation(tabId: number, cb: (conversation: Conversation | null) => void): () => void {
  return storage.watch(askItems.key(tabId), (value) => {
    const parsed = askItems.schema.safeParse(value);
    cb(parsed.success ? parsed.data : null);
  });
}

/** The tab went to another document: its conversation ends (the side panel then reads the new one). */
export async function forgetIfMoved(tabId: number, url: string): Promise<void> {
  const conversation = await readConversation(tabId);
  if (conversation && conversation.url && !sameDocument(conversation.url, url)) await removeConversation(tabId);
}
