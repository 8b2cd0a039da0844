/**
 * The text a person can see, and nothing else (issue #15): hidden text is the classic carrier of
 * prompt injection. One walk over the live page (computed styles and boxes exist only there)
 * builds the copy that Readability and turndown read, so the page is read once and cloned once
 * (issue #17), and the page itself is never touched.
 *
 * Dropped with their subtree: display:none, `hidden`, aria-hidden (except an image, which stays
 * on screen: Wikipedia's formula images are aria-hidden), opacity 0, a transform that scales to
 * nothing, a clip or clip-path that leaves nothing, a zero width or height with overflow hidden,
 * a box entirely above or left of the page. Dropped as text only (children may show themselves):
 * visibility hidden, a font too small to read, a text-indent that pushes text off the page, a
 * text colour with no contrast against the background behind it (white on white, transparent).
 * Zero-width characters are removed; comments never copied. Kept: the content of a closed
 * `<details>` (one click away), formulas (as TeX, else as readable text), the alt text of content
 * images unless it is a file name or already said by the figure's caption.
 */
import { words } from './quality';

const INVISIBLE_CHARS = /[\u200B-\u200D\u2060\uFEFF]/g;

export function stripInvisibleChars(text: string): string {
  return text.replace(INVISIBLE_CHARS, '');
}

/** Past this many elements, layout checks and Readability cost seconds: see visibleCopy's `large`. */
export const LARGE_PAGE_ELEMENTS = 30_000;

interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * What paints behind an element: its own background over what is behind its parent. Read only
 * when text inside needs it (see backgroundBehind), so elements that hold no text cost no reads.
 */
interface Backdrop {
  style: CSSStyleDeclaration | null;
  behind: Backdrop | null;
  /** Once known: the colour, or null when an image or gradient makes it unknown. */
  colour?: Rgba | null;
}

interface Context {
  backdrop: Backdrop;
  /** False where nothing is laid out (a closed `<details>`), so boxes say nothing. */
  laidOut: boolean;
  /** Inside position:fixed, boxes are relative to the viewport, not the page. */
  fixed: boolean;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };
/** Below this contrast ratio text cannot be told from its background (1 = same colour). */
const MIN_CONTRAST = 1.3;
const MIN_FONT_PX = 2;
const OFF_PAGE_INDENT_PX = -500;

// A page uses a handful of colours on thousands of elements: each is parsed and judged once.
const parsedColours = new Map<string, Rgba | null>();
const judgedColours = new Map<string, boolean>();

function parseColor(value: string): Rgba | null {
  let parsed = parsedColours.get(value);
  if (parsed === undefined) {
    parsed = parseColorUncached(value);
    parsedColours.set(value, parsed);
  }
  return parsed;
}

function parseColorUncached(value: string): Rgba | null {
  const match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value);
  if (!match) return /\/\s*0\s*\)$/.test(value) ? { ...WHITE, a: 0 } : null;
  const alpha = match[4] === undefined ? 1 : match[4].endsWith('%') ? parseFloat(match[4]) / 100 : parseFloat(match[4]);
  return { r: +match[1]!, g: +match[2]!, b: +match[3]!, a: alpha };
}

function over(top: Rgba, below: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, below.r), g: mix(top.g, below.g), b: mix(top.b, below.b), a: 1 };
}

