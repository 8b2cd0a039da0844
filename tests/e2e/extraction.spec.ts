/**
 * Issue #4: extraction sends the article, not the page chrome. Every corpus page is served on
 * 127.0.0.1, extracted inside real Chromium exactly as the background does it (the built
 * /extract.js injected with chrome.scripting), and compared with the article Readability's own
 * test suite expects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, testSitesDir } from '../../dev/harness/paths';
import { expectedText, openCorpusPage } from '../../dev/harness/corpus-extraction';
import { extractionQuality } from '../../lib/extract/quality';
import type { Page } from '@playwright/test';
import { type ExtensionBrowser, tabIdOf } from '../../dev/harness/chromium';
import type { StaticServer } from '../../dev/harness/static-server';
import { Popup } from './pages/popup';
import { SidePanel } from './pages/sidepanel';
import { expect, test } from './support/fixtures';
import { readConversation } from './support/state';

const RECALL = 0.95;
const PRECISION = 0.9;

const pages = readdirSync(join(corpusDir, 'pages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

test('the corpus has its twenty pages', () => {
  expect(pages).toHaveLength(20);
});

for (const name of pages) {
  test(`extracts the article of ${name}`, async ({ ext, site }) => {
    const expected = await expectedText(ext, site, name);
    const tabId = await openCorpusPage(ext, site, name);
    const extracted = await ext.worker.evaluate(async (id) => {
      const [injection] = await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/extract.js'] });
      return injection?.result as { text: string; method: string };
    }, tabId);

    const quality = extractionQuality(extracted.text, expected);
    const figures = `${name}: recall ${quality.recall.toFixed(3)}, precision ${quality.precision.toFixed(3)} (${extracted.method}, ${quality.extractedWords} words extracted, ${quality.expectedWords} expected)`;
    test.info().annotations.push({ type: 'quality', description: figures });
    console.log(figures);
    expect(quality.recall, `recall on ${name}`).toBeGreaterThanOrEqual(RECALL);
    expect(quality.precision, `precision on ${name}`).toBeGreaterThanOrEqual(PRECISION);
  });
}

/**
 * Issue #15: hidden text is the classic prompt-injection carrier. tests/e2e/sites/hidden-injection.html
 * hides one INJECT… marker with each technique (display, visibility, aria-hidden, hidden, white
 * on white, near-white, transparent, alpha, opacity on the element and on an ancestor, font-size 0
 * own and inherited, zero height and width with overflow hidden, off-screen left and top, scale(0),
 * text-indent, .sr-only clip, clip-path, a comment) and shows VISIBLE… markers in real content
 * (light text on a dark panel, a closed <details>, a captioned figure, an image's alt, TeX and
 * MathML formulas). What the gateway receives holds every visible marker and no hidden one.
 */
const HOSTILE = '/test/hidden-injection.html';
const hostileSource = readFileSync(join(testSitesDir, 'hidden-injection.html'), 'utf8');
const HIDDEN_MARKERS = [...new Set(hostileSource.match(/INJECT[A-Z]+/g))];
const VISIBLE_MARKERS = [...new Set(hostileSource.match(/VISIBLE[A-Z]+/g)), 'VISIBLEZWJOINED'];

type Log = { path: string; requestMessages: unknown }[];

/** Everything the chat requests carried, as one string. */
async function sentToGateway(gateway: { control: { log(): Promise<Log> } }): Promise<string> {
  const chats = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(chats.length).toBeGreaterThan(0);
  return chats.map((entry) => JSON.stringify(entry.requestMessages)).join('\n');
}

function expectOnlyVisibleText(sent: string, visible: readonly string[]): void {
  expect(HIDDEN_MARKERS.length).toBeGreaterThanOrEqual(20);
  expect(HIDDEN_MARKERS.filter((marker) => sent.includes(marker))).toEqual([]);
  expect(visible.filter((marker) => !sent.includes(marker))).toEqual([]);
  expect(sent).not.toMatch(/[\u200B-\u200D\u2060\uFEFF]/);
}

test('hidden text never reaches the gateway when the page is summarized from the popup', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(HOSTILE));
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const sent = await sentToGateway(gateway);
  expectOnlyVisibleText(sent, VISIBLE_MARKERS);
  // A figure's text goes once (the alt repeats the caption), and an image's file name is no text.
  expect(sent.split('VISIBLECAPTIONED')).toHaveLength(2);
  expect(sent).not.toContain('img_4711');
  expect(sent).toContain('\\\\mathrm{VISIBLETEX}');
});

test('hidden text never reaches the gateway when the page is asked about in the side panel', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup, tabId } = await openPopupFor(site.url(HOSTILE));
  await popup.page.getByTestId('ask-page').click();
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await panel.ask('What did the review find?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  expectOnlyVisibleText(await sentToGateway(gateway), VISIBLE_MARKERS);
});

