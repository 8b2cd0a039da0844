import { describe, expect, it } from 'vitest';
import type { AskTurn, Conversation } from './conversation';
import { conversationMaterial } from './export';

const parts = [
  { id: 1, text: 'Every person holds a **virtual key**. The key has a budget in US dollars.', tokens: 20 },
  { id: 2, text: 'Requests are tagged with the feature.', tokens: 10 },
];
const turn = (question: string, answer: string, status: AskTurn['status'] = 'done'): AskTurn => ({ question, answer, status, problem: null, model: 'm', cost: 0.01, usedParts: [1, 2] });
const conversation = (turns: AskTurn[]): Conversation => ({
  tabId: 1,
  sessionId: 's',
  url: 'https://a.test/doc',
  status: 'ready',
  problem: null,
  document: { title: 'Doc', url: 'https://a.test/doc', kind: 'page', lang: 'ja', tokens: 30, parts },
  turns,
});

describe('conversationMaterial', () => {
  it('is the finished turns as Markdown: each question, its answer, the cited passages as quotes', () => {
    const material = conversationMaterial(
      conversation([turn('Who holds a key?', 'Each person holds a virtual key [1].'), turn('What is tagged?', 'Requests are tagged [2]. Cheese [7].'), turn('And then?', 'Half an ans', 'stopped'), turn('Now?', '', 'waiting')]),
    );
    expect(material).toMatchObject({ kind: 'conversation', title: 'Doc', url: 'https://a.test/doc', lang: 'ja' });
    expect(material!.text).toBe(
      [
        '# Doc',
        '',
        'https://a.test/doc',
        '',
        '**Question:** Who holds a key?',
        '',
        'Each person holds a virtual key [1].',
        '',
        '> [1] Every person holds a virtual key.',
        '',
        '**Question:** What is tagged?',
        '',
        'Requests are tagged [2]. Cheese [7].',
        '',
        '> [2] Requests are tagged with the feature.',
        '',
        '> [7] (passage not found in the document)',
        '',
      ].join('\n'),
    );
  });

  it('is null until a turn is finished: nothing to draft a ticket from', () => {
    expect(conversationMaterial(conversation([]))).toBeNull();
    expect(conversationMaterial(conversation([turn('Q?', 'Partial', 'stopped'), turn('R?', '', 'error')]))).toBeNull();
  });
});