function luminance(c: Rgba): number {
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function backgroundOf(style: CSSStyleDeclaration, behind: Rgba | null): Rgba | null {
  if (style.backgroundImage && style.backgroundImage !== 'none') return null;
  const own = parseColor(style.backgroundColor);
  if (!own || own.a === 0) return behind;
  if (own.a >= 0.99) return { ...own, a: 1 };
  return behind ? over(own, behind) : null;
}

/** The colour behind `backdrop`, each ancestor's read at most once (iterative: pages nest deeply). */
function backgroundBehind(backdrop: Backdrop): Rgba | null {
  const pending: Backdrop[] = [];
  let at: Backdrop | null = backdrop;
  for (; at && at.colour === undefined; at = at.behind) pending.push(at);
  let colour: Rgba | null = at ? at.colour! : WHITE;
  for (let i = pending.length - 1; i >= 0; i--) {
    const step = pending[i]!;
    colour = step.style ? backgroundOf(step.style, colour) : colour;
    step.colour = colour;
    step.style = null;
  }
  return colour;
}

function textColourVisible(style: CSSStyleDeclaration, context: Context): boolean {
  const value = style.webkitTextFillColor || style.color;
  const behind = backgroundBehind(context.backdrop);
  const key = behind ? `${value}|${behind.r},${behind.g},${behind.b}` : value;
  let visible = judgedColours.get(key);
  if (visible === undefined) {
    const fill = parseColor(value);
    visible = !fill || (fill.a > 0.05 && (!behind || contrast(over(fill, behind), behind) >= MIN_CONTRAST));
    judgedColours.set(key, visible);
  }
  return visible;
}

/** A 2D or 3D matrix whose x/y part has no area: scale(0), scaleX(0), matrix(0,…). */
function collapsedTransform(transform: string): boolean {
  if (!/^(?:matrix|scale)/.test(transform)) return false;
  const numbers = /\(([^)]*)\)/.exec(transform)?.[1]?.split(',').map(Number);
  if (!numbers) return false;
  const [a, b, c, d] = transform.startsWith('matrix3d') ? [numbers[0], numbers[1], numbers[4], numbers[5]] : numbers;
  return Math.abs((a ?? 1) * (d ?? 1) - (b ?? 0) * (c ?? 0)) < 1e-3;
}

