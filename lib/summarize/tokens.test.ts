import { describe, expect, it } from 'vitest';
import { countMessageTokens, countTokens, tokenPrefix } from './tokens';

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
