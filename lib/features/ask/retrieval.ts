/**
 * Which parts of a long document a question is asked with: BM25 over the parts (Robertson and
 * Zaragoza's usual k1 = 1.2, b = 0.75), the best first until the context budget is spent, then
 * back in document order so the model reads them as the page has them.
 */
import type { AskPart } from './conversation';
import { terms } from './terms';

const K1 = 1.2;
const B = 0.75;

export function bm25Scores(documents: readonly string[], query: string): number[] {
  const docs = documents.map(terms);
  const avg = docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length);
  const queryTerms = [...new Set(terms(query))];
  const df = new Map(queryTerms.map((term) => [term, docs.filter((d) => d.includes(term)).length]));
  return docs.map((doc) => {
    const tf = new Map<string, number>();
    for (const term of doc) tf.set(term, (tf.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const f = tf.get(term) ?? 0;
      if (f === 0) continue;
      const n = df.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      score += (idf * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / (avg || 1)));
    }
    return score;
  });
}

/**
 * The ids of the parts to send, ascending. All of them when they fit in `budgetTokens`; else the
 * highest-scoring that fit (ties in document order) among those sharing a word with the question,
 * and at least the best one.
 */
export function selectParts(parts: readonly AskPart[], question: string, budgetTokens: number): number[] {
  const total = parts.reduce((sum, p) => sum + p.tokens, 0);
  if (total <= budgetTokens) return parts.map((p) => p.id);
  const scores = bm25Scores(
    parts.map((p) => p.text),
    question,
  );
  const all = parts.map((part, i) => ({ part, score: scores[i] ?? 0, i }));
  // Parts that share no word with the question only cost tokens; they are sent only when none does (the question is then about the whole).
  const matching = all.filter((p) => p.score > 0);
  const ranked = (matching.length > 0 ? matching : all).sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: number[] = [];
  let left = budgetTokens;
  for (const { part } of ranked) {
    if (part.tokens > left) continue;
    chosen.push(part.id);
    left -= part.tokens;
  }
  if (chosen.length === 0 && ranked[0]) chosen.push(ranked[0].part.id);
  return chosen.sort((a, b) => a - b);
}
