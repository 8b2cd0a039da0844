import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import o200kRanks from 'gpt-tokenizer/bpeRanks/o200k_base';
import { GptEncoding } from 'gpt-tokenizer/GptEncoding';
import { corpusDir } from '../../dev/harness/paths';
import { o200kEncoding } from './load-tokenizer';

// The worker's encoder against what it replaced (issue #17): GptEncoding's o200k with every
// special token treated as plain text.
const reference = GptEncoding.getEncodingApi('o200k_base', () => o200kRanks);
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const encoding = o200kEncoding(o200kRanks);

const page = (name: string, file: string) => readFileSync(join(corpusDir, 'pages', name, file), 'utf8');
const articleText = (html: string) => html.replace(/<[^>]*>/g, ' ');

// Japanese (hukumusume, the ja blog), Chinese (qq), German (heise), French (lemonde-1), English
// prose and RFC text (ars-1, ietf-1), and whole HTML sources with their scripts and entities.
const corpus: [string, string][] = [
  ...['hukumusume', 'qq', 'heise', 'lemonde-1', 'ars-1', 'ietf-1', 'wikipedia'].map((name): [string, string] => [name, articleText(page(name, 'expected.html'))]),
  ['ja blog', articleText(readFileSync(join(corpusDir, 'ja', 'litellm-poc-blog.html'), 'utf8'))],
  ['hukumusume source', page('hukumusume', 'source.html')],
  ['heise source', page('heise', 'source.html')],
];

const edgeCases: [string, string][] = [
  ['empty', ''],
  ['one letter', 'a'],
  ['whitespace runs', ' \t\r\n\n   x  \n'],
  ['emoji, modifiers and ZWJ sequences', '👍🏽 ok 😀😀 👨‍👩‍👧 🇯🇵'],
  ['lone surrogates', '\ud800x\udc00 \udbff'],
  ['an end-of-text marker', '<|endoftext|>'],
  ['every o200k special token in text', 'before <|endoftext|><|fim_prefix|><|fim_middle|><|fim_suffix|><|im_start|>user<|im_sep|>hi<|im_end|><|endofprompt|> after'],
  ['contractions and digits', "I'm sure they'LL say it's 1234567 or 3.14159."],
  ['Japanese punctuation', '予算を確認する。「はい」、１２３４５文字です！'],
];

describe('o200kEncoding (the worker: the library BPE core without GptEncoding)', () => {
  it.each([...corpus, ...edgeCases])('counts, encodes and decodes %s exactly as GptEncoding', (_name, text) => {
    const tokens = reference.encode(text, PLAIN_TEXT);
    expect(encoding.encode(text)).toEqual(tokens);
    expect(encoding.countTokens(text)).toBe(reference.countTokens(text, PLAIN_TEXT));
    expect(encoding.decode(tokens)).toBe(reference.decode(tokens));
    // tokenPrefix decodes a cut that may split a character's bytes.
    const cut = tokens.slice(0, Math.ceil(tokens.length / 3));
    expect(encoding.decode(cut)).toBe(reference.decode(cut));
  });

  it('reads special-token text as plain text: never a special token, and back to the same text', () => {
    const text = 'before <|endoftext|> after <|im_start|>';
    const tokens = encoding.encode(text);
    expect(tokens.every((token) => token < 199_999)).toBe(true);
    expect(encoding.countTokens('<|endoftext|>')).toBeGreaterThan(1);
    expect(encoding.decode(tokens)).toBe(text);
  });

  it('covers the corpus with real work: non-trivial texts, Japanese included', () => {
    for (const [name, text] of corpus) expect(encoding.countTokens(text), name).toBeGreaterThan(300);
    expect(articleText(page('hukumusume', 'expected.html'))).toMatch(/\p{Script=Hiragana}/u);
  });
});
