import { describe, expect, it } from 'vitest';
import { claimBefore, findCitations, passageFor, visibleText } from './citations';

const parts = [
  { id: 1, text: '# Keys\n\nEvery person holds a virtual key. The key has a budget in US dollars.', tokens: 20 },
  { id: 2, text: 'Requests are tagged with the feature. 予算は毎月リセットされます。キーは九十日で失効します。', tokens: 20 },
];

describe('claimBefore', () => {
  it('is the sentence the marker ends, without its list marker', () => {
    const answer = 'Intro. - The key has a budget [1]';
    expect(claimBefore(answer, answer.indexOf('[1]'))).toBe('The key has a budget');
    const after = 'First one. Second one. [3]';
    expect(claimBefore(after, after.indexOf('['))).toBe('Second one');
    expect(claimBefore('- A bullet claim [2]', '- A bullet claim [2]'.indexOf('['))).toBe('A bullet claim');
  });
});

describe('findCitations', () => {
  it('verifies each [n] against a sentence of part n', () => {
    const answer = 'Each person has a virtual key [1]. Requests are tagged with the feature [2].';
    const found = findCitations(answer, parts);
    expect(found.map((c) => [c.part, c.passage])).toEqual([
      [1, 'Every person holds a virtual key.'],
      [2, 'Requests are tagged with the feature.'],
    ]);
    expect(answer.slice(found[0]!.start, found[0]!.end)).toBe('[1]');
  });

  it('marks a citation unverified when its part does not say it, or does not exist', () => {
    const found = findCitations('Requests are tagged with the feature [1]. The moon is cheese [7].', parts);
    expect(found.map((c) => c.passage)).toEqual([null, null]);
  });

  it('reads [n, m] as two citations and ignores Markdown links', () => {
    const found = findCitations('The key has a budget [1, 2]. See [3](https://example.com).', parts);
    expect(found.map((c) => c.part)).toEqual([1, 2]);
    expect(found[0]!.passage).toBe('The key has a budget in US dollars.');
    expect(found[1]!.passage).toBeNull();
  });

  it('verifies Japanese claims sentence by sentence', () => {
    const found = findCitations('キーは九十日で失効します[2]。', parts);
    expect(found[0]!.passage).toBe('キーは九十日で失効します。');
  });
});

describe('passageFor', () => {
  it('is null without a part', () => {
    expect(passageFor('anything at all', undefined)).toBeNull();
  });
});

describe('visibleText', () => {
  it('keeps what the page shows of a Markdown passage', () => {
    expect(visibleText('See the **[budget docs](https://x.test/a)** for `max_budget`, and 1\\. item')).toBe('See the budget docs for max_budget, and 1. item');
    expect(visibleText('used _without JavaScript_, emitting __standalone Wasm__ with max_budget_usd')).toBe('used without JavaScript, emitting standalone Wasm with max_budget_usd');
  });
});
