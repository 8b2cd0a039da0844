import { describe, expect, it } from 'vitest';
import type { AskTurn, Conversation } from './conversation';
import { applyTurnDelta, liveConversations, newerConversation } from './live';

const turn = (patch: Partial<AskTurn> = {}): AskTurn => ({ question: 'Q?', answer: 'Hello', status: 'streaming', problem: null, model: 'm', cost: null, usedParts: [], ...patch });
const conversation = (turns: AskTurn[], sessionId = 's1'): Conversation => ({ tabId: 4, sessionId, url: 'https://a.test/', status: 'ready', problem: null, document: null, turns });

describe('Ask live', () => {
  it('a delta extends the answer of the turn it names when it continues it, and leaves anything else as it is', () => {
    const c = conversation([turn({ status: 'done', answer: 'Earlier.' }), turn()]);
    expect(applyTurnDelta(c, { sessionId: 's1', turn: 1, from: 5, text: ' world' })?.turns.map((t) => t.answer)).toEqual(['Earlier.', 'Hello world']);
    expect(applyTurnDelta(c, { sessionId: 's1', turn: 1, from: 3, text: 'x' })).toBe(c);
    expect(applyTurnDelta(c, { sessionId: 's2', turn: 1, from: 5, text: 'x' })).toBe(c);
    expect(applyTurnDelta(c, { sessionId: 's1', turn: 2, from: 0, text: 'x' })).toBe(c);
    expect(applyTurnDelta(null, { sessionId: 's1', turn: 0, from: 0, text: 'x' })).toBeNull();
    // The first text of a waiting turn makes it a streaming one.
    expect(applyTurnDelta(conversation([turn({ status: 'waiting', answer: '' })]), { sessionId: 's1', turn: 0, from: 0, text: 'A' })?.turns[0]).toMatchObject({ status: 'streaming', answer: 'A' });
  });

  it('a stored copy behind the screen (fewer turns, a shorter answer) does not take the text back; a later state or another conversation wins', () => {
    const shown = conversation([turn({ status: 'done', answer: 'Earlier.' }), turn({ answer: 'Hello world' })]);
    expect(newerConversation(shown, conversation([turn({ status: 'done', answer: 'Earlier.' }), turn()]))).toBe(shown);
    expect(newerConversation(shown, conversation([turn({ status: 'done', answer: 'Earlier.' })]))).toBe(shown);
    expect(newerConversation(shown, conversation([turn({ status: 'done', answer: 'Earlier.' }), turn({ status: 'done', answer: 'Hello' })]))?.turns[1]?.status).toBe('done');
    expect(newerConversation(shown, conversation([], 's2'))?.sessionId).toBe('s2');
    expect(newerConversation(shown, null)).toBeNull();
  });

  it('a page that starts following mid-answer gets the conversation with the text so far, then only what is added', () => {
    const live = liveConversations();
    live.state(4, conversation([turn({ answer: '' })]));
    live.delta(4, { sessionId: 's1', turn: 0, from: 0, text: 'Hel' });
    const seen: unknown[] = [];
    const stop = live.subscribe(4, (m) => seen.push(m));
    live.delta(4, { sessionId: 's1', turn: 0, from: 3, text: 'lo' });
    stop();
    live.delta(4, { sessionId: 's1', turn: 0, from: 5, text: '!' });
    expect(seen).toEqual([
      { type: 'state', state: conversation([turn({ answer: 'Hel' })]) },
      { type: 'delta', delta: { sessionId: 's1', turn: 0, from: 3, text: 'lo' } },
    ]);
  });
});
