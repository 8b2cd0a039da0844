import { describe, expect, it } from 'vitest';
import { extractionQuality, words } from './quality';
import { wordCount } from './result';

describe('words', () => {
  it('splits like wordCount: CJK per character, other scripts by letter and digit runs', () => {
    for (const text of ['予算を確認する', 'budget is left', 'abc予算def 確認', 'Größe: 1,000 € — ça va?', '腾讯 QQ 2024年']) {
      expect(words(text)).toHaveLength(wordCount(text));
    }
    expect(words('abc予算def')).toEqual(['予', '算', 'abc', 'def']);
  });

  it('folds case and width', () => {
    expect(words('Ｇａｔｅｗａｙ GATEWAY')).toEqual(['gateway', 'gateway']);
  });
});

describe('extractionQuality', () => {
  it('is perfect for the same words, whatever the Markdown around them', () => {
    expect(extractionQuality('# Title\n\n-   one **two**\n\n| three |', 'Title one two three')).toEqual({ recall: 1, precision: 1, expectedWords: 4, extractedWords: 4 });
  });

  it('counts repeated words as many times as they appear (multiset)', () => {
    const q = extractionQuality('the gateway', 'the gateway the key');
    expect(q.recall).toBe(0.5);
    expect(q.precision).toBe(1);
  });

  it('lowers precision for page chrome and recall for missing text', () => {
    const q = extractionQuality('Home About Login the article text', 'the article text and its ending');
    expect(q.recall).toBeCloseTo(3 / 6);
    expect(q.precision).toBeCloseTo(3 / 6);
  });

  it('handles empty texts', () => {
    expect(extractionQuality('', '')).toMatchObject({ recall: 1, precision: 1 });
    expect(extractionQuality('', 'words')).toMatchObject({ recall: 0, precision: 0 });
  });
});
