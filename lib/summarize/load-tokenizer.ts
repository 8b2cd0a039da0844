/**
 * The worker's tokenizer, loaded on first need: planning a long document, the cost question near
 * its threshold, or a conversation's parts. The ranks are a data file of the build (wxt.config.ts
 * writes it), fetched and parsed only then, so the worker starts without them (issue #17).
 */
import { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import { hasEncoding, useEncoding } from './tokens';

/** Where the build puts o200k's ranks (wxt.config.ts). */
export const O200K_RANKS_FILE = 'o200k_base.json';

let loading: Promise<void> | null = null;

export function loadTokenizer(): Promise<void> {
  if (hasEncoding()) return Promise.resolve();
  loading ??= (async () => {
    const response = await fetch(browser.runtime.getURL(`/${O200K_RANKS_FILE}` as '/'));
    const ranks = (await response.json()) as (string | number[])[];
    useEncoding(GptEncoding.getEncodingApi('o200k_base', () => ranks));
  })().finally(() => {
    loading = null;
  });
  return loading;
}
