/** The worker bench's baseline build (wxt.config.ts, BENCH_WITHOUT_TOKENIZER): the extension with no tokenizer code at all. */
export const GptEncoding = {
  getEncodingApi(): never {
    throw new Error('This benchmark build has no tokenizer.');
  },
};
