import { describe, expect, it } from 'vitest';
import { EMPTY_STORY, HARD_BUG, JAPANESE_TASK, draftWith } from '../../dev/jira/sample-drafts';
import { DEFAULT_TEMPLATES } from './templates';
import { escapeWikiText, toWikiDescription, toWikiTicket } from './to-wiki';

const ZW = '\u200B';
const wiki = (background: string) => toWikiDescription(draftWith({ background }), DEFAULT_TEMPLATES).replace(/^h2\. Background\n\n/, '');

describe('escapeWikiText', () => {
  it("escapes every character Jira's escapeWiki escapes, and #", () => {
    expect(escapeWikiText('!^~+?%{}()*_-|@#[]')).toBe('\\!\\^\\~\\+\\?\\%\\{\\}\\(\\)\\*\\_\\-\\|\\@\\#\\[\\]');
  });

  it('leaves letters, Japanese, dots, colons and slashes alone', () => {
    expect(escapeWikiText('日本語 text: a.b/c "q" \'s\' & < >')).toBe('日本語 text: a.b/c "q" \'s\' & < >');
  });

  it('stops a literal backslash from forming a line break or an escape', () => {
    expect(escapeWikiText('C:\\dir\\file')).toBe('C:\\dir\\file');
    expect(escapeWikiText('\\\\server')).toBe(`\\${ZW}\\server`);
    expect(escapeWikiText('a\\*b')).toBe(`a\\${ZW}\\*b`);
    expect(escapeWikiText('ends\\')).toBe(`ends\\${ZW}`);
  });
});

