/**
 * The worker's tokenizer, loaded on first need: planning a long document, the cost question near
 * its threshold, or a conversation's parts. The ranks are a data file of the build (wxt.config.ts
 * writes it), fetched and parsed only then, so the worker starts without them (issue #17).
 */
import { BytePairEncodingCore, type RawBytePairRanks } from 'gpt-tokenizer/BytePairEncodingCore';
import { O200KBase } from 'gpt-tokenizer/encodingParams/o200k_base';
import { hasEncoding, useEncoding, type PlainTextEncoding } from './tokens';

/** Where the build puts o200k's ranks (wxt.config.ts). */
export const O200K_RANKS_FILE = 'o200k_base.json';

/**
 * o200k from the library's own BPE core and o200k parameters (split regex, special tokens): what
 * GptEncoding.getEncodingApi('o200k_base') builds inside, without GptEncoding's model, chat and
 * pricing tables, about 20 KB of background.js the worker never used (issue #17). No special
 * token is ever allowed, so "<|endoftext|>" in a page is plain text, as the provider reads a
 * message; GptEncoding with `disallowedSpecial: new Set()` does the same (load-tokenizer.test.ts).
 */
export function o200kEncoding(ranks: RawBytePairRanks): PlainTextEncoding {
  const core = new BytePairEncodingCore(O200KBase(ranks));
  return {
    countTokens: (text) => core.countNative(text),
    encode: (text) => core.encodeNative(text),
    decode: (tokens) => core.decodeNative(tokens),
  };
}

let loading: Promise<void> | null = null;

export function loadTokenizer(): Promise<void> {
  if (hasEncoding()) return Promise.resolve();
  loading ??= (async () => {
    const response = await fetch(browser.runtime.getURL(`/${O200K_RANKS_FILE}` as '/'));
    const ranks = (await response.json()) as RawBytePairRanks;
    useEncoding(o200kEncoding(ranks));
  })().finally(() => {
    loading = null;
  });
  return loading;
}
