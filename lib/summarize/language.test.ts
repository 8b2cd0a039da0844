import { describe, expect, it } from 'vitest';
import { detectLanguage, summaryLanguage } from './language';

describe('summary language', () => {
  it('detects Japanese from the text even when <html lang> says otherwise', () => {
    expect(detectLanguage('LiteLLM をゲートウェイとして導入し、利用者ごとに仮想キーを発行しました。', 'en')).toBe('ja');
  });
  it('does not take Chinese (no kana) for Japanese', () => {
    expect(detectLanguage('这是一个关于网关的中文文章，没有假名。', 'zh-CN')).toBe('zh');
  });
  it('follows <html lang> for other languages, English by default', () => {
    expect(detectLanguage('Le chat est sur la table.', 'fr')).toBe('fr');
    expect(detectLanguage('Plain text.', '')).toBe('en');
  });
  it('a fixed choice wins over the page', () => {
    expect(summaryLanguage('en', '日本語のテキストです。ひらがなもあります。', 'ja')).toBe('en');
    expect(summaryLanguage('match', '日本語のテキストです。ひらがなもあります。', '')).toBe('ja');
  });
});
