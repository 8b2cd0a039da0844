import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AskDocument, Conversation } from './conversation';
import { keepAsEarlier, readConversation, readEarlier, watchConversation, writeConversation } from './store';

const longDocument = (words: number): AskDocument => {
  const parts = Array.from({ length: words / 300 }, (_, i) => ({ id: i + 1, text: 'word '.repeat(300), tokens: 300, page: null }));
  return { title: 'Long', url: 'https://docs.test/long', kind: 'page', lang: 'en', tokens: words, parts };
};

const conversation = (tabId: number, document: AskDocument | null, answer = ''): Conversation => ({
  tabId,
  sessionId: 's-1',
  url: 'https://docs.test/long',
  status: 'ready',
  problem: null,
  document,
  turns: [{ question: 'What changed?', answer, status: answer ? 'streaming' : 'waiting', problem: null, model: 'sim-fast', cost: null, usedParts: [1] }],
});

/** Bytes of every value written to storage.session, as JSON, while `run` goes. */
async function bytesWritten(run: () => Promise<void>): Promise<number> {
  let bytes = 0;
  const count = (changes: Record<string, { newValue?: unknown }>) => {
    for (const change of Object.values(changes)) bytes += JSON.stringify(change.newValue ?? null).length;
  };
  fakeBrowser.storage.session.onChanged.addListener(count);
  try {
    await run();
  } finally {
    fakeBrowser.storage.session.onChanged.removeListener(count);
  }
  return bytes;
}

describe('Ask conversations in session storage (issue #17)', () => {
  it('a streamed answer over a long document writes the document once, not with every update', async () => {
    const document = longDocument(30_000);
    const documentBytes = JSON.stringify(document).length;
    let answer = '';
    const updates = 200;
    const bytes = await bytesWritten(async () => {
      for (let i = 0; i < updates; i++) {
        answer += 'some words of the answer ';
        await writeConversation(conversation(7, document, answer));
      }
    });
    const answerBytes = answer.length;
    // Each update carries the turns (the answer so far): quadratic in the answer, never in the document.
    expect(bytes).toBeLessThan(documentBytes + updates * (answerBytes + 1_000));
    // Before, every update carried the document: 200 × 150 KB ≈ 30 MB; now about 0.8 MB.
    expect(bytes).toBeLessThan((updates * documentBytes) / 25);
    expect(await readConversation(7)).toEqual(conversation(7, document, answer));
  });

  it('a new document is written again; a conversation without one leaves none behind', async () => {
    await writeConversation(conversation(8, longDocument(3_000)));
    const next = { ...longDocument(3_000), title: 'Other' };
    await writeConversation(conversation(8, next));
    expect((await readConversation(8))?.document?.title).toBe('Other');
    await writeConversation(conversation(8, null));
    expect((await readConversation(8))?.document).toBeNull();
  });

  it('the side panel watching a conversation gets it with its document', async () => {
    const document = longDocument(3_000);
    await writeConversation(conversation(9, document));
    const seen: (Conversation | null)[] = [];
    const unwatch = watchConversation(9, (c) => seen.push(c));
    await writeConversation(conversation(9, document, 'First words'));
    await expect.poll(() => seen.length).toBe(1);
    unwatch();
    expect(seen[0]).toEqual(conversation(9, document, 'First words'));
  });

  it('keeps a conversation with turns, document included, first among the tab’s earlier ones, and one without none', async () => {
    const document = longDocument(3_000);
    await keepAsEarlier(conversation(10, document, 'An answer'));
    await keepAsEarlier(conversation(10, null, 'A later answer'));
    expect((await readEarlier(10)).map((c) => c.turns[0]?.answer)).toEqual(['A later answer', 'An answer']);
    expect((await readEarlier(10))[1]?.document).toEqual(document);
    await keepAsEarlier({ ...conversation(10, document), turns: [] });
    expect(await readEarlier(10)).toHaveLength(2);
  });
});
