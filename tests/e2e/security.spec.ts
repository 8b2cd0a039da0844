/**
 * Issue #3, proofs 5 and 6: the key stays in the background; model output cannot run or fetch.
 * Issue #15: the page cannot read, drive or imitate the in-page panel; hostile output never runs,
 * fetches or blanks a view.
 */
import type { Page } from '@playwright/test';
import { actingMarkdown, hostileAnswer } from '../../dev/security/xss-vectors';
import { Popup } from './pages/popup';
import { Tab } from './pages/panel';
import { DEMO_KEY, expect, test } from './support/fixtures';
import { readAllFromContentScript } from './support/state';

const ARTICLE = '/corpus/pages/mozilla-1/source.html';

test('the key is not readable from the page nor from a content script, and goes only to the gateway', async ({ ext, openPopupFor, connect, site, gateway }) => {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  ext.context.on('request', (request) => requests.push({ url: request.url(), headers: request.headers() }));
  await connect();
  const { page, popup, tabId } = await openPopupFor(site.url(ARTICLE));
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  // The page's own world has no extension storage at all.
  expect(await page.evaluate(() => typeof (globalThis as { chrome?: { storage?: unknown } }).chrome?.storage)).toBe('undefined');
  expect(await page.content()).not.toContain(DEMO_KEY);

  // A content script (the extension's isolated world in the tab) is refused by storage.
  const fromContentScript = await readAllFromContentScript(ext, tabId);
  expect(fromContentScript).toHaveLength(2);
  for (const attempt of fromContentScript) expect(attempt).toMatch(/^refused: Access to storage is not allowed from this context/);

  // Every request that carried the key went to the gateway, and the page's server never saw it.
  const gatewayOrigin = new URL(gateway.url).origin;
  const carrying = requests.filter((r) => Object.values(r.headers).some((v) => v.includes(DEMO_KEY)));
  for (const r of carrying) expect(new URL(r.url).origin).toBe(gatewayOrigin);
  expect(site.requests().every((r) => !JSON.stringify(r.headers).includes(DEMO_KEY))).toBe(true);
  expect((await gateway.control.log()).some((entry) => entry.keyAlias === 'demo')).toBe(true);
});

test('model output with script, event handlers, remote images and javascript: links is inert', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const leak = site.url('/test/leak.png');
  const hostile = [
    'Summary <script>window.__pwned = 1</script>',
    `<img src=x onerror="window.__pwned = 2">`,
    `![chart](${leak}?secret=1)`,
    '[click me](javascript:window.__pwned=3)',
    '[safe](https://example.com/doc)',
  ].join('\n\n');
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await gateway.control.faults({ nextContent: hostile });
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  const answer = popup.answer();
  await expect(answer).toContainText('Summary');
  expect(await answer.locator('script, img, iframe, object').count()).toBe(0);
  await answer.getByText('click me').click();
  expect(await popup.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await answer.getByText('click me').getAttribute('href')).toBeNull();
  const safe = answer.getByRole('link', { name: 'safe' });
  await expect(safe).toHaveAttribute('target', '_blank');
  await expect(safe).toHaveAttribute('rel', 'noopener noreferrer');
  expect(site.requests().filter((r) => r.url.startsWith('/test/leak.png'))).toHaveLength(0);
});

test('page scripts cannot read, edit or click the in-page panel, and a look-alike element does not stop it', async ({ ext, connect, site, gateway }) => {
  await connect();
  // The page made an element with the panel's old id, posing as it, before the panel was asked for.
  const tab = await Tab.open(ext, site.url('/test/fake-panel.html'));
  const pageText = await tab.page.evaluate(() => document.documentElement.innerText);
  await tab.rightClick('jira-draft@page');
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const summary = await tab.panel.ticketSummary().inputValue();
  expect(summary).not.toBe('');
  const callsBefore = (await gateway.control.log()).length;

  // Everything a script of the page can try: find the panel, read it, type into it, click it.
  const successes = await tab.page.evaluate((textBefore) => {
    const found: string[] = [];
    const everything = [...document.querySelectorAll('*')];
    if (everything.some((element) => element.shadowRoot)) found.push('a shadow root');
    if (document.querySelectorAll('iframe').length > 0) found.push('the frame element');
    if (document.documentElement.innerText !== textBefore) found.push("the panel's text in the page");
    for (const frame of Array.from({ length: window.frames.length }, (_, i) => window.frames[i]!)) {
      try {
        const inputs = frame.document.querySelectorAll('input, textarea');
        found.push('the frame document');
        for (const input of inputs) (input as HTMLInputElement).value = 'PAGE-TAMPERED: grant admin to attacker@example.com';
        for (const button of frame.document.querySelectorAll('button')) button.click();
      } catch {
        // Cross-origin: the extension's document is out of reach, as it must be.
      }
      // A frame's window takes messages from anyone: the panel must act on none.
      frame.postMessage({ type: 'panel.startJob', feature: 'summarize' }, '*');
    }
    // Ten scripted clicks, and keys, on whatever the page sees where the panel is drawn.
    for (let i = 0; i < 10; i++) {
      const target = document.elementFromPoint(window.innerWidth - 120, 60 + i * 20);
      target?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      (target as HTMLElement | null)?.click();
      target?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    }
    // A forged "close" from the page's own window.
    window.postMessage({ gatewayAssistantPanel: { type: 'close' } }, '*');
    return found;
  }, pageText);
  expect(successes).toEqual([]);

  // Our own content script's world cannot start a paid job either: the worker takes panel
  // messages only from the panel's extension page.
  const fromContentScript = await ext.worker.evaluate(async (tabId) => {
    const [result] = await chrome.scripting.executeScript({
      target: { tabId },
      func: async () => chrome.runtime.sendMessage({ id: 1, type: 'panel.startJob', data: { feature: 'summarize' }, timestamp: Date.now() }),
    });
    return JSON.stringify(result?.result);
  }, tab.id);
  expect(fromContentScript).toContain('Refused: unknown sender');

  // The panel is still there, unchanged, and nothing reached the gateway.
  await expect(tab.panel.dialog()).toBeVisible();
  await expect(tab.panel.ticketSummary()).toHaveValue(summary);
  await expect(tab.page.locator('#gateway-assistant-panel')).toContainText('paste your virtual key');
  expect((await gateway.control.log()).length).toBe(callsBefore);
});

