// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from './to-markdown';

describe('htmlToMarkdown', () => {
  it('writes simple tables as GFM tables', () => {
    expect(htmlToMarkdown('<table><tr><th>Key</th><th>Budget</th></tr><tr><td>demo</td><td>$5</td></tr></table>')).toMatch(/^\| Key \| Budget \|\n\| --- \| --- \|\n\| demo \| \$5 +\|$/);
  });

  it('sends the cells of a table with lists or headings as blocks, never as raw HTML', () => {
    const markdown = htmlToMarkdown(`
      <table><caption>Mozilla</caption>
        <tr><td colspan="2"><a href="https://example.com/logo"><img alt="Logo" src="https://cdn.example/logo.png"></a></td></tr>
        <tr><th>Founded</th><td>2003</td></tr>
        <tr><th>Products</th><td><ul><li>Firefox</li><li>Thunderbird</li></ul></td></tr>
      </table>`);
    expect(markdown).not.toMatch(/<\/?(?:table|tr|td|div|a|img)\b/);
    expect(markdown).not.toContain('https://');
    expect(markdown).toMatch(/Founded\s+2003/);
    expect(markdown).toMatch(/^-\s+Firefox$/m);
    expect(markdown).toContain('Logo');
  });
});
