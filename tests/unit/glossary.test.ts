/**
 * The UI's words against docs/glossary.md: one term per idea in Japanese, Japanese spacing and
 * counting rules, and Atlassian's spelling of Jira, over every string in both locale files.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import ja from '../../public/_locales/ja/messages.json';

const messages = (catalog: Record<string, { message: string }>) => Object.entries(catalog).map(([key, { message }]) => ({ key, message }));
const JA = messages(ja);
const JP = '\\u3040-\\u30ff\\u3400-\\u9fff\\uff01-\\uff5e';

/** The "Not" column of the glossary's table: words a Japanese string must not use. */
function avoidedTerms(): string[] {
  const table = readFileSync(resolve(__dirname, '../../docs/glossary.md'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|') && !line.startsWith('| ---') && !line.startsWith('| English'));
  return table.flatMap((line) => line.split('|')[3]!.split(',').map((term) => term.trim())).filter(Boolean);
}

describe('strings follow the glossary', () => {
  it('says "Jira", never "JIRA", in both languages', () => {
    for (const { key, message } of [...messages(en), ...JA]) expect(message, key).not.toContain('JIRA');
  });

  it('uses none of the words the glossary rules out in Japanese', () => {
    const avoided = avoidedTerms();
    expect(avoided).toContain('バジェット');
    for (const { key, message } of JA) for (const term of avoided) expect(message.includes(term) ? `${key}: ${term}` : '').toBe('');
  });

  it('counts Japanese text in 文字, not 語', () => {
    for (const { key, message } of JA) expect(message, key).not.toMatch(/(\$\d|\d)\s*語/);
  });

  it('puts no space between Japanese and Latin letters, numbers or placeholders, nor before a particle', () => {
    const between = new RegExp(`[${JP}] (?=[A-Za-z0-9$(])|[A-Za-z0-9$%)] (?=[${JP}])`);
    const beforeParticle = /\S[ \u3000](の|に|を|が|は|で|と|へ|も|から|まで)/;
    for (const { key, message } of JA) {
      expect(message, key).not.toMatch(between);
      expect(message, key).not.toMatch(beforeParticle);
    }
  });

  it('leaves no English Jira values in the Japanese UI', () => {
    for (const { key, message } of JA) expect(message, key).not.toMatch(/\b(Bug|Task|Story|Epic|Sub-task|Highest|High|Medium|Low|Lowest)\b/);
  });
});