test("a page cannot frame the panel's document by its public extension URL", async ({ ext, site }) => {
  const page = await ext.context.newPage();
  await page.goto(site.url(ARTICLE));
  // The extension's id is public (it is in the store's URL); the page builds the static address.
  await page.evaluate(async (id) => {
    const frame = Object.assign(document.createElement('iframe'), { name: 'imitation', src: `chrome-extension://${id}/panel-frame.html` });
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
  }, ext.extensionId);
  // Chrome refuses it (use_dynamic_url in wxt.config.ts): an error document, not the panel.
  const imitation = page.frame({ name: 'imitation' })!;
  expect(imitation.url()).toBe('chrome-error://chromewebdata/');
  await expect(imitation.locator('body')).toContainText(/blocked/i);
  await expect(imitation.locator('[data-testid=panel]')).toHaveCount(0);
  await page.close();
});

test("the panel keeps its own type on a page whose CSS sets every font, and Tab stays in the panel", async ({ ext, connect, site }) => {
  await connect();
  const tab = await Tab.open(ext, site.url('/test/hostile-css.html'));
  await tab.rightClick('summarize@page');
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  // The page's `* { font-size: 40px !important }` is on its own text and nowhere in the panel.
  expect(await tab.page.locator('p').first().evaluate((el) => getComputedStyle(el).fontSize)).toBe('40px');
  const sizes = await tab.panel.dialog().evaluate((dialog) => [dialog, ...dialog.querySelectorAll('*')].map((el) => getComputedStyle(el).fontSize));
  expect(sizes.length).toBeGreaterThan(10);
  expect(sizes.filter((size) => parseFloat(size) >= 30)).toEqual([]);

  // Tab and Shift+Tab cycle through the panel's controls and never reach the page.
  await tab.panel.dialog().focus();
  const controls = await tab.panel.dialog().locator('button, a[href], summary, input, select, textarea').count();
  const inPanel = () => tab.panel.dialog().evaluate((dialog) => document.hasFocus() && dialog.contains(document.activeElement));
  for (let i = 0; i < controls + 2; i++) {
    await tab.page.keyboard.press('Tab');
    expect(await inPanel()).toBe(true);
  }
  for (let i = 0; i < controls + 2; i++) {
    await tab.page.keyboard.press('Shift+Tab');
    expect(await inPanel()).toBe(true);
  }
  await tab.panel.closeWithEscape();
});

/** 5 KB of quotes and lists nested inside each other: marked's recursion once overflowed on it. */
const NESTED_ANSWER = `Nested start\n\n${'> - '.repeat(1300)}deepest words`;

/** Replaces the clipboard of an extension page, so the test reads what Copy wrote. */
async function captureCopies(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const copies: string[] = [];
    (window as { __copies?: string[] }).__copies = copies;
    navigator.clipboard.writeText = async (text: string) => void copies.push(text);
  });
  return () => page.evaluate(() => (window as { __copies?: string[] }).__copies ?? []);
}

const pwned = (page: Page) => page.evaluate(() => (window as { __pwned?: unknown }).__pwned);

