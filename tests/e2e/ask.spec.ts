/**
 * Issue #11: ask about the page in the side panel. Opened from the popup; a question and a
 * follow-up through the simulator, one session, tagged ask; a citation clicked highlights the
 * cited passage on the page, in English and in Japanese.
 */
import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../dev/harness/chromium';
import { Tab } from './pages/panel';
import { SidePanel } from './pages/sidepanel';
import { expect, test } from './support/fixtures';
import { readConversation, recordConversation } from './support/state';

const HIGHLIGHT = 'gateway-assistant-citation';
const squash = (s: string) => s.replace(/\s+/g, '');

/** The text of the page's citation highlight, as CSS.highlights holds it. */
function highlighted(page: Page): Promise<string[]> {
  return page.evaluate((name) => [...((CSS.highlights.get(name) as Iterable<Range> | undefined) ?? [])].map((range) => range.toString()), HIGHLIGHT);
}

async function sidePanelOptions(ext: ExtensionBrowser, tabId: number) {
  return ext.worker.evaluate((id) => chrome.sidePanel.getOptions({ tabId: id }), tabId);
}

/** The clipboard as the article's page reads it (mv3-facts §7: the clipboard is shared). */
async function clipboardText(url: string, page: Page): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The side panels Chrome is showing for this extension (not the panel page a test opens as a tab). */
async function sidePanelDocuments(ext: ExtensionBrowser): Promise<string[]> {
  return ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.SIDE_PANEL] })).map((c) => c.documentUrl ?? ''));
}