test("a selection made by the page's own script over hidden text sends only the visible words", async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { page, popup } = await openPopupFor(site.url(HOSTILE));
  await page.bringToFront();
  // The page's script selects a paragraph holding display:none text (page.evaluate runs in the page's world).
  await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents(document.getElementById('selectable')!);
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  });
  expect(await page.evaluate(() => getSelection()!.getRangeAt(0).cloneContents().textContent)).toContain('INJECTSELECTED');
  await popup.page.reload();
  await popup.summarizeSelection();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const sent = await sentToGateway(gateway);
  expect(sent).toContain('VISIBLESELECTED');
  expect(sent).toContain('read as the person sees them');
  expect(sent).not.toContain('INJECTSELECTED');
  expect(sent).not.toContain('VISIBLEINTRO');
});

/**
 * tests/e2e/sites/changing-article.html in a tab, and how many times /extract.js was injected into it
 * so far: the page's own debugger lists each injection, which tells a run that read the page from
 * one that took the reading made when the popup opened.
 */
async function openChangingArticle(ext: ExtensionBrowser, site: StaticServer): Promise<{ page: Page; extractions: () => number }> {
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  let count = 0;
  cdp.on('Debugger.scriptParsed', ({ url }) => void (url.endsWith('/extract.js') && count++));
  await cdp.send('Debugger.enable');
  await page.goto(site.url('/test/changing-article.html'));
  return { page, extractions: () => count };
}

/**
 * Issue #17: the worker reads the page when the popup opens, so the click only builds and sends; the
 * page read ahead is used only while it is still the page. The worker does not listen to tab
 * updates (that would wake it on every navigation): the open popup sees its tab reload or change
 * its URL and has the page read again. tests/e2e/sites/changing-article.html shows a new version on
 * each load and can swap one in beside history.pushState.
 */
test('a popup run sends the page as it is at the click, read before it, even after a reload or a new URL', async ({ ext, connect, site, gateway }) => {
  await connect();
  const { page, extractions } = await openChangingArticle(ext, site);
  const popup = await Popup.open(ext, await tabIdOf(ext, page.url()));
  const lastSent = async () => JSON.stringify((await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions')).at(-1)?.requestMessages);

  // Opening the popup read the page; the click takes that reading instead of reading again.
  await expect.poll(extractions).toBe(1);
  await popup.runJob(() => popup.summarize());
  expect(await lastSent()).toContain('VERSIONFIRST');
  expect(extractions()).toBe(1);

  // The page reloaded with new text while the popup was open: it is read again once loaded, and the
  // click sends the new text without reading it a third time.
  await page.reload();
  await expect(page.locator('h1')).toContainText('VERSIONRELOADED');
  await expect.poll(extractions).toBe(2);
  await popup.runJob(() => popup.summarize());
  expect(await lastSent()).toContain('VERSIONRELOADED');
  expect(await lastSent()).not.toContain('VERSIONFIRST');
  expect(extractions()).toBe(2);

  // A single-page app's navigation: new text and a new URL in the same document.
  await page.evaluate(() => {
    (window as unknown as { showVersion(name: string): void }).showVersion('VERSIONPUSHED');
    history.pushState(null, '', '?pushed');
  });
  await expect.poll(extractions).toBe(3);
  await popup.runJob(() => popup.summarize());
  expect(await lastSent()).toContain('VERSIONPUSHED');
  expect(await lastSent()).not.toContain('VERSIONRELOADED');
  expect(extractions()).toBe(3);
});

/**
 * Issue #17: once the popup closes, nothing watches its tab for a reload, so the page it read goes
 * with it; only its Ask button hands that reading to the side panel it opens.
 */
test("Ask's panel takes the page the popup read only when the popup's Ask button handed it over", async ({ ext, connect, site }) => {
  await connect();
  const { page, extractions } = await openChangingArticle(ext, site);
  const tabId = await tabIdOf(ext, page.url());
  const documentText = async () => JSON.stringify((await readConversation(ext, tabId))?.document ?? null);

  // The popup read the page and closed; the page then reloaded with new text, which no one saw.
  const glance = await Popup.open(ext, tabId);
  await expect.poll(extractions).toBe(1);
  await glance.page.close();
  await page.reload();
  await expect(page.locator('h1')).toContainText('VERSIONRELOADED');
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toContainText('Release notes', { timeout: 20_000 });
  expect(await documentText()).toContain('VERSIONRELOADED');
  expect(await documentText()).not.toContain('VERSIONFIRST');
  expect(extractions()).toBe(2);
  await panel.page.close();

  // A new URL (no conversation about it yet); the popup reads it and its Ask button opens the panel.
  await page.evaluate(() => {
    (window as unknown as { showVersion(name: string): void }).showVersion('VERSIONPUSHED');
    history.pushState(null, '', '?pushed');
  });
  const popup = await Popup.open(ext, tabId);
  await expect.poll(extractions).toBe(3);
  await popup.page.getByTestId('ask-page').click();
  // The real popup closes once the panel opened (opened as a tab, it stays: close it as it would).
  await expect.poll(() => ext.worker.evaluate((id) => chrome.sidePanel.getOptions({ tabId: id }), tabId)).toMatchObject({ enabled: true });
  await popup.page.close();
  await page.bringToFront();
  await expect.poll(documentText, { timeout: 20_000 }).toContain('VERSIONPUSHED');
  expect((await readConversation(ext, tabId))?.url).toContain('?pushed');
  expect(extractions()).toBe(3);
});
