/** The side panel's view of a tab's conversation: live from the worker, storage behind it (ui/follow-feed.ts). */
import { ASK_STREAM_PORT } from '../../messaging';
import { followFeed, type Follow } from '../../ui/follow-feed';
import type { Conversation } from './conversation';
import { applyTurnDelta, ConversationStreamMessage, newerConversation } from './live';
import { readConversation, watchConversation } from './store';

export const followConversation: Follow<Conversation> = followFeed({
  port: ASK_STREAM_PORT,
  message: ConversationStreamMessage,
  extend: applyTurnDelta,
  newer: newerConversation,
  read: readConversation,
  watch: watchConversation,
});
