/**
 * Ask's conversations followed live by the side panel (util/live-feed.ts, issue #17): each state of
 * the conversation whole, and while an answer streams only its added text; storage gets the
 * conversation about once a second and at each state (session.ts).
 */
import { z } from 'zod';
import { feedMessage, LiveFeed } from '../../util/live-feed';
import { Conversation } from './conversation';

/** Text added to one turn's answer: `turn` is its index, `from` the answer's length before it. */
export const TurnDelta = z.object({ sessionId: z.string(), turn: z.number().int().nonnegative(), from: z.number().int().nonnegative(), text: z.string() });
export type TurnDelta = z.infer<typeof TurnDelta>;

export const ConversationStreamMessage = feedMessage(Conversation, TurnDelta);

/** The conversation after a delta: the turn's answer extended when the delta continues it, unchanged otherwise. */
export function applyTurnDelta(conversation: Conversation | null, delta: TurnDelta): Conversation | null {
  const turn = conversation?.sessionId === delta.sessionId ? conversation.turns[delta.turn] : undefined;
  if (!conversation || !turn || turn.answer.length !== delta.from) return conversation;
  const turns = conversation.turns.with(delta.turn, { ...turn, status: 'streaming', answer: turn.answer + delta.text });
  return { ...conversation, turns };
}

/**
 * A conversation read from storage against the one on screen: while an answer streams, storage is
 * about a second behind, so a stored copy with fewer turns, or a shorter answer in the same turn, is
 * older, not newer.
 */
export function newerConversation(shown: Conversation | null, stored: Conversation | null): Conversation | null {
  if (!shown || !stored || shown.sessionId !== stored.sessionId) return stored;
  if (stored.turns.length < shown.turns.length) return shown;
  const last = stored.turns.length - 1;
  const storedTurn = stored.turns[last];
  const shownTurn = shown.turns[last];
  if (storedTurn?.status === 'streaming' && shownTurn && stored.turns.length === shown.turns.length && shownTurn.answer.length > storedTurn.answer.length) return shown;
  return stored;
}

/** Each tab's conversation as the worker knows it, and the pages that follow it. */
export const liveConversations = () => new LiveFeed<Conversation, TurnDelta>(applyTurnDelta);
export type LiveConversations = ReturnType<typeof liveConversations>;
