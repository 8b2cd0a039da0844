/**
 * Token counts for planning requests against a model's context window.
 *
 * o200k_base, named explicitly rather than gpt-tokenizer's default encoding: the default
 * has changed between major versions (cl100k in v2), and the context-window arithmetic must not
 * move with a dependency bump. o200k is what current OpenAI models use and what the gateway
 * simulator counts with; other vendors' tokenizers differ, which is why planning keeps a margin
 * (map-reduce.ts, TOKENIZER_MARGIN) instead of trusting these counts to the token.
 *
 * `countTokens` rather than `encode(...).length`: it walks the same BPE without building the token
 * array. Measured on a 299,000-token document made of the corpus articles (Node 20, this 2-core
 * machine): 155 ms warm, 285 ms on the first call, which loads the ranks; about the same as encode.
 */
import type { ChatMessage } from '../gateway/wire';

/**
 * o200k over plain text: special-token text such as "<|endoftext|>" in a page is counted as the
 * characters it is, which is what the provider does with text in a message (the library's
 * GptEncoding throws on it by default). Built by o200kEncoding (load-tokenizer.ts).
 */
export type PlainTextEncoding = {
  countTokens(text: string): number;
  encode(text: string): number[];
  decode(tokens: readonly number[]): string;
};

/**
 * The o200k encoding, installed by whoever can load it: Node code (tests, the simulator) from the
 * package (tokens-bundled.ts); the worker from a data file, only when a plan needs exact counts
 * (load-tokenizer.ts). Its 2 MB table would otherwise be most of background.js, evaluated on every
 * worker start (issue #17).
 */
let encoding: PlainTextEncoding | null = null;

export function useEncoding(loaded: PlainTextEncoding): void {
  encoding = loaded;
}

export function hasEncoding(): boolean {
  return encoding !== null;
}

function o200k(): PlainTextEncoding {
  if (!encoding) throw new Error('The o200k tokenizer is not loaded (load-tokenizer.ts).');
  return encoding;
}

/**
 * A proven upper bound of the o200k tokens in `text`, with no tokenizer: its UTF-8 bytes. Every
 * BPE token is a non-empty run of bytes and the tokens concatenate to the text's UTF-8 encoding,
 * so there are never more tokens than bytes. A UTF-16 unit takes at most 3 bytes (a surrogate
 * pair takes 4 for 2 units; a lone surrogate becomes U+FFFD, 3 bytes). For English prose it is
 * about 4.5 times the exact count: tight enough to show that an ordinary page fits and is cheap.
 */
export function tokenBound(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  }
  return bytes;
}

// OpenAI's chat format wraps each message in a few tokens and primes the reply with three more
// (openai-cookbook, "How to count tokens with tiktoken").
export const TOKENS_PER_MESSAGE = 3;
export const REPLY_PRIMING_TOKENS = 3;

export function countTokens(text: string): number {
  return text === '' ? 0 : o200k().countTokens(text);
}

/** The exact count when the tokenizer is loaded, else the proven bound: never an understatement. */
export function tokensAtMost(text: string): number {
  return hasEncoding() ? countTokens(text) : tokenBound(text);
}

export function messageText(message: ChatMessage): string {
  return typeof message.content === 'string' ? message.content : message.content.map((part) => part.text).join('');
}

/** Tokens a chat request's messages take as input, framing included (`count`: exact, or tokenBound). */
export function countMessageTokens(messages: readonly ChatMessage[], count: (text: string) => number = countTokens): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + count(messageText(message)), REPLY_PRIMING_TOKENS);
}

/**
 * The longest prefix of `text`, in whole characters, that fits in `maxTokens`, with its count (at
 * least one character, so a caller cutting a text into pieces always moves forward).
 */
export function tokenPrefix(text: string, maxTokens: number): { text: string; tokens: number } {
  // Decoding the first maxTokens tokens gives about the right byte prefix; a character whose bytes
  // straddle the cut decodes as U+FFFD and is dropped. Re-encoding a prefix can merge differently,
  // so the count is checked, and the prefix shortened until it holds.
  const { decode, encode } = o200k();
  let prefix = decode(encode(text).slice(0, maxTokens)).replace(/\uFFFD+$/u, '');
  if (!text.startsWith(prefix)) prefix = '';
  let tokens = countTokens(prefix);
  while (prefix !== '' && tokens > maxTokens) {
    prefix = dropLastCharacter(prefix);
    tokens = countTokens(prefix);
  }
  if (prefix === '') prefix = firstCharacter(text);
  return { text: prefix, tokens: countTokens(prefix) };
}

function dropLastCharacter(text: string): string {
  const last = text.codePointAt(text.length - 2);
  return text.slice(0, last !== undefined && last > 0xffff ? -2 : -1);
}

function firstCharacter(text: string): string {
  const first = text.codePointAt(0);
  return first === undefined ? '' : String.fromCodePoint(first);
}
