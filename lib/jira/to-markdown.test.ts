import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { EMPTY_STORY, HARD_BUG, JAPANESE_TASK, draftWith } from '../../dev/jira/sample-drafts';
import { DEFAULT_TEMPLATES } from './templates';
import { escapeMarkdownText, toMarkdownTicket } from './to-markdown';

/** The section body only, without the title and the heading. */
const markdown = (background: string) =>
  toMarkdownTicket(draftWith({ background }), DEFAULT_TEMPLATES).replace(/^# .*\n\n## Background\n\n/, '').replace(/\n$/, '');

// A CommonMark + GFM renderer stands in for Jira Cloud's paste: what it reads is what was meant.
const html = (source: string) => marked.parse(source, { async: false, gfm: true });
const textOf = (source: string) =>
  html(source)
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

describe('escapeMarkdownText', () => {
  it.each([
    '*stars* and **double** and _under_ and __double__',
    '`tick` and ``two``',
    '[link](page.html) and ![img](x.png) and <b>html</b> and <br/>',
    '~~strike~~ a | b',
    '&amp; &copy; &#169; AT&T',
    'C:\\path\\*.txt and \\\\server and ends\\',
    '日本語の_テキスト_と*強調*',
  ])('survives a Markdown renderer as the same text: %s', (text) => {
    expect(textOf(escapeMarkdownText(text))).toBe(text);
    expect(html(escapeMarkdownText(text))).not.toMatch(/<(em|strong|code|a|del|img|b)[ >]/);
  });

  it('leaves underscores inside words readable', () => {
    expect(escapeMarkdownText('snake_case_name 日本_語')).toBe('snake_case_name 日本_語');
  });
});

describe('toMarkdownTicket', () => {
  it.each([
    ['# heading', '\\# heading'],
    ['> quote', '\\> quote'],
    ['+1 vote', '\\+1 vote'],
    ['-1 degree', '\\-1 degree'],
    ['3.14 is pi', '3\\.14 is pi'],
    ['===', '\\==='],
  ])('keeps a line that would start a block as text: %s', (line, expected) => {
    expect(markdown(line)).toBe(expected);
    expect(html(markdown(line))).toBe(`<p>${line.replace('>', '&gt;')}</p>\n`);
  });

  it('keeps a list entry that starts like a list marker as text inside its item', () => {
    const source = toMarkdownTicket(draftWith({ stepsToReproduce: ['1. 2. twice numbered', '- # hash'] }, { issueType: 'Bug' }), DEFAULT_TEMPLATES);
    expect(source).toContain('1. 2\\. twice numbered\n2. \\# hash\n');
    expect(html(source)).toContain('<ol>\n<li>2. twice numbered</li>\n<li># hash</li>\n</ol>');
  });

  it('writes line breaks inside a paragraph as hard breaks', () => {
    expect(markdown('one\n# two')).toBe('one\\\n\\# two');
    expect(html(markdown('one\n# two'))).toBe('<p>one<br># two</p>\n');
  });

  it('nests lists at the content column of their parent and keeps the ordered start', () => {
    const source = markdown('9. nine\n   - inner `code`\n10. ten\n    continued');
    expect(source).toBe('9. nine\n   - inner `code`\n10. ten\\\n    continued');
    expect(html(source)).toBe('<ol start="9">\n<li>nine<ul>\n<li>inner <code>code</code></li>\n</ul>\n</li>\n<li>ten<br>continued</li>\n</ol>\n');
  });

  it('fences code with more backticks than it holds, keeping it verbatim', () => {
    const source = markdown('````js\nconst a = ```x```;\n````');
    expect(source).toBe('````js\nconst a = ```x```;\n````');
    expect(html(source)).toBe('<pre><code class="language-js">const a = ```x```;\n</code></pre>\n');
  });

  it('writes inline code with a longer fence and padding when it holds backticks', () => {
    const source = markdown('see ``a`b`` and `` `c ``');
    expect(source).toBe('see ``a`b`` and `` `c ``');
    expect(html(source)).toBe('<p>see <code>a`b</code> and <code>`c</code></p>\n');
  });

  it('writes GFM tables whose pipes, even in code, stay inside their cell', () => {
    const source = markdown('| a | b |\n|---|---|\n| `x\\|y` | **z** \\| w |\n| | |');
    expect(source).toBe('| a | b |\n| --- | --- |\n| `x\\|y` | **z** \\| w |\n|  |  |');
    expect(html(source)).toContain('<td><code>x|y</code></td>\n<td><strong>z</strong> | w</td>');
  });

  it('writes links with angle brackets when the URL has parentheses, and bare URLs as autolinks', () => {
    const source = markdown('[docs *v2*](https://example.com/a_(b)) https://example.com/x_y?q=[1]|2');
    expect(source).toBe('[docs \\*v2\\*](<https://example.com/a_(b)>) <https://example.com/x_y?q=[1]%7C2>');
    expect(html(source)).toBe('<p><a href="https://example.com/a_(b)">docs *v2*</a> <a href="https://example.com/x_y?q=%5B1%5D%7C2">https://example.com/x_y?q=[1]%7C2</a></p>\n');
  });

  it('renders the hard bug draft with every piece of text intact', () => {
    const source = toMarkdownTicket(HARD_BUG, DEFAULT_TEMPLATES);
    const rendered = html(source);
    expect(rendered).toContain('<h1>Login fails with {code} [x] | *stars* _under_ -dash- #1 and `ticks`</h1>');
    expect(rendered).toContain('<p>Since v2.3 the *login* page (<a href="https://example.com/login?next=/a_b&amp;x=1">');
    expect(rendered).toContain('<p># not a heading<br>h1. not a heading either<br>----<br>{noformat} C:\\path\\to\\*.txt and \\\\server\\share</p>');
    expect(rendered).toContain('<li>Enter user <code>admin</code> and password <code>p*ss_w|rd</code></li>');
    expect(rendered).toContain('<pre><code class="language-json">{&quot;error&quot;: &quot;boom&quot;, &quot;path&quot;: &quot;{code}&quot;}\n</code></pre>');
    expect(rendered).toContain('<a href="https://example.com/issues/42?filter=%5Bopen%5D%7Call">Issue 42 | Example [beta]</a>');
    expect(rendered).not.toMatch(/<em>|<del>/);
    expect(source).not.toContain('not shown for a bug');
  });

  it('renders acceptance criteria as a GFM task list, in Japanese with Japanese headings', () => {
    const source = toMarkdownTicket(JAPANESE_TASK, DEFAULT_TEMPLATES);
    expect(source).toBe(
      [
        '# ログイン画面の「次へ」ボタンが反応しない',
        '',
        '## 背景',
        '',
        '社内ポータル（<https://portal.example.jp/login>）で発生。詳細は<https://example.jp/docs>参照。',
        '',
        '## やること',
        '',
        '1. ボタンのイベントハンドラを修正する',
        '2. `onClick` のテストを追加する',
        '   - 単体テスト',
        '   - E2Eテスト',
        '',
        '## 受け入れ条件',
        '',
        '- [ ] 「次へ」を押すと次の画面に進む',
        '- [ ] エラー時は \\*赤字\\* でメッセージを表示する',
        '',
        '## 出典',
        '',
        '[社内ポータル](https://portal.example.jp/page)',
        '',
      ].join('\n'),
    );
    expect(html(source).match(/type="checkbox"/g)).toHaveLength(2);
  });

  it('keeps a trailing # in a title from being read as the closing sequence', () => {
    expect(toMarkdownTicket(draftWith({}, { summary: 'Support C# and F #' }), DEFAULT_TEMPLATES)).toBe('# Support C# and F \\#\n');
    expect(html('# Support C# and F \\#')).toBe('<h1>Support C# and F #</h1>\n');
  });

  it('is only the title when every section is empty', () => {
    expect(toMarkdownTicket(EMPTY_STORY, DEFAULT_TEMPLATES)).toBe('# Nothing but a summary\n');
  });
});