function collapsedClip(style: CSSStyleDeclaration, position: string): boolean {
  if ((position === 'absolute' || position === 'fixed') && style.clip.startsWith('rect(')) {
    const [top, right, bottom, left] = style.clip.slice(5, -1).split(/[,\s]+/).map(parseFloat) as number[];
    if ((right ?? 0) - (left ?? 0) <= 1 || (bottom ?? 0) - (top ?? 0) <= 1) return true;
  }
  const path = style.clipPath;
  if (!path || path === 'none') return false;
  if (/^inset\(\s*(?:[5-9]\d|\d{3,})(?:\.\d+)?%/.test(path)) return true;
  if (/^(?:circle|ellipse)\(\s*0(?:px)?[\s)]/.test(path)) return true;
  const polygon = /^polygon\((.*)\)$/.exec(path)?.[1];
  return polygon !== undefined && new Set(polygon.split(',').map((point) => point.trim())).size <= 1;
}

function overflowHidden(value: string): boolean {
  return value === 'hidden' || value === 'clip' || value === 'auto' || value === 'scroll';
}

/** Boxes are read only where the style says they may hide something: layout is the costly part. */
function geometryHides(el: Element, style: CSSStyleDeclaration, position: string, inline: boolean, context: Context, rtl: boolean): boolean {
  // Overflow does not apply to inline boxes. One read of the shorthand ("hidden", or "hidden
  // auto" for x then y) instead of two.
  const [overflowX = '', overflowY = overflowX] = inline ? [] : style.overflow.split(' ');
  const clipsX = overflowHidden(overflowX);
  const clipsY = overflowHidden(overflowY);
  const moved = position !== 'static' && position !== '';
  if (!clipsX && !clipsY && !moved) return false;
  const box = el.getBoundingClientRect();
  if ((clipsX && box.width < 2) || (clipsY && box.height < 2)) return true;
  const view = el.ownerDocument.defaultView;
  const [x, y] = context.fixed || position === 'fixed' ? [0, 0] : [view?.scrollX ?? 0, view?.scrollY ?? 0];
  return box.bottom + y < 0 || (!rtl && box.right + x < 0);
}

interface Judged {
  context: Context;
  display: string;
  /** Whether the element's own text nodes can be seen. */
  textVisible: boolean;
}

/** Whether any of the element's own text nodes holds more than white space. */
function hasOwnText(el: Element): boolean {
  for (let child = el.firstChild; child; child = child.nextSibling) if (child.nodeType === Node.TEXT_NODE && /\S/.test((child as Text).data)) return true;
  return false;
}

/** background-clip:text (on the element or an ancestor) paints a background through transparent text. */
function backgroundShowsThroughText(el: Element): boolean {
  for (let at: Element | null = el; at; at = at.parentElement) {
    const style = getComputedStyle(at);
    if (style.backgroundClip === 'text' || style.webkitBackgroundClip === 'text') return true;
  }
  return false;
}

/**
 * Every computed property read costs (Chromium builds a value and a string for each): the text
 * checks run only for elements with text of their own, the box only where the style may hide one.
 */
function judge(el: Element, context: Context, rtl: boolean, large: boolean): Judged | null {
  if (el.hasAttribute('hidden') && el.getAttribute('hidden') !== 'until-found') return null;
  if (el.getAttribute('aria-hidden') === 'true' && el.localName !== 'img') return null;
  const style = getComputedStyle(el);
  const display = style.display;
  if (display === 'none') return null;
  if (parseFloat(style.opacity) <= 0.01) return null;
  const position = style.position;
  // Transforms do not apply to inline boxes either: two reads saved on most phrasing elements.
  const inline = display === 'inline';
  if ((!inline && collapsedTransform(style.transform)) || collapsedClip(style, position)) return null;
  if (!large && context.laidOut && display !== 'contents' && geometryHides(el, style, position, inline, context, rtl)) return null;
  const next: Context = {
    backdrop: { style, behind: context.backdrop },
    laidOut: context.laidOut && !(el.localName === 'details' && !(el as HTMLDetailsElement).open) && el.getAttribute('hidden') !== 'until-found',
    fixed: context.fixed || position === 'fixed',
  };
  if (!hasOwnText(el)) return { context: next, display, textVisible: true };
  const visibility = style.visibility;
  const textIndent = style.textIndent;
  const indent = parseFloat(textIndent);
  const textVisible =
    visibility !== 'hidden' &&
    visibility !== 'collapse' &&
    !(parseFloat(style.fontSize) < MIN_FONT_PX) &&
    !(textIndent.endsWith('%') ? indent <= -100 : indent <= OFF_PAGE_INDENT_PX) &&
    (textColourVisible(style, next) || backgroundShowsThroughText(el));
  return { context: next, display, textVisible };
}

const FILE_NAME = /^[\w\-. ()%]*\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?|heic)$/i;
const PLACEHOLDER_ALT = /^(?:img|image|jpe?g|png|gif|webp|svg|photo|picture|pic|icon|graphic|thumbnail|null|undefined|alt|\d+|(?:img|image|dsc|dscn|pict?|photo|screenshot)[\s_-]*\d+)$/i;

/** Alt text worth sending: not a file name or placeholder, not already said by the caption. */
export function usefulAlt(img: Element): string {
  const alt = stripInvisibleChars(img.getAttribute('alt') ?? '').trim();
  if (!alt || FILE_NAME.test(alt) || PLACEHOLDER_ALT.test(alt)) return '';
  const caption = img.closest('figure')?.querySelector('figcaption')?.textContent ?? '';
  const captionWords = new Set(words(caption));
  const altWords = words(alt);
  if (altWords.length === 0) return '';
  const said = altWords.filter((word) => captionWords.has(word)).length;
  return said / altWords.length >= 0.8 ? '' : alt;
}