describe('toWikiDescription', () => {
  it('escapes markup characters at line starts and everywhere else', () => {
    expect(wiki('*x* at the start\n# not numbered\n-1 degree\n|| not a table\n{panel} and [link] and !image.png!')).toBe(
      '\\*x\\* at the start\n\\# not numbered\n\\-1 degree\n\\|\\| not a table\n\\{panel\\} and \\[link\\] and \\!image.png\\!',
    );
  });

  it('keeps h1. and bq. at a line start from becoming a heading or a quote', () => {
    expect(wiki('h1. title\n  bq. quote\nsee h2. here')).toBe(`h${ZW}1. title\nb${ZW}q. quote\nsee h2. here`);
  });

  it('keeps ---- and -- from becoming a rule or a dash', () => {
    expect(wiki('----\na -- b')).toBe('\\-\\-\\-\\-\na \\-\\- b');
  });

  it('writes inline code as {{…}}, escaped inside, and bold as *…*', () => {
    expect(wiki('run `a{b}|c` and **Sign in** or ** spaced **')).toBe('run {{a\\{b\\}\\|c}} and *Sign in* or \\*\\* spaced \\*\\*');
  });

  it('moves spaces out of phrase markers, which need non-space text against them', () => {
    expect(wiki('**see `x` now**')).toBe('*see* {{x}} *now*');
  });

  it('writes links as [label|url] and bare URLs as [url], with the characters that would end them encoded', () => {
    expect(wiki('[a|b] [docs](https://example.com/x_y) https://example.com/a_b-c?q=[1]|{2}')).toBe(
      '\\[a\\|b\\] [docs|https://example.com/x_y] (example.com) [https://example.com/a_b-c?q=%5B1%5D%7C%7B2%7D]',
    );
  });

  it('nests lists with repeated and mixed markers, and turns breaks inside items into \\\\', () => {
    expect(wiki('- a\n  1. b\n     - c\n- d\n  more')).toBe('* a\n*# b\n*#* c\n* d \\\\ more');
  });

  it('writes tables with || headers, escaped pipes and a space for an empty cell', () => {
    expect(wiki('| a | b |\n|---|---|\n| 1 \\| 2 | |\n| `x\\|y` | **z** |')).toBe('||a||b||\n|1 \\| 2| |\n|{{x\\|y}}|*z*|');
  });

  it('puts code verbatim in {code}, naming only languages Jira knows', () => {
    expect(wiki('```js\nif (a) { b(); } // *x*\n```')).toBe('{code:javascript}\nif (a) { b(); } // *x*\n{code}');
    expect(wiki('```typescript\nlet a: number;\n```')).toBe('{code}\nlet a: number;\n{code}');
  });

  it('falls back to {noformat} when the code holds {code}, and breaks the tag when it holds both', () => {
    expect(wiki('```\nuse {code} here\n```')).toBe('{noformat}\nuse {code} here\n{noformat}');
    expect(wiki('```\n{code}{noformat}{CODE}\n```')).toBe(`{code}\n{${ZW}code}{noformat}{${ZW}CODE}\n{code}`);
  });

  it('renders the hard bug draft', () => {
    expect(toWikiDescription(HARD_BUG, DEFAULT_TEMPLATES)).toBe(
      [
        'h2. Background',
        '',
        'Since v2.3 the \\*login\\* page \\([https://example.com/login?next=/a_b&x=1]\\) returns 500.',
        'See [the runbook|https://wiki.example.com/runbook_(v2)] (wiki.example.com) and {{config.\\{env\\}.json}}; a \\* b = c, snake\\_case\\_name.',
        '',
        '* first point',
        '** nested with {{code}}',
        '**# deeper ordered',
        '* second point',
        '',
        '||Browser||Result||',
        '|Chrome 120|fails \\| 500|',
        '|Firefox| |',
        '',
        '\\# not a heading',
        `h${ZW}1. not a heading either`,
        '\\-\\-\\-\\-',
        `\\{noformat\\} C:\\path\\to\\${ZW}\\*.txt and \\${ZW}\\server\\share`,
        '',
        'h2. Steps to reproduce',
        '',
        '# Open [https://example.com/login].',
        '# Enter user {{admin}} and password {{p\\*ss\\_w\\|rd}}',
        '# Click *Sign in*',
        '',
        'h2. Expected result',
        '',
        'The dashboard opens.',
        '',
        'h2. Actual result',
        '',
        'An error page:',
        '',
        '{noformat}',
        '{"error": "boom", "path": "{code}"}',
        '{noformat}',
        '',
        'h2. Source',
        '',
        '[Issue 42 \\| Example \\[beta\\]|https://example.com/issues/42?filter=%5Bopen%5D%7Call] (example.com)',
      ].join('\n'),
    );
  });

  it('renders Japanese with Japanese headings and acceptance criteria as a bullet list', () => {
    expect(toWikiDescription(JAPANESE_TASK, DEFAULT_TEMPLATES)).toBe(
      [
        'h2. 背景',
        '',
        '社内ポータル（[https://portal.example.jp/login]）で発生。詳細は[https://example.jp/docs]参照。',
        '',
        'h2. やること',
        '',
        '# ボタンのイベントハンドラを修正する',
        '# {{onClick}} のテストを追加する',
        '#* 単体テスト',
        '#* E2Eテスト',
        '',
        'h2. 受け入れ条件',
        '',
        '* 「次へ」を押すと次の画面に進む',
        '* エラー時は \\*赤字\\* でメッセージを表示する',
        '',
        'h2. 出典',
        '',
        '[社内ポータル|https://portal.example.jp/page] (portal.example.jp)',
      ].join('\n'),
    );
  });

  it('is empty when every section is', () => {
    expect(toWikiDescription(EMPTY_STORY, DEFAULT_TEMPLATES)).toBe('');
  });
});

describe('toWikiTicket', () => {
  it('puts the escaped summary above the description', () => {
    expect(toWikiTicket(HARD_BUG, DEFAULT_TEMPLATES)).toMatch(/^h1\. Login fails with \\\{code\\\} \\\[x\\\] \\\| \\\*stars\\\* \\_under\\_ \\-dash\\- \\#1 and `ticks`\n\nh2\. Background\n/);
    expect(toWikiTicket(EMPTY_STORY, DEFAULT_TEMPLATES)).toBe('h1. Nothing but a summary\n');
  });

  it('writes the real host beside a label that hides it: punycode for a look-alike, bidi controls stripped', () => {
    const text = wiki('[paypal.com](https://pаypal.com/login) [\u202Emoc.live\u202C](https://evil.example/x) [example.com](https://example.com/a)');
    // Wiki escapes the dashes (they would be markup); Jira shows xn--pypal-4ve.com.
    expect(text).toContain('[paypal.com|https://pаypal.com/login] (xn\\-\\-pypal\\-4ve.com)');
    expect(text).toContain('[moc.live|https://evil.example/x] (evil.example)');
    expect(text).toContain('[example.com|https://example.com/a]');
    expect(text).not.toContain('[example.com|https://example.com/a] (');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
