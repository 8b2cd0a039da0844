/**
 * How close an extraction is to the reference article (issue #4: recall ≥ 0.95, precision ≥ 0.90
 * on every corpus page). Used by the end-to-end test and by the extraction benchmark.
 *
 * Words are compared as multisets: a word found twice in the reference must be found twice in
 * the extraction. With sets, a missing paragraph made of common words would barely move recall,
 * and a navigation menu repeating the article's words would not lower precision at all.
 */

// Same segmentation as wordCount (result.ts): CJK has no spaces, so each ideograph or kana is a
// word; elsewhere a word is a run of letters and digits. Case and width are folded (NFKC), so
// "Ｇａｔｅｗａｙ" and "gateway" match. Order does not matter to a multiset.
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g;

export function words(text: string): string[] {
  const folded = text.normalize('NFKC').toLowerCase();
  return [...(folded.match(CJK) ?? []), ...(folded.replace(CJK, ' ').match(/[\p{L}\p{N}]+/gu) ?? [])];
}

function counts(list: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const word of list) map.set(word, (map.get(word) ?? 0) + 1);
  return map;
}

export interface ExtractionQuality {
  /** Share of the reference's words found in the extraction. */
  recall: number;
  /** Share of the extraction's words found in the reference. */
  precision: number;
  expectedWords: number;
  extractedWords: number;
}

export function extractionQuality(extracted: string, expected: string): ExtractionQuality {
  const got = words(extracted);
  const want = words(expected);
  const gotCounts = counts(got);
  let shared = 0;
  for (const [word, n] of counts(want)) shared += Math.min(n, gotCounts.get(word) ?? 0);
  return {
    recall: want.length === 0 ? 1 : shared / want.length,
    precision: got.length === 0 ? (want.length === 0 ? 1 : 0) : shared / got.length,
    expectedWords: want.length,
    extractedWords: got.length,
  };
}
