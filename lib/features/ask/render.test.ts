// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Conversation } from './conversation';
import { conversationMarkdown } from './export';
import { citedAnswer } from './render';

const parts = [
  { id: 1, text: 'Every person holds a **virtual key**. The key has a budget in US dollars.', tokens: 20 },
  { id: 2, text: 'Requests are tagged with the feature.', tokens: 10 },
];
const labels = { unverified: 'Unverified', page: (page: number) => `p. ${page}` };

function chips(html: string) {
  const root = document.createElement('div');
  root.innerHTML = html;
  return [...root.querySelectorAll('button.cite')].map((b) => ({ text: b.textContent, verified: b.getAttribute('data-verified'), title: b.getAttribute('title') }));
}

describe('citedAnswer', () => {
  it('turns each [n] into a chip whose title is the passage as the page shows it', () => {
    const { html } = citedAnswer('- Each person holds a virtual key [1]\n- Requests are tagged with the feature [2]', parts, labels);
    expect(chips(html)).toEqual([
      { text: '1', verified: 'true', title: '“Every person holds a virtual key.”' },
      { text: '2', verified: 'true', title: '“Requests are tagged with the feature.”' },
    ]);
    expect(html).not.toContain('[1]');
  });

  it('shows a citation no passage backs as unverified', () => {
    expect(chips(citedAnswer('The moon is cheese [2]. Nothing here [9].', parts, labels).html)).toEqual([
      { text: '2', verified: 'false', title: 'Unverified' },
      { text: '9', verified: 'false', title: 'Unverified' },
    ]);
  });

  it('names the page of a PDF passage: the page a part starts on, or a later one when its marker comes before the passage', () => {
    const pdf = [{ id: 1, text: 'Traces are recorded at loop headers.\n\n## Page 4\n\nType maps guard each trace entry.', tokens: 20, page: 3 }];
    expect(chips(citedAnswer('Traces are recorded at loop headers [1]. Type maps guard each trace entry [1].', pdf, labels).html)).toEqual([
      { text: '1 · p. 3', verified: 'true', title: 'p. 3: “Traces are recorded at loop headers.”' },
      { text: '1 · p. 4', verified: 'true', title: 'p. 4: “Type maps guard each trace entry.”' },
    ]);
  });

  it('keeps model output inert: raw HTML stays text, and placeholders it smuggles in make no chip', () => {
    const { html } = citedAnswer('<img src=x onerror=alert(1)> \uE0000\uE001 claim [1]', parts, labels);
    expect(html).not.toMatch(/<img/);
    expect(chips(html)).toHaveLength(1);
  });
});

describe('conversationMarkdown', () => {
  it('writes each question and answer, with the cited passages as quotes', () => {
    const conversation: Conversation = {
      tabId: 1,
      sessionId: 's',
      url: 'https://a.test/doc',
      status: 'ready',
      problem: null,
      document: { title: 'Doc', url: 'https://a.test/doc', kind: 'page', lang: 'en', tokens: 30, parts },
      turns: [{ question: 'Who holds a key?', answer: 'Each person holds a virtual key [1]. Cheese [2].', status: 'done', problem: null, model: 'm', cost: 0.01, usedParts: [1, 2] }],
    };
    expect(conversationMarkdown(conversation, { question: 'Q:', unverified: '(unverified)', page: labels.page })).toBe(
      ['# Doc', '', 'https://a.test/doc', '', '**Q:** Who holds a key?', '', 'Each person holds a virtual key [1]. Cheese [2].', '', '> [1] Every person holds a virtual key.', '', '> [2] (unverified)', ''].join('\n'),
    );
  });
});
