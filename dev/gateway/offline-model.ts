/**
 * The offline model: deterministic and honest. It answers from the last user message only,
 * extracting that document's most central sentences (in their original order, as Markdown
 * bullets) under a first line saying it is a simulator, or filling the requested JSON schema from
 * them. It never invents text and cannot translate: asked for Japanese about an English page, it
 * still quotes the English, under the Japanese notice. Asked a question about a document in
 * numbered parts (the extension's Ask), it quotes the best-matching sentences with their part ids
 * instead (offline-answer.ts).
 */
import { decode, decodeGenerator, encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatRequest } from '../../lib/gateway/wire';
import { answerQuestion, readQuestionPrompt, readSuggestPrompt, suggestQuestions } from './offline-answer';
import { fillSchema } from './schema-fill';
import { detectLanguage, documentText, keywords, type Language, rankSentences, splitSentences, titleOf } from './sentences';
import { countTokens, messageText } from './tokens';

// Text may contain "<|endoftext|>"; like a provider, treat it as plain text rather than throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export const NOTICE: Record<Language, string> = {
  en: '*(Offline simulator — extractive summary, not a language model)*',
  ja: '*（オフラインシミュレーター：抽出型の要約です。言語モデルではありません）*',
};
const NOTHING_TO_SUMMARIZE: Record<Language, string> = { en: '(no text to summarize)', ja: '（要約できる本文がありません）' };

export interface OfflineAnswer {
  content: string;
  /** content_filter: a guardrail in passthrough mode answered instead (addendum §5). */
  finishReason: 'stop' | 'length' | 'content_filter';
}

interface Reading {
  language: Language;
  title: string;
  /** Chosen sentences, most central first. */
  central: { index: number; text: string }[];
  keywords: string[];
}

/** About a quarter of the document, between one and seven sentences. */
function sentenceTarget(bodySentences: number): number {
  return Math.min(7, Math.max(1, Math.ceil(bodySentences / 4)));
}

function read(request: ChatRequest): Reading {
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user') ?? request.messages.at(-1);
  const document = documentText(lastUser ? messageText(lastUser) : '');
  const system = request.messages
    .filter((m) => m.role === 'system')
    .map(messageText)
    .join('\n');
  const asksForJapanese = /日本語|japanese/i.test(system);
  const sentences = splitSentences(document);
  const ranked = rankSentences(sentences);
  return {
    language: asksForJapanese || detectLanguage(document) === 'ja' ? 'ja' : 'en',
    title: titleOf(sentences),
    central: ranked.slice(0, sentenceTarget(ranked.length)),
    keywords: keywords(document, 5),
  };
}

/** Cuts text to at most `maxTokens` tokens, without leaving half a character at the end. */
function truncateToTokens(text: string, maxTokens: number): string {
  const tokens = encode(text, PLAIN_TEXT);
  let kept = Math.min(tokens.length, maxTokens);
  let out = decode(tokens.slice(0, kept)).replace(/\uFFFD+$/u, '');
  // Re-tokenizing a cut string can come out a token longer; trim until it fits.
  while (kept > 0 && countTokens(out) > maxTokens) out = decode(tokens.slice(0, --kept)).replace(/\uFFFD+$/u, '');
  return out;
}

function bounded(content: string, maxTokens: number): OfflineAnswer {
  return countTokens(content) <= maxTokens ? { content, finishReason: 'stop' } : { content: truncateToTokens(content, maxTokens), finishReason: 'length' };
}

function bullets(reading: Reading, maxTokens: number): OfflineAnswer {
  const header = `${NOTICE[reading.language]}\n\n`;
  if (reading.central.length === 0) return bounded(`${header}- ${NOTHING_TO_SUMMARIZE[reading.language]}`, maxTokens);
  let budget = maxTokens - countTokens(header);
  const picked: { index: number; text: string }[] = [];
  for (const sentence of reading.central) {
    const cost = countTokens(`- ${sentence.text}\n`);
    if (cost > budget) continue;
    picked.push(sentence);
    budget -= cost;
  }
  const chosen = picked.length > 0 ? picked : reading.central.slice(0, 1);
  const lines = [...chosen].sort((a, b) => a.index - b.index).map((s) => `- ${s.text}`);
  return bounded(header + lines.join('\n'), maxTokens);
}

/** Valid JSON when it fits: descriptions lose sentences until it does, and only then is it cut. */
function structured(reading: Reading, schema: Record<string, unknown>, maxTokens: number, nowMs: number): OfflineAnswer {
  const sentences = [...reading.central].sort((a, b) => a.index - b.index).map((s) => s.text);
  let content = '';
  for (let descriptionSentences = sentences.length; descriptionSentences >= 0; descriptionSentences--) {
    const source = { title: reading.title, sentences, keywords: reading.keywords, notice: NOTICE[reading.language], descriptionSentences, nowMs };
    content = JSON.stringify(fillSchema(schema, source));
    if (countTokens(content) <= maxTokens) break;
  }
  return bounded(content, maxTokens);
}

export function offlineAnswer(request: ChatRequest, maxTokens: number, nowMs: number): OfflineAnswer {
  // Ask sends the document in its first user message and the question in its last.
  const userText = request.messages.filter((m) => m.role === 'user').map(messageText).join('\n');
  const question = userText && !request.response_format ? readQuestionPrompt(userText) : null;
  if (question) return bounded(answerQuestion(question), maxTokens);
  const suggest = userText && !request.response_format ? readSuggestPrompt(userText) : null;
  if (suggest) return bounded(suggestQuestions(suggest), maxTokens);
  const reading = read(request);
  const format = request.response_format;
  if (format?.type === 'json_schema') return structured(reading, format.json_schema.schema, maxTokens, nowMs);
  if (format?.type === 'json_object') {
    const properties = { notice: { const: NOTICE[reading.language] }, title: { type: 'string' }, points: { type: 'array', items: { type: 'string' } } };
    const schema = { type: 'object', properties };
    return structured(reading, schema, maxTokens, nowMs);
  }
  return bullets(reading, maxTokens);
}

/** The answer in stream-sized pieces of a few tokens each; never splits a character. */
export function streamPieces(content: string, tokensPerPiece = 3): string[] {
  const pieces: string[] = [];
  let current = '';
  let count = 0;
  // decodeGenerator holds back the bytes of a character split across tokens until it is whole.
  for (const text of decodeGenerator(encode(content, PLAIN_TEXT))) {
    current += text;
    count += 1;
    if (count >= tokensPerPiece && current !== '') {
      pieces.push(current);
      current = '';
      count = 0;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