async function askTwiceAndCite(ext: ExtensionBrowser, page: Page, tabId: number, questions: [string, string], gateway: { control: { log(): Promise<{ path: string; tags: string[]; sessionId: string | null; requestMessages: unknown }[]> } }) {
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await expect(panel.page.getByTestId('ask-empty')).toBeVisible();

  await panel.ask(questions[0]);
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const firstAnswer = (await readConversation(ext, tabId))!.turns[0]!.answer;
  await panel.ask(questions[1]);
  await expect(panel.turns().nth(1)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(panel.totalCost()).toContainText('$');

  const chats = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(2);
  for (const chat of chats) expect(chat.tags).toContain('gateway-assistant:ask');
  expect(chats[0]!.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  expect(chats[1]!.sessionId).toBe(chats[0]!.sessionId);
  const second = chats[1]!.requestMessages as { role: string; content: string }[];
  // The document first (the same prefix every turn), then the earlier turn, then the question.
  expect(second.map((m) => m.role)).toEqual(['system', 'user', 'user', 'assistant', 'user']);
  expect(second[1]!.content).toContain('<document>');
  expect(second[2]!.content).toBe(questions[0]);
  expect(second[3]!.content).toBe(firstAnswer);
  expect(second[4]!.content).toBe(`Question: ${questions[1]}`);

  // The answer's first line says it comes from the simulator; its claims carry verified citations.
  await expect(panel.turns().nth(0).getByTestId('ask-answer')).toContainText(/simulator|シミュレーター/);
  const chip = panel.verifiedCitations(0).first();
  await expect(chip).toBeVisible();
  const passage = ((await chip.getAttribute('title')) ?? '').replace(/^“|”$/g, '');
  expect(passage.length).toBeGreaterThan(10);
  expect(await highlighted(page)).toEqual([]);
  await chip.click();
  await expect.poll(async () => (await highlighted(page)).map(squash)).toEqual([squash(passage)]);
  return panel;
}

test('opened from the popup, a question and a follow-up in one session, and a citation highlights its passage', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { page, popup, tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  await popup.page.getByTestId('ask-page').click();
  await expect.poll(() => sidePanelOptions(ext, tabId)).toEqual({ tabId, enabled: true, path: `sidepanel.html?tabId=${tabId}` });
  // Chrome really opened it: the side panel shows for the article's tab once that tab is in front.
  await page.bringToFront();
  await expect.poll(() => sidePanelDocuments(ext)).toEqual([`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`]);

  const panel = await askTwiceAndCite(ext, page, tabId, ['Why emit a standalone Wasm file from Emscripten?', 'What does the _start function do in WASI runtimes?'], gateway);
  const { sessionId } = (await readConversation(ext, tabId))!;

  // Closing the panel loses nothing: reopened, it shows the same conversation.
  await panel.page.close();
  const reopened = await SidePanel.open(ext, tabId);
  await expect(reopened.turns()).toHaveCount(2);
  expect((await readConversation(ext, tabId))!.sessionId).toBe(sessionId);

  // The tab moves to another document: a new conversation about it, with a session of its own.
  await page.goto(site.url('/corpus/pages/mozilla-1/source.html'));
  await expect(reopened.page.getByTestId('ask-empty')).toBeVisible({ timeout: 20_000 });
  await expect(reopened.turns()).toHaveCount(0);
  await expect(reopened.document()).not.toContainText('Emscripten');
  const next = (await readConversation(ext, tabId))!;
  expect(next.url).toContain('mozilla-1');
  expect(next.sessionId).not.toBe(sessionId);
  // The old conversation stays reachable in the tab, until the tab closes (below).
  const earlier = reopened.page.getByTestId('ask-earlier');
  await expect(earlier.locator('summary')).toHaveText('Earlier in this tab (1)');
  await earlier.locator('summary').click();
  await expect(earlier.getByTestId('ask-earlier-conversation')).toHaveCount(1);
  await expect(earlier).toContainText('Why emit a standalone Wasm file from Emscripten?');
  await expect(earlier).toContainText('What does the _start function do in WASI runtimes?');

  // Moved while no panel watched the tab (the worker does not follow tabs, issue #17): opening the
  // panel finds it, starts on the page the tab shows, and keeps the last conversation as earlier.
  await reopened.ask('What is this page about?');
  await expect(reopened.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await reopened.page.close();
  await page.goto(site.url('/corpus/pages/v8-blog/source.html'));
  const third = await SidePanel.open(ext, tabId);
  await expect(third.page.getByTestId('ask-empty')).toBeVisible({ timeout: 20_000 });
  await expect(third.document()).toContainText('Emscripten');
  expect((await readConversation(ext, tabId))!.url).toContain('v8-blog');
  const kept = third.page.getByTestId('ask-earlier');
  await expect(kept.locator('summary')).toHaveText('Earlier in this tab (2)');
  await kept.locator('summary').click();
  await expect(kept.getByTestId('ask-earlier-conversation').first()).toContainText('What is this page about?');
  // The tab closes, and its panel with it (as Chrome closes a tab's side panel): what the tab kept is
  // cleared the next time a page connects to the worker, which listens to no tab closing (issue #17).
  expect(await readConversation(ext, tabId)).toBeDefined();
  await third.page.close();
  await page.close();
  await openPopupFor(site.url('/corpus/pages/mozilla-1/source.html'));
  await expect.poll(() => readConversation(ext, tabId)).toBeUndefined();
});

test('the right-click menu and the shortcut open the panel for the page or the selection', async ({ ext, connect, site, gateway }) => {
  await connect();
  const exists = () => ext.worker.evaluate(async () => Promise.all(['ask@page', 'ask@selection'].map((id) => chrome.contextMenus.update(id, {}).then(() => true, () => false))));
  await expect.poll(exists).toEqual([true, true]);

  const tab = await Tab.open(ext, site.url('/corpus/pages/v8-blog/source.html'));
  const selected = await tab.selectParagraph(0);
  expect(selected).toContain('Emscripten has always focused');
  await tab.rightClick('ask@selection', selected);
  await expect.poll(() => sidePanelOptions(ext, tab.id)).toEqual({ tabId: tab.id, enabled: true, path: `sidepanel.html?tabId=${tab.id}&selection=1` });
  const panel = await SidePanel.open(ext, tab.id, true);
  await expect(panel.document()).toHaveAttribute('data-kind', 'selection', { timeout: 20_000 });
  await panel.ask('What is this about?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', /done|error/, { timeout: 20_000 });
  const [call] = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  // Only the selection went to the gateway, not the rest of the article.
  const sent = JSON.stringify(call!.requestMessages);
  expect(sent).toContain('Emscripten has always focused first and foremost');
  expect(sent).not.toContain('Disassembling it');

  await tab.pressShortcut('ask-page');
  await expect.poll(() => sidePanelOptions(ext, tab.id)).toEqual({ tabId: tab.id, enabled: true, path: `sidepanel.html?tabId=${tab.id}` });
});

test.describe('in Japanese', () => {
  test.use({ lang: 'ja' });

  test('the Japanese article: a Japanese UI, questions in Japanese, answers cite it, the highlight holds the Japanese passage', async ({ openPopupFor, connect, site, ext, gateway }) => {
    await connect();
    const { page, popup, tabId } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
    await expect(popup.page.getByTestId('ask-page')).toHaveText('このページについて質問');
    await popup.page.getByTestId('ask-page').click();
    await expect.poll(() => sidePanelOptions(ext, tabId)).toMatchObject({ enabled: true });

    const panel = await askTwiceAndCite(ext, page, tabId, ['WAF は何のために使っていますか？', 'CloudFront の役割は何ですか？'], gateway);
    await expect(panel.document()).toHaveAttribute('data-kind', 'page');
    await expect(panel.document()).toContainText('ページ・');
    await expect(panel.page.getByTestId('ask-send')).toHaveText('質問する');
    await expect(panel.totalCost()).toContainText('会話の合計');

    // Copy conversation: Markdown with each question, its answer and the cited passages as quotes.
    await panel.page.bringToFront();
    await panel.page.getByTestId('ask-copy-conversation').click();
    await expect(panel.page.getByTestId('ask-copy-conversation')).toHaveText('コピーしました');
    const copied = await clipboardText(site.url('/corpus/ja/litellm-poc-blog.html'), page);
    const { turns } = (await readConversation(ext, tabId))!;
    expect(copied).toContain(`**質問：** ${turns[0]!.question}\n\n${turns[0]!.answer.trim()}`);
    expect(copied).toContain(`**質問：** ${turns[1]!.question}`);
    expect(copied).toMatch(/\n> \[\d+\] \S/);
  });
});

test('a document longer than the model reads: each question is asked with the most relevant parts, and the panel says which', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect(undefined, 'sim-tiny');
  const { tabId } = await openPopupFor(site.url('/corpus/pages/wikipedia/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  const { document } = (await readConversation(ext, tabId))!;
  const total = document!.parts.length;
  expect(document!.tokens).toBeGreaterThan(4096);

  await panel.ask('What are MozCamps and whom do these camps bring together?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const used = (await readConversation(ext, tabId))!.turns[0]!.usedParts;
  expect(used.length).toBeGreaterThan(0);
  expect(used.length).toBeLessThan(total);
  // The part that answers it, further down than a prefix of that many parts would reach, is among them.
  const answering = document!.parts.find((part) => part.text.includes('MozCamps are the critical part'))!.id;
  expect(answering).toBeGreaterThan(used.length);
  expect(used).toContain(answering);
  await expect(panel.turns().nth(0).getByTestId('ask-used-parts')).toHaveText(`Asked with parts ${used.join(', ')} of ${total} (the most relevant to the question)`);

  // Exactly those parts went to the gateway, and the answer cites only them.
  const [call] = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  const last = (call!.requestMessages as { content: string }[])[1]!.content;
  expect([...last.matchAll(/<part id="(\d+)">/g)].map((m) => Number(m[1]))).toEqual(used);
  const cited = await panel.turns().nth(0).locator('button.cite').evaluateAll((chips) => chips.map((chip) => Number((chip as HTMLElement).dataset.part)));
  expect(cited.length).toBeGreaterThan(0);
  for (const part of cited) expect(used).toContain(part);
});

test('a citation whose passage the page no longer shows turns unverified and highlights nothing', async ({ openPopupFor, connect, site, ext }) => {
  await connect();
  const { page, tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await panel.ask('Why emit a standalone Wasm file from Emscripten?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const chip = panel.verifiedCitations(0).first();
  const cite = await chip.getAttribute('data-cite');

  // The page changed since it was read: its paragraphs are gone.
  await page.evaluate(() => document.querySelectorAll('p, li').forEach((element) => element.remove()));
  await chip.click();
  const same = panel.turns().nth(0).locator(`button.cite[data-cite="${cite}"]`);
  await expect(same).toHaveAttribute('data-verified', 'false');
  await expect(same).toHaveAttribute('data-missing', 'true');
  expect(await highlighted(page)).toEqual([]);
});

test('Stop ends the answer and closes the request at the gateway; the next question goes through', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await gateway.control.faults({ perChunkMs: 150 });
  await panel.ask('Why emit a standalone Wasm file from Emscripten?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'streaming');
  await panel.page.getByTestId('ask-stop').click();
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'stopped');
  await expect.poll(async () => (await gateway.control.log()).at(-1)?.closedByClient).toBe(true);

  await gateway.control.faults({});
  await panel.ask('What does the _start function do?');
  await expect(panel.turns().nth(1)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
});

test('the answer streams into the panel piece by piece while storage gets it about once a second; Stop keeps every word shown', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  // Every length the panel shows the answer at, and every value storage holds of the conversation.
  await panel.page.evaluate(() => {
    const seen = { lengths: new Set<number>(), firstAt: 0, lastAt: 0 };
    (globalThis as unknown as { __shown: typeof seen }).__shown = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=ask-turn][data-status=streaming] [data-testid=ask-answer]')?.textContent ?? '';
      if (!text) return;
      seen.firstAt ||= performance.now();
      seen.lastAt = performance.now();
      seen.lengths.add(text.length);
    }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  });
  const stored = await recordConversation(panel.page, tabId);
  await gateway.control.faults({ perChunkMs: 100 });
  await panel.ask('Why emit a standalone Wasm file from Emscripten?');
  const seen = async () => {
    const shown = await panel.page.evaluate(() => {
      const s = (globalThis as unknown as { __shown: { lengths: Set<number>; firstAt: number; lastAt: number } }).__shown;
      return { lengths: s.lengths.size, seconds: (s.lastAt - s.firstAt) / 1000 };
    });
    return { ...shown, streamingWrites: (await stored()).filter((c) => c.turns.at(-1)?.status === 'streaming').length };
  };
  await expect.poll(async () => (await seen()).lengths, { timeout: 20_000 }).toBeGreaterThanOrEqual(12);
  const streaming = await seen();
  // Shown at each piece (over the port); written once when the text began and about once a second since.
  expect(streaming.streamingWrites).toBeLessThanOrEqual(Math.ceil(streaming.seconds) + 2);
  expect(streaming.lengths).toBeGreaterThan(streaming.streamingWrites + 4);

  const shownBefore = (await panel.turns().nth(0).getByTestId('ask-answer').textContent())!.length;
  await panel.page.getByTestId('ask-stop').click();
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'stopped');
  // Storage was up to a second behind the panel: the stopped answer is the one the panel showed, not storage's older copy.
  expect((await panel.turns().nth(0).getByTestId('ask-answer').textContent())!.length).toBeGreaterThanOrEqual(shownBefore);
  expect((await readConversation(ext, tabId))!.turns[0]!.status).toBe('stopped');
});

test('the question box: Shift+Enter is a new line, the Enter that ends a Japanese IME conversion does not send, Enter does', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { tabId } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  const input = panel.page.getByTestId('ask-input');
  await input.fill('WAF の');
  await input.press('Shift+Enter');
  await input.pressSequentially('役割は？');
  await expect(input).toHaveValue('WAF の\n役割は？');

  // What Chrome sends for the Enter that confirms a conversion: isComposing, keyCode 229.
  await input.evaluate((element) => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true, cancelable: true }));
    element.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 229, bubbles: true, cancelable: true }));
  });
  await expect(input).toHaveValue('WAF の\n役割は？');
  await expect(panel.turns()).toHaveCount(0);

  await input.press('Enter');
  await expect(panel.turns()).toHaveCount(1);
  await expect(input).toHaveValue('');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const chats = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(1);
});

