/**
 * The offline model answering a question about a document split into numbered parts (the
 * extension's Ask feature, lib/features/ask/prompt.ts): it quotes the sentences of the supplied
 * parts that share the most words with the question (Intl.Segmenter words, so Japanese works),
 * in document order, each ending with the id of its part as [n], under a first line saying it is
 * a simulator. It never invents text; when no sentence shares a word with the question, it says
 * the document does not seem to answer it.
 */
import { keywords, type Language, splitSentences } from './sentences';

export interface QuestionPrompt {
  parts: { id: number; text: string }[];
  question: string;
}

export const ASK_NOTICE: Record<Language, string> = {
  en: '*(Offline simulator — quotes the sentences of the document that best match the question; not a language model)*',
  ja: '*（オフラインシミュレーター：質問に最もよく合う文書中の文をそのまま引用しています。言語モデルではありません）*',
};
const NO_MATCH: Record<Language, string> = { en: 'The document does not seem to say.', ja: '文書には該当する記述が見つかりませんでした。' };

/** Sentences quoted at most. */
const MAX_SENTENCES = 3;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const STOP = new Set('a an the and or of to in on at for by with from is are was were be it this that what which who how why when where does do did can about as を に は が の で と も た て だ です ます する し い こと か な'.split(' '));

function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(text.toLowerCase())) if (isWordLike && !STOP.has(segment)) out.add(segment);
  return out;
}

/** The parts and the question, when the user messages (joined) are Ask's: parts, then a last line `Question: …`; else null. */
export function readQuestionPrompt(userText: string): QuestionPrompt | null {
  const marker = '\nQuestion:';
  const at = `\n${userText}`.lastIndexOf(marker);
  const question = at >= 0 ? userText.slice(at - 1 + marker.length).trim() : '';
  const parts = [...userText.matchAll(/<part id="(\d+)">\n?([\s\S]*?)\n?<\/part>/g)].map((m) => ({ id: Number(m[1]), text: m[2] ?? '' }));
  return question && parts.length > 0 ? { parts, question } : null;
}

export const questionLanguage = (question: string): Language => (/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(question) ? 'ja' : 'en');

export function answerQuestion({ parts, question }: QuestionPrompt): string {
  const language = questionLanguage(question);
  const wanted = words(question);
  const scored = parts.flatMap((part, partIndex) =>
    splitSentences(part.text)
      .filter((s) => !s.heading)
      .map((sentence) => {
        const own = words(sentence.text);
        let shared = 0;
        for (const word of wanted) if (own.has(word)) shared += 1;
        return { part: part.id, text: sentence.text, shared, order: partIndex * 100_000 + sentence.index };
      }),
  );
  const best = scored
    .filter((s) => s.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.order - b.order)
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.order - b.order);
  const body = best.length > 0 ? best.map((s) => `- ${s.text} [${s.part}]`).join('\n') : NO_MATCH[language];
  return `${ASK_NOTICE[language]}\n\n${body}`;
}

/** The last line of Ask's request for suggested first questions (lib/features/ask/prompt.ts SUGGEST_LINE). */
const SUGGEST_LINE = 'Suggest 3 questions.';

/** The parts, when the user messages are Ask's request for suggested questions; else null. */
export function readSuggestPrompt(userText: string): { id: number; text: string }[] | null {
  if (!userText.trimEnd().endsWith(`\n${SUGGEST_LINE}`)) return null;
  const parts = [...userText.matchAll(/<part id="(\d+)">\n?([\s\S]*?)\n?<\/part>/g)].map((m) => ({ id: Number(m[1]), text: m[2] ?? '' }));
  return parts.length > 0 ? parts : null;
}

/** Three questions about the document's most frequent words, one per line, in its language. */
export function suggestQuestions(parts: readonly { text: string }[]): string {
  const text = parts.map((p) => p.text).join('\n');
  const language = questionLanguage(text);
  return keywords(text, 3)
    .map((word) => (language === 'ja' ? `文書は「${word}」について何と言っていますか？` : `What does the document say about ${word}?`))
    .join('\n');
}

