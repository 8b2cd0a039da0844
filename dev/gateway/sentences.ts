/**
 * The text analysis behind the offline model: which part of a prompt is the document, its
 * language, its sentences and how central each one is (Luhn-style frequency scoring: words for
 * Latin script, character bigrams for Japanese, which has no spaces between words).
 */

export type Language = 'ja' | 'en';

export interface Sentence {
  index: number;
  text: string;
  heading: boolean;
}

const JAPANESE_CHAR = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/gu;
const LATIN_CHAR = /\p{Script=Latin}/gu;
const JAPANESE_RUN = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]+/gu;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const LATIN_WORD = /[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}'’-]*/gu;

// Function words that would otherwise dominate the counts in English text.
const STOP_WORDS = new Set(
  [
    'about also and any are been but can could did does each for from had has have her his how its into just may might more',
    'most must not only other our out over shall should some such than that the their them then there these they this those',
    'was were what when which who will with would you your',
  ]
    .join(' ')
    .split(' '),
);

/** "Mostly Japanese": a Japanese character carries about a word, so 30% of letters is most of the words. */
export function detectLanguage(text: string): Language {
  const japanese = text.match(JAPANESE_CHAR)?.length ?? 0;
  const latin = text.match(LATIN_CHAR)?.length ?? 0;
  return japanese > 0 && japanese >= 0.3 * (japanese + latin) ? 'ja' : 'en';
}

/**
 * Clients put the page text between delimiters (`<document>…</document>`, fences, triple quotes)
 * after their instructions; the longest such block is the document. Without one, the whole
 * message is.
 */
export function documentText(message: string): string {
  const blocks = [
    ...[...message.matchAll(/<([A-Za-z][\w:-]*)(?:\s[^>]*)?>([\s\S]*?)<\/\1>/g)].map((m) => m[2] ?? ''),
    ...[...message.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? ''),
    ...[...message.matchAll(/"""([\s\S]*?)"""/g)].map((m) => m[1] ?? ''),
  ];
  const longest = blocks.reduce((best, block) => (block.trim().length > best.trim().length ? block : best), '');
  return longest.trim().length >= 0.3 * message.trim().length ? longest.trim() : message.trim();
}

const LIST_MARKER = /^\s*(?:[-*+•>]|\d+[.)])\s+/;
const HEADING = /^\s*#{1,6}\s+/;

export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  for (const rawLine of text.split(/\n+/)) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (HEADING.test(line)) {
      sentences.push({ index: sentences.length, text: line.replace(HEADING, '').trim(), heading: true });
      continue;
    }
    const body = line.replace(LIST_MARKER, '');
    for (const piece of body.split(/(?<=[。！？])\s*|(?<=[.!?])\s+/u)) {
      const sentence = piece.trim();
      if (sentence !== '') sentences.push({ index: sentences.length, text: sentence, heading: false });
    }
  }
  return sentences;
}

function terms(text: string): string[] {
  const latin = (text.toLowerCase().match(LATIN_WORD) ?? []).filter((w) => w.length >= 3 && !STOP_WORDS.has(w));
  const bigrams: string[] = [];
  for (const run of text.match(JAPANESE_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = `${chars[i]}${chars[i + 1]}`;
      if (!HIRAGANA_ONLY.test(bigram)) bigrams.push(bigram);
    }
  }
  return [...latin, ...bigrams];
}

/**
 * Body sentences, most central first (ties keep document order). A sentence scores the summed
 * document frequency of its terms over the square root of its length, so neither one-word lines
 * nor long run-ons win by size alone. Fragments of under three terms only count when the document
 * has nothing longer.
 */
export function rankSentences(sentences: readonly Sentence[]): Sentence[] {
  const body = sentences.filter((s) => !s.heading);
  const termsOf = new Map(body.map((s) => [s, terms(s.text)]));
  const frequency = new Map<string, number>();
  for (const list of termsOf.values()) for (const term of list) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const top = Math.max(1, ...frequency.values());
  const score = (s: Sentence) => {
    const list = termsOf.get(s) ?? [];
    return list.length === 0 ? 0 : list.reduce((sum, t) => sum + (frequency.get(t) ?? 0) / top, 0) / Math.sqrt(list.length);
  };
  const substantial = body.filter((s) => (termsOf.get(s)?.length ?? 0) >= 3);
  const candidates = substantial.length > 0 ? substantial : body;
  return candidates.map((s) => ({ s, score: score(s) })).sort((a, b) => b.score - a.score || a.s.index - b.s.index).map(({ s }) => s);
}

/** The most frequent content words (Latin) or katakana/kanji compounds (Japanese), for labels. */
export function keywords(text: string, count: number): string[] {
  const words = [
    ...(text.toLowerCase().match(LATIN_WORD) ?? []).filter((w) => w.length >= 4 && !STOP_WORDS.has(w)),
    ...(text.match(/[\p{Script=Katakana}ー]{2,}|\p{Script=Han}{2,}/gu) ?? []),
  ];
  const frequency = new Map<string, number>();
  for (const word of words) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  return [...frequency.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([word]) => word);
}

/** A document's title: its first Markdown heading, else its first sentence. */
export function titleOf(sentences: readonly Sentence[]): string {
  return (sentences.find((s) => s.heading) ?? sentences[0])?.text ?? '';
}
