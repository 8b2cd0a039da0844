// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { draftWith } from '../../dev/jira/sample-drafts';
import { actingMarkdown as actingParts, hostileAnswer } from '../../dev/security/xss-vectors';
import { toAdfDescription, type AdfNode } from '../jira/to-adf';
import { toMarkdownTicket } from '../jira/to-markdown';
import { DEFAULT_TEMPLATES } from '../jira/templates';
import { toWikiTicket } from '../jira/to-wiki';
import { copyableMarkdown } from './copy';

const LEAK = 'http://leak.example/x';
const answer = hostileAnswer(LEAK);

describe('copyableMarkdown: the answer as pasted elsewhere carries nothing that acts', () => {
  it('the vector list as one answer: no image, no raw HTML, no script link, no bidi control', () => {
    expect(actingParts(answer).length).toBeGreaterThan(20);
    const copied = copyableMarkdown(answer);
    expect(actingParts(copied)).toEqual([]);
    expect(copied).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it.each(answer.split('\n\n'))('one vector at a time: %s', (vector) => {
    expect(actingParts(copyableMarkdown(vector))).toEqual([]);
  });

  it('keeps the words: alt text, link labels, the HTML as visible text, ordinary Markdown', () => {
    const copied = copyableMarkdown('# Title\n\n- **bold** and `code <b>`\n\n![chart of costs](http://x/y.png)\n\n[label](javascript:x) and [ok](https://ok.example)\n\n<b>tag</b>');
    expect(copied).toContain('# Title\n\n- **bold** and `code <b>`');
    expect(copied).toContain('chart of costs');
    expect(copied).not.toContain('http://x/y.png');
    expect(copied).toContain('label and [ok](https://ok.example)');
    expect(copied).toContain('\\<b>tag\\</b>');
  });

  it('keeps no link but http(s): a mailto link is left as its label', () => {
    const copied = copyableMarkdown('Write to [the team](mailto:team@example.com) or see [docs](https://ok.example).');
    expect(copied).not.toContain('mailto:');
    expect(copied).toContain('the team');
    expect(copied).toContain('[docs](https://ok.example)');
  });

  it('falls back to escaped text when the answer is nested past what the parser can take', () => {
    const deep = `${'>'.repeat(5000)} <img src=${LEAK}> ![x](${LEAK})`;
    const copied = copyableMarkdown(deep);
    expect(copied).toContain('\\<img');
    expect(copied).not.toMatch(/!\[x\]/);
  });
});

describe('Jira copies and ADF: page and model text never become images, HTML or script links', () => {
  const draft = draftWith({ background: answer, whatToDo: answer, acceptanceCriteria: answer.split('\n\n') }, { summary: '<img src=x onerror=alert(1)> ![a](http://leak.example/s)' });

  it('Copy as Markdown', () => {
    expect(actingParts(toMarkdownTicket(draft, DEFAULT_TEMPLATES))).toEqual([]);
  });

  it('Copy for Jira (wiki): no image macro, no link but http(s)', () => {
    const wiki = toWikiTicket(draft, DEFAULT_TEMPLATES);
    // An unescaped `!name!` is an image in wiki markup; `[text|target]` a link.
    expect(wiki).not.toMatch(/(^|[^\\])!(?!\s)[^!\n]+[^\\\s]!/m);
    const targets = [...wiki.matchAll(/(?:^|[^\\])\[(?:[^\]|]*\|)?([^\]]+)\]/g)].map((m) => m[1]!);
    expect(targets.filter((target) => !/^https?:\/\//i.test(target))).toEqual([]);
  });

  it('ADF: only text, with links to http(s) only, no media or HTML nodes', () => {
    const nodes: AdfNode[] = [];
    const walk = (node: AdfNode) => {
      nodes.push(node);
      node.content?.forEach(walk);
    };
    toAdfDescription(draft, DEFAULT_TEMPLATES).content.forEach(walk);
    expect(nodes.filter((node) => /media|html|extension|embed|inlineCard|blockCard/i.test(node.type))).toEqual([]);
    const hrefs = nodes.flatMap((node) => node.marks ?? []).flatMap((mark) => (mark.type === 'link' ? [mark.attrs.href] : []));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !/^https?:\/\//i.test(href))).toEqual([]);
  });
});
