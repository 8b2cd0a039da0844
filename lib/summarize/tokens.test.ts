// Counts tokens exactly: the o200k table, installed here rather than for every test file (1.2 s each).
import './tokens-bundled';
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../../dev/harness/paths';
import { countMessageTokens, countTokens, tokenBound, tokenPrefix } from './tokens';

describe('countTokens', () => {
  it('counts with o200k', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
  });

  it('counts special-token text in a page as plain text instead of throwing', () => {
    expect(countTokens('before <|endoftext|> after')).toBeGreaterThan(3);
  });

  it('adds the chat framing per message and for the reply', () => {
    expect(countMessageTokens([{ role: 'user', content: 'hello world' }])).toBe(3 + 2 + 3);
    expect(countMessageTokens([{ role: 'system', content: [{ type: 'text', text: 'hello world', cache_control: { type: 'ephemeral' } }] }])).toBe(8);
  });
});

describe('tokenPrefix', () => {
  it('returns the whole text when it fits', () => {
    expect(tokenPrefix('short text', 100)).toEqual({ text: 'short text', tokens: 2 });
  });

  it('cuts at whole characters, within the limit', () => {
    const text = '予算😀を確認する。'.repeat(50);
    const { text: prefix, tokens } = tokenPrefix(text, 17);
    expect(text.startsWith(prefix)).toBe(true);
    expect(tokens).toBe(countTokens(prefix));
    expect(tokens).toBeLessThanOrEqual(17);
    expect(tokens).toBeGreaterThan(10);
    expect(/[\uD800-\uDBFF]$/.test(prefix)).toBe(false);
  });

  it('always moves forward by at least one character', () => {
    expect(tokenPrefix('😀😀', 0).text).toBe('😀');
  });
});

describe('tokenBound', () => {
  it('is never below the exact count: the corpus pages, Japanese, emoji, lone surrogates and special-token text', () => {
    const pages = readdirSync(join(corpusDir, 'pages')).filter((p) => !p.includes('.')).map((p) => readFileSync(join(corpusDir, 'pages', p, 'source.html'), 'utf8'));
    const texts = [...pages, readFileSync(join(corpusDir, 'ja', 'litellm-poc-blog.html'), 'utf8'), '日本語の文章です。', '👍🏽 ok', '\ud800x\udc00', '<|endoftext|>', 'a'];
    for (const text of texts) expect(tokenBound(text)).toBeGreaterThanOrEqual(countTokens(text));
  });

  it('is the UTF-8 length', () => {
    expect(tokenBound('')).toBe(0);
    expect(tokenBound('hello')).toBe(5);
    expect(tokenBound('é日')).toBe(2 + 3);
  });
});