/** MathML as TeX (its own annotation), else as readable linear text. */
function mathText(el: Element, depth = 0): string {
  const parts = [...el.children].filter((child) => child.localName !== 'annotation' && child.localName !== 'annotation-xml');
  const text = (i: number) => (parts[i] ? mathText(parts[i]!, depth + 1) : '');
  const group = (i: number) => {
    const t = text(i);
    return t.length > 1 ? `(${t})` : t;
  };
  if (depth > 40 || parts.length === 0) return (el.textContent ?? '').trim();
  switch (el.localName) {
    case 'msup':
      return `${group(0)}^${group(1)}`;
    case 'msub':
      return `${group(0)}_${group(1)}`;
    case 'msubsup':
      return `${group(0)}_${group(1)}^${group(2)}`;
    case 'mfrac':
      return `${group(0)}/${group(1)}`;
    case 'msqrt':
      return `√(${parts.map((p) => mathText(p, depth + 1)).join(' ')})`;
    case 'mroot':
      return `root${group(1)}(${text(0)})`;
    default:
      return parts.map((p) => mathText(p, depth + 1)).join(' ');
  }
}

function mathCopy(math: Element, out: Document): Element {
  const tex = math.querySelector('annotation[encoding="application/x-tex"]')?.textContent?.trim();
  if (tex) {
    const code = out.createElement('code');
    code.textContent = stripInvisibleChars(tex);
    return code;
  }
  const span = out.createElement('span');
  span.textContent = stripInvisibleChars(math.getAttribute('alttext')?.trim() || mathText(math));
  return span;
}

/** Elements whose content is never shown as text (or is dropped by turndown anyway). */
const NO_TEXT_INSIDE = new Set(['svg', 'canvas', 'video', 'audio', 'iframe', 'object', 'embed', 'select', 'textarea', 'script', 'style', 'noscript', 'template']);

const INLINE_DISPLAY = /^inline|^contents$|^ruby/;

/** A node of the page and its counterpart in the copy, with what its parent passes down. */
interface Frame {
  node: Node;
  copy: Node;
  context: Context;
  textVisible: boolean;
}

export interface CopyOptions {
  /** Only what this range covers (a selection). */
  range?: Range;
  /**
   * A very large page: skip the checks that need layout (seconds on 200,000 elements) and mark
   * block ends with line breaks, as the copy is then read as plain text.
   */
  large?: boolean;
}

function rootContext(doc: Document): Context {
  return { backdrop: { style: doc.defaultView ? getComputedStyle(doc.documentElement) : null, behind: null }, laidOut: true, fixed: false };
}

/** The context at `el` from the root down, or null when an ancestor hides it. */
function contextAt(el: Element, rtl: boolean, large: boolean): Judged | null {
  const chain: Element[] = [];
  for (let at: Element | null = el; at && at !== el.ownerDocument.documentElement; at = at.parentElement) chain.unshift(at);
  let judged: Judged | null = { context: rootContext(el.ownerDocument), display: 'block', textVisible: true };
  for (const at of chain) {
    judged = judge(at, judged.context, rtl, large);
    if (!judged) return null;
  }
  return judged;
}

const HAS_INVISIBLE_CHARS = /[\u200B-\u200D\u2060\uFEFF]/;

/**
 * Turns `copy`, a deep import of `root` into the inert document `out`, into the visible part of
 * `root`. The browser copies the whole tree natively in one call (a node-by-node copy in script
 * cost more than the checks); the walk then visits the page and its copy in step and only
 * removes or replaces what must not be sent. Returns false when `root` itself cannot be seen.
 */
