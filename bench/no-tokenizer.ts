/**
 * The worker bench's baseline build (wxt.config.ts, BENCH_WITHOUT_TOKENIZER): the extension with no
 * tokenizer code at all. Stands in for both gpt-tokenizer modules load-tokenizer.ts imports.
 */
export class BytePairEncodingCore {
  constructor() {
    throw new Error('This benchmark build has no tokenizer.');
  }
}

export function O200KBase(): never {
  throw new Error('This benchmark build has no tokenizer.');
}
