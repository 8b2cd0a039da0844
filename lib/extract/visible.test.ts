// @vitest-environment jsdom
// jsdom computes the cascade but no layout: the checks that need boxes (zero height with overflow
// hidden, off-screen, clip: rect) are proven in real Chromium by tests/e2e/extraction.spec.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extractFromDocument } from './in-page';
import { usefulAlt, visibleCopy, visibleSelection } from './visible';

const ARTICLE = 'The gateway meters every virtual key by budget, rate limits and model access, in enough words to make an article that Readability accepts as one. '.repeat(3);

function load(body: string): Document {
  document.title = 'Review';
  document.body.innerHTML = body;
  getSelection()?.removeAllRanges();
  return document;
}

const visibleText = (doc: Document) => visibleCopy(doc).body.textContent ?? '';

describe('visibleCopy drops what a person cannot see', () => {
  const hidden: [string, string][] = [
    ['display:none', '<p style="display:none">MARK</p>'],
    ['visibility:hidden', '<p style="visibility:hidden">MARK</p>'],
    ['aria-hidden', '<p aria-hidden="true">MARK</p>'],
    ['the hidden attribute', '<p hidden>MARK</p>'],
    ['white on white', '<div style="background:#fff"><p style="color:#fff">MARK</p></div>'],
    ['near-white on the default white', '<p style="color:#fcfcfc">MARK</p>'],
    ['dark on the same dark', '<div style="background:rgb(20,20,20)"><p style="color:rgb(24,24,24)">MARK</p></div>'],
    ['a transparent colour', '<p style="color:transparent">MARK</p>'],
    ['an almost transparent colour', '<p style="color:rgba(0,0,0,0.02)">MARK</p>'],
    ['opacity:0', '<p style="opacity:0">MARK</p>'],
    ['opacity:0 on an ancestor', '<div style="opacity:0"><section><p><b>MARK</b></p></section></div>'],
    ['font-size:0', '<p style="font-size:0">MARK</p>'],
    ['transform: scale(0)', '<p style="transform:scale(0)">MARK</p>'],
    ['a huge negative text-indent', '<p style="text-indent:-9999px">MARK</p>'],
    ['clip-path: inset(50%)', '<p style="clip-path:inset(50%)">MARK</p>'],
    ['a comment', '<p>shown<!-- MARK --></p>'],
  ];
  for (const [technique, html] of hidden) {
    it(technique, () => {
      const text = visibleText(load(`<p>VISIBLE words</p>${html}`));
      expect(text).toContain('VISIBLE words');
      expect(text).not.toContain('MARK');
    });
  }

  it('strips zero-width characters, so a split word is whole again', () => {
    const text = visibleText(load('<p>pass\u200Bw\u200Co\u200Dr\u2060d\uFEFF</p>'));
    expect(text).toBe('password');
  });

  it('keeps light text on a dark background, and a child made visible inside a hidden parent', () => {
    const text = visibleText(load('<div style="background:#112233;color:#fff">LIGHT on dark</div><div style="visibility:hidden">gone<span style="visibility:visible">SHOWN again</span></div>'));
    expect(text).toContain('LIGHT on dark');
    expect(text).toContain('SHOWN again');
    expect(text).not.toContain('gone');
  });

  it('keeps the content of a closed <details>', () => {
    expect(visibleText(load('<details><summary>More</summary><p>FOLDED content</p></details>'))).toContain('FOLDED content');
  });

  it('keeps each text with its own element when hidden nodes sit between them (the copy is walked in step with the page)', () => {
    const text = visibleText(load('<p>one <!-- c --><span hidden>H1</span>two <b style="display:none">H2</b>three<i style="opacity:0">H3</i> four<br>five</p>'));
    expect(text).toBe('one two three fourfive');
  });

  it('resolves URLs in the copy against the page, as Readability expects', () => {
    const copy = visibleCopy(load('<p><a href="/docs/keys">keys</a></p>'));
    expect(copy.baseURI).toBe(document.baseURI);
    expect(new URL(copy.querySelector('a')!.getAttribute('href')!, copy.baseURI).href).toBe(new URL('/docs/keys', document.baseURI).href);
  });

  it('leaves the page as it was', () => {
    const doc = load('<p style="display:none">MARK</p><p>shown</p>');
    const before = doc.body.innerHTML;
    visibleCopy(doc);
    expect(doc.body.innerHTML).toBe(before);
  });
});

describe('images and formulas', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sends a content image alt once: not on top of a caption that says it, never a file name', () => {
    load(`<figure><img alt="Spend per team in May"><figcaption>Spend per team in May</figcaption></figure>
      <img id="alone" alt="Operations room wall"><img id="file" alt="IMG_4711.JPG"><img id="word" alt="jpg">`);
    expect(usefulAlt(document.querySelector('figure img')!)).toBe('');
    expect(usefulAlt(document.getElementById('alone')!)).toBe('Operations room wall');
    expect(usefulAlt(document.getElementById('file')!)).toBe('');
    expect(usefulAlt(document.getElementById('word')!)).toBe('');
  });

  it('keeps MathML as its TeX annotation, else as readable text', () => {
    // jsdom's getComputedStyle throws on MathML elements (Chromium's does not): they get their parent's.
    const real = globalThis.getComputedStyle;
    vi.spyOn(globalThis, 'getComputedStyle').mockImplementation((el, pseudo) => real(el.namespaceURI === 'http://www.w3.org/1998/Math/MathML' ? el.parentElement! : el, pseudo));
    const result = extractFromDocument(
      load(`<article><p>${ARTICLE}</p><p>Energy is
        <math><semantics><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow><annotation encoding="application/x-tex">E = mc^2</annotation></semantics></math>
        and half is <math><mfrac><mi>x</mi><mn>2</mn></mfrac></math>.</p></article>`),
    );
    expect(result.text).toContain('`E = mc^2`');
    expect(result.text).toContain('x/2');
  });
});

describe('selections', () => {
  it('a selection over display:none text carries only the visible words', () => {
    load('<p id="p">shown words <span style="display:none">HIDDEN words</span> and more</p>');
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('p')!);
    getSelection()!.addRange(range);
    expect(range.cloneContents().textContent).toContain('HIDDEN');
    const selected = visibleSelection(document)!.textContent;
    expect(selected).toContain('shown words');
    expect(selected).toContain('and more');
    expect(selected).not.toContain('HIDDEN');
    const result = extractFromDocument(document);
    expect(result.kind).toBe('selection');
    expect(result.text).not.toContain('HIDDEN');
  });

  it('a selection inside hidden text is no selection at all', () => {
    load(`<article><p>${ARTICLE}</p></article><div style="display:none"><p id="h">HIDDEN instructions</p></div>`);
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('h')!);
    getSelection()!.addRange(range);
    const result = extractFromDocument(document);
    expect(result.kind).toBe('page');
    expect(result.text).not.toContain('HIDDEN');
  });

  it('a selection that starts and ends inside text nodes keeps only the selected part', () => {
    load('<p id="p">alpha beta gamma</p>');
    const text = document.getElementById('p')!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 6);
    range.setEnd(text, 10);
    getSelection()!.addRange(range);
    expect(visibleSelection(document)!.textContent).toBe('beta');
  });
});
