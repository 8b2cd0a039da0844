import { describe, expect, it } from 'vitest';
import { bm25Scores, selectParts } from './retrieval';
import { terms } from './terms';

const part = (id: number, text: string, tokens = 100) => ({ id, text, tokens });

describe('terms', () => {
  it('segments Japanese into words and drops particles', () => {
    const words = terms('ゲートウェイの予算を確認する');
    expect(words).toContain('予算');
    expect(words).not.toContain('の');
    expect(words).not.toContain('を');
  });
});

describe('BM25 over parts', () => {
  it('ranks the part that holds the question’s rare words first', () => {
    const scores = bm25Scores(['The budget resets monthly.', 'Keys expire after ninety days.', 'The budget and the budget alerts.'], 'when do keys expire');
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[1]).toBeGreaterThan(scores[2]!);
    expect(scores[0]).toBe(0);
  });

  it('works on Japanese text, which has no spaces', () => {
    const scores = bm25Scores(['予算は毎月リセットされます。', 'キーは九十日で失効します。'], 'キーはいつ失効しますか');
    expect(scores[1]).toBeGreaterThan(scores[0]!);
  });
});

describe('selectParts', () => {
  const parts = [part(1, 'Intro about the project.'), part(2, 'Budget limits and spend.'), part(3, 'Rate limits: RPM and TPM.'), part(4, 'Closing words.')];

  it('sends every part when the document fits', () => {
    expect(selectParts(parts, 'rate limits', 400)).toEqual([1, 2, 3, 4]);
  });

  it('picks the most relevant parts that fit, in document order', () => {
    expect(selectParts(parts, 'what are the rate limits and the budget limits', 200)).toEqual([2, 3]);
    expect(selectParts(parts, 'RPM TPM', 100)).toEqual([3]);
  });

  it('sends at least the best part even when it alone is over the budget', () => {
    expect(selectParts([part(1, 'alpha', 500), part(2, 'beta gamma', 500)], 'gamma', 100)).toEqual([2]);
  });
});
