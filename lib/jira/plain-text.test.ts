import { describe, expect, it } from 'vitest';
import { plainText } from './plain-text';
import { Summary } from './ticket';

describe('plainText', () => {
  it.each([
    ['1\\. Login fails on Safari', '1. Login fails on Safari'],
    ['## Login fails', 'Login fails'],
    ['# Login fails #', 'Login fails'],
    ['`npm ci` fails with `EACCES`', 'npm ci fails with EACCES'],
    ['**Crash** when saving *draft*', 'Crash when saving draft'],
    ['- Export button missing', 'Export button missing'],
    ['See [the docs](https://example.com/a)', 'See the docs'],
    ['snake_case_name stays, so does fix #12', 'snake_case_name stays, so does fix #12'],
    ['ログイン画面で\\*が表示される', 'ログイン画面で*が表示される'],
  ])('%s → %s', (markdown, plain) => {
    expect(plainText(markdown)).toBe(plain);
  });

  it('is applied to the summary a draft is parsed with', () => {
    expect(Summary.parse('## 1\\. `Save` fails\n')).toBe('1. Save fails');
  });
});