function keepVisible(root: Element, copy: Element, out: Document, options: CopyOptions): boolean {
  const rtl = getComputedStyle(root.ownerDocument.documentElement).direction === 'rtl';
  const large = options.large ?? false;
  const start = contextAt(root, rtl, large);
  if (!start) return false;
  const range = options.range;
  const stack: Frame[] = [];
  const pushChildren = (el: Node, elCopy: Node, judged: Judged) => {
    // A deep import copies every child node in order, and nothing below `elCopy` has been touched
    // yet: its children pair one to one with the page's.
    for (let child = el.lastChild, childCopy = elCopy.lastChild; child && childCopy; child = child.previousSibling, childCopy = childCopy.previousSibling) {
      stack.push({ node: child, copy: childCopy, context: judged.context, textVisible: judged.textVisible });
    }
  };
  pushChildren(root, copy, start);
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node, copy: nodeCopy } = frame;
    if (range && !range.intersectsNode(node)) {
      nodeCopy.parentNode?.removeChild(nodeCopy);
      continue;
    }
    if (node.nodeType === Node.TEXT_NODE) {
      const text = nodeCopy as Text;
      if (!frame.textVisible) {
        text.remove();
        continue;
      }
      let data = text.data;
      if (range) {
        if (node === range.endContainer) data = data.slice(0, range.endOffset);
        if (node === range.startContainer) data = data.slice(range.startOffset);
      }
      if (HAS_INVISIBLE_CHARS.test(data)) data = stripInvisibleChars(data);
      if (!data) text.remove();
      else if (data !== text.data) text.data = data;
      continue;
    }
    // Comments and anything else that is not an element carry nothing a person sees.
    if (node.nodeType !== Node.ELEMENT_NODE) {
      nodeCopy.parentNode?.removeChild(nodeCopy);
      continue;
    }
    const el = node as Element;
    const elCopy = nodeCopy as Element;
    const judged = judge(el, frame.context, rtl, large);
    if (!judged) {
      elCopy.remove();
      continue;
    }
    const name = el.localName;
    if (name === 'math') {
      elCopy.replaceWith(mathCopy(el, out));
      continue;
    }
    if (name === 'img') {
      const alt = usefulAlt(el);
      if (alt) {
        const img = out.createElement('img');
        img.setAttribute('alt', alt);
        // Readability drops an image without a source; the copy is inert, so nothing loads.
        img.setAttribute('src', el.getAttribute('src') ?? '');
        elCopy.replaceWith(img);
      } else elCopy.remove();
      continue;
    }
    // Read as plain text, a large page's blocks need their line breaks spelled out.
    if (large && !INLINE_DISPLAY.test(judged.display)) elCopy.before(out.createTextNode('\n'));
    if (NO_TEXT_INSIDE.has(name)) {
      elCopy.replaceChildren();
      continue;
    }
    pushChildren(el, elCopy, judged);
  }
  return true;
}

/** A new, inert document holding the visible part of `doc` (its head kept for metadata). */
export function visibleCopy(doc: Document, options: CopyOptions = {}): Document {
  const out = doc.implementation.createHTMLDocument('');
  const html = out.importNode(doc.documentElement, false);
  out.replaceChild(html, out.documentElement);
  const head = doc.head ? out.importNode(doc.head, true) : out.createElement('head');
  html.appendChild(head);
  // The copy resolves URLs against the page's base, not about:blank: Readability makes every
  // link absolute, and against about:blank each one throws (~30 ms for Wikipedia's 850 links).
  const base = out.createElement('base');
  base.setAttribute('href', doc.baseURI);
  head.prepend(base);
  if (!doc.body) {
    html.appendChild(out.createElement('body'));
    return out;
  }
  const body = out.importNode(doc.body, true);
  html.appendChild(body);
  if (!keepVisible(doc.body, body, out, options)) body.replaceChildren();
  return out;
}

/** The visible part of the selection, as an element of an inert document. */
export function visibleSelection(doc: Document): Element | null {
  const selection = doc.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const out = doc.implementation.createHTMLDocument('');
  const container = out.createElement('div');
  out.body.appendChild(container);
  for (let i = 0; i < selection.rangeCount; i++) {
    const range = selection.getRangeAt(i);
    const common = range.commonAncestorContainer;
    // A range inside one text node: its parent element, walked over that range only.
    const root = common.nodeType === Node.ELEMENT_NODE ? (common as Element) : common.parentElement;
    if (!root) continue;
    const copy = out.importNode(root, true);
    if (keepVisible(root, copy, out, { range })) container.append(...copy.childNodes);
  }
  return container;
}