test('closed mid-answer and reopened, the turn is there; a worker stopped mid-answer leaves the partial text interrupted, and Retry completes it', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const first = await SidePanel.open(ext, tabId);
  await expect(first.document()).toBeVisible({ timeout: 20_000 });
  await gateway.control.faults({ perChunkMs: 150 });
  await first.ask('Why emit a standalone Wasm file from Emscripten?');
  await expect(first.turns().nth(0).getByTestId('ask-answer')).not.toBeEmpty();
  await first.page.close();

  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.turns()).toHaveCount(1);
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'streaming');
  await expect(panel.turns().nth(0).getByTestId('ask-question')).toHaveText('Why emit a standalone Wasm file from Emscripten?');

  const cdp = await ext.context.newCDPSession(panel.page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'error');
  await expect(panel.turns().nth(0).getByTestId('problem')).toHaveAttribute('data-kind', 'interrupted');
  // The partial text stays (read from the panel: the stopped worker's handle can no longer evaluate).
  const partial = await panel.turns().nth(0).getByTestId('ask-answer').innerText();
  expect(partial.length).toBeGreaterThan(0);
  await expect.poll(async () => (await gateway.control.log()).at(-1)?.closedByClient).toBe(true);

  await gateway.control.faults({});
  await panel.page.getByTestId('ask-retry').click();
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(panel.turns()).toHaveCount(1);
  const done = await panel.turns().nth(0).getByTestId('ask-answer').innerText();
  expect(done.length).toBeGreaterThan(partial.length);
});