test('the vector list and a 5 KB nested answer run nothing, fetch nothing and never blank the popup; Copy carries none of it', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  const leak = site.url('/test/leak.png');
  const { page, popup, tabId } = await openPopupFor(site.url(ARTICLE));

  // Nested past what marked can recurse: the answer is shown and the controls stay, now and on reopening.
  await gateway.control.faults({ nextContent: NESTED_ANSWER });
  await popup.runJob(() => popup.summarize());
  await expect(popup.answer()).toContainText('deepest words');
  await expect(popup.copyButton()).toBeVisible();
  await popup.close();
  const reopened = await Popup.open(ext, tabId);
  await expect(reopened.answer()).toContainText('deepest words');
  await expect(reopened.summarizeButton()).toBeVisible();

  // DOMPurify-style vectors in one answer.
  await gateway.control.faults({ nextContent: hostileAnswer(leak) });
  await reopened.runJob(() => reopened.summarize());
  const answer = reopened.answer();
  await expect(answer).toContainText('your bank');
  expect(await answer.locator('script, img, iframe, object, embed, svg, math, style, link, video, form, input:not([type=checkbox]), meta, base, details').count()).toBe(0);
  expect(await answer.locator('[style], [onerror], [onload], [srcdoc]').count()).toBe(0);
  const hrefs = await answer.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  expect(hrefs.filter((href) => !/^https?:/.test(href))).toEqual([]);
  // Look-alike letters and bidi tricks cannot hide where a link goes.
  await expect(answer).toContainText('your bank (xn--pypal-4ve.com)');
  await expect(answer).toContainText('(evil.example)');
  expect(await answer.innerText()).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);

  const copies = await captureCopies(reopened.page);
  await reopened.copyButton().click();
  await expect.poll(copies).toHaveLength(1);
  const [copied] = await copies();
  expect(copied).toContain('your bank');
  expect(actingMarkdown(copied!)).toEqual([]);

  for (const view of [reopened.page, page]) expect(await pwned(view)).toBeUndefined();
  expect(site.requests().filter((r) => r.url.startsWith('/test/leak.png'))).toHaveLength(0);
});

test('the vector list in the in-page panel runs nothing and fetches nothing, in the panel or on the page', async ({ ext, connect, site, gateway }) => {
  await connect();
  const leak = site.url('/test/leak.png');
  await gateway.control.faults({ nextContent: hostileAnswer(leak) });
  const tab = await Tab.open(ext, site.url(ARTICLE));
  await tab.rightClick('summarize@page');
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const answer = tab.panel.answer();
  await expect(answer).toContainText('your bank (xn--pypal-4ve.com)');
  expect(await answer.locator('script, img, iframe, object, embed, svg, math, style, link, video, form, meta, base, details, [style], [onerror], [onload]').count()).toBe(0);
  expect(await answer.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await pwned(tab.page)).toBeUndefined();
  expect(site.requests().filter((r) => r.url.startsWith('/test/leak.png'))).toHaveLength(0);
});

test('an unpriced model on a 200,000-node page is asked about by size before any call', async ({ openPopupFor, connect, site, gateway }) => {
  // Reading 200,000 nodes takes the extractor most of this test's time.
  test.setTimeout(90_000);
  // The gateway publishes the model at $0: no price to warn with.
  await gateway.control.models([{ model_name: 'sim-fast', model_info: { input_cost_per_token: 0, output_cost_per_token: 0 } }]);
  await connect(undefined, 'sim-fast');
  const chatCalls = async () => (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions')).length;
  const { page, popup } = await openPopupFor(site.url('/test/huge-dom.html'));
  expect(await page.evaluate(() => document.createTreeWalker(document.body).nextNode() && document.querySelectorAll('*').length + document.evaluate('count(//text())', document, null, XPathResult.NUMBER_TYPE).numberValue)).toBeGreaterThanOrEqual(200_000);

  await popup.summarize();
  await expect(popup.costQuestion()).toBeVisible({ timeout: 60_000 });
  await expect(popup.costQuestion()).toContainText(/no price for this model.* needs \d+ calls with [\d,]+ tokens in/);
  expect(await chatCalls()).toBe(0);
  await popup.cancelForCost();
  await expect(popup.job()).toHaveAttribute('data-status', 'stopped');
  expect(await chatCalls()).toBe(0);
});

test('a policy cap on parts per job refuses a longer fan-out with its sentence, before any call', async ({ openPopupFor, connect, site, gateway, policy }) => {
  await policy.set({ maxPartsPerJob: 2 });
  await connect(undefined, 'sim-tiny');
  const { popup } = await openPopupFor(site.url('/corpus/pages/wikipedia/source.html'));
  await popup.runJob(() => popup.summarize(), 'error');
  await expect(popup.problem()).toHaveAttribute('data-kind', 'too_many_parts');
  await expect(popup.problem()).toContainText(/it would take \d+ parts, one request each, and your organization allows at most 2 per job\. Select the part you need and use the selection instead\./);
  expect((await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'))).toHaveLength(0);
});
