// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { extractFromDocument } from './in-page';
import { wordCount } from './result';

const paragraph = (n: number) => `<p>Paragraph ${n} explains how the gateway meters every virtual key by budget, rate limits and model access, in enough words to be an article.</p>`;

function load(body: string, lang = 'en'): Document {
  document.documentElement.lang = lang;
  document.title = 'Test article';
  document.body.innerHTML = body;
  getSelection()?.removeAllRanges();
  return document;
}

describe('extractFromDocument', () => {
  it('sends the article as Markdown, without hidden or aria-hidden parts', () => {
    const doc = load(`
      <nav>Home | About | Login</nav>
      <article><h1>Gateway notes</h1>${[1, 2, 3, 4].map(paragraph).join('')}
        <div style="display:none">SECRET hidden text</div>
        <div aria-hidden="true">decorative duplicate</div>
        <ul><li>first item</li><li>second item</li></ul>
        <table><thead><tr><th>Key</th><th>Budget</th></tr></thead><tbody><tr><td>demo</td><td>$5</td></tr></tbody></table>
        <pre><code>curl -H "Authorization: Bearer sk-…"</code></pre>
      </article>`);
    const result = extractFromDocument(doc);
    expect(result.kind).toBe('page');
    expect(result.text).toContain('Paragraph 3 explains');
    expect(result.text).not.toContain('SECRET hidden text');
    expect(result.text).not.toContain('decorative duplicate');
    expect(result.text).toMatch(/^-\s+first item$/m);
    expect(result.text).toMatch(/\| Key \| Budget \|/);
    expect(result.text).toContain('```');
    // The page is left as it was: no marks remain in the live document.
    expect(doc.querySelector('[data-gateway-assistant-hidden]')).toBeNull();
    expect(doc.body.innerHTML).toContain('SECRET hidden text');
  });

  it('the selection wins when there is one', () => {
    const doc = load(`<article>${[1, 2, 3].map(paragraph).join('')}</article>`);
    const range = doc.createRange();
    range.selectNodeContents(doc.querySelectorAll('p')[1]!);
    getSelection()!.addRange(range);
    const result = extractFromDocument(doc);
    expect(result.kind).toBe('selection');
    expect(result.text).toContain('Paragraph 2');
    expect(result.text).not.toContain('Paragraph 1');
  });

  it('an empty page gives empty text, not a crash', () => {
    const result = extractFromDocument(load('<div aria-hidden="true">menu</div>'));
    expect(result.text).toBe('');
  });

  it('a frameset page says so and sends none of its <noframes> fallback', () => {
    const doc = document.implementation.createHTMLDocument('Frames');
    doc.documentElement.innerHTML = '<head><title>Frames</title></head><frameset cols="50%,50%"><frame src="a.html"><frame src="b.html"></frameset><noframes>Your browser does not support frames, here is some fallback text.</noframes>';
    const result = extractFromDocument(doc);
    expect(result.frames).toBe('frameset');
    expect(result.text).toBe('');
  });

  it('a page whose content is in an iframe names the frame; an ordinary page names none', () => {
    expect(extractFromDocument(load('<iframe sandbox src="/content.html"></iframe>')).frames).toBe('iframe');
    expect(extractFromDocument(load(`<article>${[1, 2].map(paragraph).join('')}</article>`)).frames).toBeNull();
  });

  it('counts Japanese words by character, so coverage figures make sense', () => {
    expect(wordCount('予算を確認する')).toBe(7);
    expect(wordCount('budget is left')).toBe(3);
  });
});