test('a PDF: the panel says it is one, citations name the page of their passage, and clicking one goes to that page', async ({ openPopupFor, connect, site, ext }) => {
  await connect();
  const url = site.url('/corpus/pdf/tracemonkey.pdf');
  const { tabId } = await openPopupFor(url);
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toHaveAttribute('data-kind', 'pdf', { timeout: 30_000 });
  await panel.ask('How does TraceMonkey record traces of hot loops?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  const { document } = (await readConversation(ext, tabId))!;
  const chips = panel.verifiedCitations(0);
  await expect(chips.first()).toBeVisible();
  for (const chip of await chips.all()) {
    const page = Number(await chip.getAttribute('data-page'));
    const id = Number(await chip.getAttribute('data-part'));
    const part = document!.parts.find((p) => p.id === id)!;
    // The page named is one the cited part spans, and the chip and its tooltip say it.
    const spans = [part.page!, ...[...part.text.matchAll(/^## Page (\d+)$/gm)].map((m) => Number(m[1]))];
    expect(spans).toContain(page);
    await expect(chip).toContainText(`p. ${page}`);
    expect(await chip.getAttribute('title')).toMatch(new RegExp(`^p\\. ${page}: “`));
  }
  const page = await chips.first().getAttribute('data-page');
  await chips.first().click();
  await expect.poll(() => ext.worker.evaluate(async (id) => (await chrome.tabs.get(id)).url, tabId)).toBe(`${url}#page=${page}`);
});

/** About 300k tokens of plain prose with one fact planted in the middle, from a fixed seed. */
function needleDocument(fact: string): string {
  const words = 'river stone window garden morning market letter bridge winter summer table paper signal engine harbor forest meadow candle lantern kettle orchard village station pocket ribbon basket ladder mirror pillow saddle thunder valley canyon desert island meadow planet rocket violin trumpet copper silver timber marble velvet cotton linen wool amber coral ivory olive cedar maple willow birch spruce falcon otter badger beaver heron'
    .split(' ')
    .filter((word) => word !== 'heron');
  const verbs = 'carries follows gathers holds lifts meets passes reaches shapes turns watches welcomes'.split(' ');
  let seed = 20_261_130;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const sentence = () => {
    const length = 8 + next(8);
    const out = Array.from({ length }, (_, i) => (i === 2 ? verbs[next(verbs.length)]! : words[next(words.length)]!));
    return `${out[0]![0]!.toUpperCase()}${out.join(' ').slice(1)}.`;
  };
  const sections: string[] = [];
  for (let s = 1; s <= 860; s++) {
    const paragraphs = Array.from({ length: 6 }, () => `<p>${Array.from({ length: 6 }, sentence).join(' ')}</p>`);
    if (s === 430) paragraphs.splice(3, 0, `<p>${fact}</p>`);
    sections.push(`<h2>Section ${s}</h2>\n${paragraphs.join('\n')}`);
  }
  return `<!doctype html><html lang="en"><head><title>Field notes</title></head><body><main><article><h1>Field notes</h1>\n${sections.join('\n')}</article></main></body></html>`;
}

test('the needle: one fact in the middle of a 300k-token document is found and cited, and the question costs under a tenth of the document', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const fact = 'The vault combination for the Heron archive is 7-4-1-9.';
  const url = site.url('/needle/field-notes.html');
  await ext.context.route(url, (route) => route.fulfill({ contentType: 'text/html', body: needleDocument(fact) }));
  const { tabId } = await openPopupFor(url);
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 60_000 });
  const { document } = (await readConversation(ext, tabId))!;
  expect(document!.tokens).toBeGreaterThanOrEqual(300_000);
  const holding = document!.parts.find((part) => part.text.includes(fact))!;
  // In the middle: neither among the first nor the last fifth of the parts.
  expect(holding.id).toBeGreaterThan(document!.parts.length / 5);
  expect(holding.id).toBeLessThan((document!.parts.length * 4) / 5);

  await panel.ask('What is the vault combination for the Heron archive?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(panel.turns().nth(0).getByTestId('ask-answer')).toContainText('7-4-1-9');
  const chip = panel.verifiedCitations(0).first();
  await expect(chip).toHaveAttribute('data-part', String(holding.id));
  await expect(chip).toHaveAttribute('title', `“${fact}”`);
  const [call] = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(call!.promptTokens).toBeLessThanOrEqual(document!.tokens / 10);
});

test('on a model that caches prompts, the document is the marked prefix of every turn: the follow-up reads it from the cache and the panel shows the saving', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect(undefined, 'sim-cache');
  const { tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await panel.ask('Why emit a standalone Wasm file from Emscripten?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  // The first turn writes the cache: nothing read from it yet.
  await expect(panel.turns().nth(0).getByTestId('ask-cached')).toHaveCount(0);
  await panel.ask('What does the _start function do in WASI runtimes?');
  await expect(panel.turns().nth(1)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  const chats = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(chats.map((chat) => [chat.model, chat.cacheControl])).toEqual([
    ['sim-cache', true],
    ['sim-cache', true],
  ]);
  const turn = (await readConversation(ext, tabId))!.turns[1]!;
  const { document } = (await readConversation(ext, tabId))!;
  // The whole document, and the instructions before it, came from the cache.
  expect(turn.cachedTokens).toBeGreaterThan(document!.tokens);
  expect(turn.cachedTokens).toBeLessThan(chats[1]!.promptTokens);
  expect(turn.saved).toBeCloseTo(turn.cachedTokens! * (3e-6 - 3e-7), 10);
  await expect(panel.turns().nth(1).getByTestId('ask-cached')).toHaveText(`${turn.cachedTokens!.toLocaleString('en-US')} tokens of the document read from the cache, saving $${turn.saved!.toFixed(turn.saved! < 0.01 ? 4 : 2)}`);
});

test('"search the whole document" asks the cost first, then reads every part once and answers from the parts that held something', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect(undefined, 'sim-tiny');
  const { tabId } = await openPopupFor(site.url('/corpus/pages/wikipedia/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  const { document } = (await readConversation(ext, tabId))!;
  const total = document!.parts.length;
  await panel.ask('What are MozCamps and whom do these camps bring together?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const chats = async () => (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));

  // The cost question: nothing is sent until the person says yes; Cancel sends nothing.
  await panel.page.getByTestId('ask-search-whole').click();
  const confirm = panel.page.getByTestId('ask-whole-confirm');
  await expect(confirm).toContainText(new RegExp(`^Searching all ${total} parts takes (\\d+) requests, about [\\d,]+ tokens \\(\\$\\d+\\.\\d+\\)\\. Go ahead\\?`));
  const calls = Number(/takes (\d+) requests/.exec(await confirm.innerText())![1]);
  expect(calls).toBeGreaterThan(2);
  // Beside the cost, what the binding budget has left: the figure the panel's meter shows.
  const left = /\$\d+\.\d{2,4}/.exec((await panel.page.getByTestId('budget-left').innerText()) ?? '')![0];
  await expect(panel.page.getByTestId('ask-whole-left')).toHaveText(`You have ${left} left.`);
  await panel.page.getByTestId('ask-whole-cancel').click();
  await expect(confirm).toHaveCount(0);
  expect(await chats()).toHaveLength(1);

  await panel.page.getByTestId('ask-search-whole').click();
  await panel.page.getByTestId('ask-whole-go').click();
  await expect(panel.turns().nth(1)).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const sent = (await chats()).slice(1);
  expect(sent).toHaveLength(calls);
  const partsOf = (entry: { requestMessages: unknown }) => [...(entry.requestMessages as { content: string }[])[1]!.content.matchAll(/<part id="(\d+)">/g)].map((m) => Number(m[1]));
  // Every part read exactly once, in order, by the map calls; all of one conversation.
  expect(sent.slice(0, -1).flatMap(partsOf)).toEqual(document!.parts.map((p) => p.id));
  for (const entry of sent) expect(entry.sessionId).toBe(sent[0]!.sessionId);
  const turn = (await readConversation(ext, tabId))!.turns[1]!;
  expect(turn.whole).toBe(true);
  expect(partsOf(sent.at(-1)!)).toEqual(turn.usedParts);
  const answering = document!.parts.find((part) => part.text.includes('MozCamps are the critical part'))!.id;
  expect(turn.usedParts).toContain(answering);
  await expect(panel.turns().nth(1).getByTestId('ask-used-parts')).toHaveText(`Searched all ${total} parts; answered from parts ${turn.usedParts.join(', ')}`);
  // The turn's cost is that of every call it made.
  expect(turn.cost).toBeCloseTo(sent.reduce((sum, entry) => sum + entry.cost, 0), 8);
});

test('a policy cap on parts per job: searching the whole document is refused with its sentence before the cost is asked, and nothing is sent', async ({ openPopupFor, connect, site, ext, gateway, policy }) => {
  await policy.set({ maxPartsPerJob: 2 });
  await connect(undefined, 'sim-tiny');
  const { tabId } = await openPopupFor(site.url('/corpus/pages/wikipedia/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await panel.ask('What are MozCamps?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await panel.page.getByTestId('ask-search-whole').click();
  const refused = panel.page.getByTestId('ask-whole-refused');
  await expect(refused.getByTestId('problem')).toHaveAttribute('data-kind', 'too_many_parts');
  await expect(refused).toContainText(/it would take \d+ parts, one request each, and your organization allows at most 2 per job\. Select the part you need and use the selection instead\./);
  await expect(panel.page.getByTestId('ask-whole-confirm')).toHaveCount(0);
  expect((await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'))).toHaveLength(1);
  await refused.getByTestId('ask-whole-cancel').click();
  await expect(refused).toHaveCount(0);
});

test('suggested first questions come only when the person asks for them, once however often asked, and one click puts one in the box', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  const chats = async () => (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  // Opening the panel and reading the page cost nothing.
  await expect(panel.page.getByTestId('ask-suggest')).toBeVisible();
  expect(await chats()).toHaveLength(0);

  // Asked again while the first is on its way (the disabled button aside, as a second panel would):
  // the worker makes no second, paid call.
  await gateway.control.faults({ ttftMs: 1500 });
  await panel.page.getByTestId('ask-suggest').click();
  await expect(panel.page.getByTestId('ask-suggest')).toBeDisabled();
  const model = await panel.page.getByTestId('model').inputValue();
  const again = await panel.page.evaluate(
    ({ tab, model }) => chrome.runtime.sendMessage({ id: 1, type: 'sidepanel.suggest', data: { tabId: tab, model }, timestamp: Date.now() }) as Promise<{ res?: unknown }>,
    { tab: tabId, model },
  );
  expect(again.res).toEqual({ problem: null });
  await gateway.control.faults({ ttftMs: 0 });
  const suggestions = panel.page.getByTestId('ask-suggestion');
  await expect(suggestions).toHaveCount(3, { timeout: 20_000 });
  for (const text of await suggestions.allInnerTexts()) expect(text).toMatch(/^What does the document say about \S+\?$/);
  await expect(panel.page.getByTestId('ask-suggest')).toHaveCount(0);
  const [call] = await chats();
  expect(await chats()).toHaveLength(1);
  expect(call!.tags).toContain('gateway-assistant:ask');
  const { sessionId } = (await readConversation(ext, tabId))!;
  expect(call!.sessionId).toBe(sessionId);

  const picked = await suggestions.nth(0).innerText();
  await suggestions.nth(0).click();
  await expect(panel.page.getByTestId('ask-input')).toHaveValue(picked);
  await panel.page.getByTestId('ask-input').press('Enter');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(panel.turns().nth(0).getByTestId('ask-question')).toHaveText(picked);
  // The conversation's total counts the suggestions too.
  const conversation = (await readConversation(ext, tabId))!;
  const total = conversation.suggestions!.cost! + conversation.turns[0]!.cost!;
  await expect(panel.totalCost()).toContainText(`$${total.toFixed(total < 0.01 ? 4 : 2)}`);
});

test('"Turn into a ticket" drafts a Jira ticket from the conversation, tagged jira-draft, and shows the draft in the panel', async ({ openPopupFor, connect, site, ext, gateway }) => {
  await connect();
  const { page, tabId } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  // Nothing to draft from before an answer is finished.
  await expect(panel.turnIntoTicketButton()).toHaveCount(0);
  const question = 'Why emit a standalone Wasm file from Emscripten?';
  await panel.ask(question);
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const { answer } = (await readConversation(ext, tabId))!.turns[0]!;

  await panel.turnIntoTicket();
  const ticket = panel.ticket();
  await expect(ticket.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(ticket.job()).toHaveAttribute('data-feature', 'jira-draft');
  await expect(ticket.ticketSummary()).not.toHaveValue('');
  await expect(ticket.ticketType()).toBeVisible();

  const chats = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(chats).toHaveLength(2);
  const draftCall = chats[1]!;
  expect(draftCall.tags).toContain('gateway-assistant:jira-draft');
  expect(draftCall.tags).not.toContain('gateway-assistant:ask');
  // The worker's own Markdown of the conversation: the question, the answer, its citations as quotes.
  const prompt = (draftCall.requestMessages as { content: string }[]).map((m) => m.content).join('\n');
  expect(prompt).toContain('conversation about a web page');
  expect(prompt).toContain(`**Question:** ${question}`);
  expect(prompt).toContain(answer.trim());
  expect(prompt).toMatch(/^> \[\d+\] \S/m);

  // Regenerate drafts again from the conversation, not from the page.
  const first = ticket.job();
  const firstId = await first.getAttribute('data-job-id');
  await ticket.regenerate();
  await expect(first).not.toHaveAttribute('data-job-id', firstId!);
  await expect(first).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const again = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  expect(again).toHaveLength(3);
  expect((again[2]!.requestMessages as { content: string }[]).map((m) => m.content).join('\n')).toContain(`**Question:** ${question}`);

  // The tab moved to another page: its conversation went with it, so there is nothing to redraft
  // from. The panel says so, and nothing is drafted from the new page.
  await page.goto(site.url('/corpus/pages/mozilla-1/source.html'));
  await expect(panel.page.getByTestId('ask-empty')).toBeVisible({ timeout: 20_000 });
  await ticket.regenerate();
  await expect(first).toHaveAttribute('data-status', 'error');
  await expect(ticket.problem()).toHaveAttribute('data-kind', 'no_conversation');
  await expect(ticket.problem()).toContainText('no finished answer');
  expect((await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'))).toHaveLength(3);
});
