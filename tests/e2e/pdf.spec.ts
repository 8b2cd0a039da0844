/**
 * Issue #4: a PDF open in Chrome's viewer and a Google Doc are summarized from their text; a
 * password-protected or scanned PDF gets its own sentence.
 *
 * The corpus PDF comes from the page server on 127.0.0.1, which the manifest has host access to;
 * the hand-made PDFs (dev/harness/make-pdf.ts), the intranet PDF and docs.google.com are served
 * by Playwright routes. Tests on those origins press the toolbar button (CDP, see below) for the
 * activeTab grant a person gives, and their session cookie is SameSite=Lax, the default most
 * sites get: what a fetch from the worker would have left out (lib/extract/tab-fetch.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExtensionBrowser, launchWithExtension, tabIdOf } from '../../dev/harness/chromium';
import { imageOnlyPdf, textPdf } from '../../dev/harness/make-pdf';
import { repoRoot } from '../../dev/harness/paths';
import { Popup } from './pages/popup';
import { expect, test } from './support/fixtures';
import { recordJob } from './support/state';

const en = JSON.parse(readFileSync(join(repoRoot, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const sentence = (key: string) => en[key]!.message;

/** Every reading progress the job went through, as the popup sees it in storage. */
async function recordProgress(popup: Popup, tabId: number) {
  const jobs = await recordJob(popup.page, tabId);
  return async () => (await jobs()).flatMap((job) => (job.progress ? [job.progress] : []));
}

async function summarize(popup: Popup): Promise<void> {
  await popup.summarize();
  const job = popup.job();
  await expect(job).toHaveAttribute('data-status', /^(done|error|confirm)$/, { timeout: 30_000 });
  if ((await job.getAttribute('data-status')) === 'confirm') await popup.continueDespiteCost();
  await expect(job).toHaveAttribute('data-status', /^(done|error)$/, { timeout: 60_000 });
}

const sentPrompts = async (log: () => Promise<{ path: string; requestMessages: unknown }[]>) =>
  (await log())
    .filter((entry) => entry.path.endsWith('/chat/completions'))
    .map((entry) => JSON.stringify(entry.requestMessages))
    .join('\n');

/**
 * The toolbar button, pressed for a tab as far as Chrome is concerned: CDP's
 * Extensions.triggerAction opens the action's popup and grants activeTab for the tab (seen here;
 * it needs --enable-unsafe-extension-debugging and a browser session, which Playwright's pipe gives).
 */
async function pressToolbarButton(ext: ExtensionBrowser, pageUrl: string): Promise<void> {
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tab = targetInfos.find((target) => target.url === pageUrl);
  if (!tab) throw new Error(`no tab target for ${pageUrl}`);
  await cdp.send('Extensions.triggerAction', { id: ext.extensionId, targetId: tab.targetId });
  await cdp.detach();
}

const withToolbarButton = test.extend({
  ext: async ({ gateway }, use) => {
    await gateway.control.reset();
    const ext = await launchWithExtension({ extraArgs: ['--enable-unsafe-extension-debugging'] });
    await use(ext);
    await ext.close();
  },
});

test('a PDF in Chrome’s viewer is summarized from its text, page by page', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup, tabId } = await openPopupFor(site.url('/corpus/pdf/tracemonkey.pdf'));
  // Nothing to apologize for before the person asks.
  await expect(popup.summarizeButton()).toBeEnabled();
  await expect(popup.problem()).toHaveCount(0);
  const progress = await recordProgress(popup, tabId);

  await summarize(popup);
  await expect(popup.job()).toHaveAttribute('data-status', 'done');
  const answer = await popup.answer().innerText();
  expect(answer).toMatch(/trace/i);
  expect(answer).toMatch(/TraceMonkey|JavaScript|just-in-time|compil/i);
  await expect(popup.source()).toContainText('14 pages');

  // The model was sent every page, each under its marker.
  const prompts = await sentPrompts(gateway.control.log);
  for (const page of [1, 7, 14]) expect(prompts).toContain(`## Page ${page}\\n\\n`);
  expect(prompts).toContain('Trace-based Just-in-Time Type Specialization');

  // Reading reported page n of 14 as it went.
  const reads = (await progress()).filter((p) => p.stage === 'read');
  expect(reads.length).toBeGreaterThan(0);
  expect(reads.every((p) => p.total === 14 && p.done >= 1 && p.done <= 14)).toBe(true);

  // The file was fetched a second time, to be read (the viewer's copy is out of reach), and the
  // offscreen reader is gone once done.
  expect(site.requests().filter((r) => r.url === '/corpus/pdf/tracemonkey.pdf').length).toBeGreaterThanOrEqual(2);
  await expect.poll(() => ext.worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] })).length)).toBe(0);
});

withToolbarButton('an intranet PDF behind a sign-in is read with the person’s session', async ({ ext, connect }) => {
  await connect();
  const pdfUrl = 'https://intranet.example/specs/ledger.pdf';
  // A session cookie as most sites set it: SameSite=Lax, which Chrome leaves out of the worker's requests.
  await ext.context.addCookies([{ name: 'session', value: 'signed-in', domain: 'intranet.example', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }]);
  const signedIn: boolean[] = [];
  await ext.context.route('https://intranet.example/**', async (route) => {
    const hasSession = ((await route.request().headerValue('cookie')) ?? '').includes('session=signed-in');
    signedIn.push(hasSession);
    if (!hasSession) return route.fulfill({ contentType: 'text/html', body: '<title>Sign in</title><form>Password</form>' });
    return route.fulfill({ contentType: 'application/pdf', body: textPdf([['Ledger migration plan', 'The ledger moves to the new database in March.'], ['Rollback: restore the nightly snapshot.']]) });
  });
  const page = await ext.context.newPage();
  await page.goto(pdfUrl);
  await pressToolbarButton(ext, pdfUrl);
  const popup = await Popup.open(ext, await tabIdOf(ext, pdfUrl));
  await summarize(popup);
  await expect(popup.job()).toHaveAttribute('data-status', 'done');
  await expect(popup.source()).toContainText('2 pages');
  expect(await popup.answer().innerText()).toMatch(/ledger|snapshot/i);
  expect(signedIn.length).toBeGreaterThanOrEqual(2);
  expect(signedIn.every(Boolean)).toBe(true);
});

test.describe('PDFs that cannot be summarized', () => {
  const cases = [
    { name: 'password-protected', file: 'locked.pdf', body: () => textPdf([['Quarterly figures, for the board only']], 'board-2026'), kind: 'pdf_encrypted', sentence: sentence('problem_pdf_encrypted') },
    { name: 'scanned (image only)', file: 'scan.pdf', body: imageOnlyPdf, kind: 'pdf_no_text', sentence: sentence('problem_pdf_no_text') },
  ];
  for (const { name, file, body, kind, sentence: expected } of cases) {
    test(`a ${name} PDF gets its own sentence and no request to the gateway`, async ({ ext, openPopupFor, connect, site, gateway }) => {
      await connect();
      const url = site.url(`/generated/${file}`);
      await ext.context.route(url, (route) => route.fulfill({ contentType: 'application/pdf', body: body() }));
      const { popup } = await openPopupFor(url);
      await summarize(popup);
      await expect(popup.job()).toHaveAttribute('data-status', 'error');
      await expect(popup.problem()).toHaveAttribute('data-kind', kind);
      await expect(popup.problem()).toContainText(expected);
      expect(await sentPrompts(gateway.control.log)).toBe('');
    });
  }

  test('a PDF that no longer downloads says it failed to load', async ({ ext, openPopupFor, connect, site }) => {
    await connect();
    const url = site.url('/generated/moved.pdf');
    let served = 0;
    // The tab got the file; by the time the person asks, the server no longer has it.
    await ext.context.route(url, (route) => (served++ === 0 ? route.fulfill({ contentType: 'application/pdf', body: textPdf([['Draft']]) }) : route.fulfill({ status: 404, body: 'gone' })));
    const { popup } = await openPopupFor(url);
    await summarize(popup);
    await expect(popup.problem()).toHaveAttribute('data-kind', 'pdf_page');
    await expect(popup.problem()).toContainText(sentence('problem_pdf_page'));
  });
});

const DOC_ID = '1qvF3Zx-release_plan';
const DOC_MARKDOWN = [
  '\uFEFF# Release plan for the billing service',
  '',
  'The billing service moves to the new ledger database in the third sprint of the quarter.',
  '',
  '![][image1]',
  '',
  '## Risks',
  '',
  'The nightly reconciliation job must finish before the ledger cut-over window closes at six.',
  'Customer invoices are frozen for two hours while the ledger migration runs.',
  '',
  `[image1]: <data:image/png;base64,${'iVBORw0KGgo'.repeat(400)}>`,
].join('\n');

withToolbarButton('a Google Doc is read through its export URL, under the activeTab grant and with the person’s session', async ({ ext, connect, gateway }) => {
  await connect();
  await ext.context.addCookies([{ name: 'SID', value: 'person-session', domain: 'docs.google.com', path: '/', secure: true, httpOnly: true, sameSite: 'Lax' }]);
  const exports: { url: string; cookie: string | null }[] = [];
  await ext.context.route('https://docs.google.com/**', async (route) => {
    const request = route.request();
    if (new URL(request.url()).pathname.endsWith('/export')) {
      exports.push({ url: request.url(), cookie: await request.headerValue('cookie') });
      return route.fulfill({ contentType: 'text/x-markdown; charset=utf-8', body: DOC_MARKDOWN });
    }
    // The editor draws on a canvas: the page itself has no text worth extracting.
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Release plan - Google Docs</title><canvas width="800" height="600"></canvas>' });
  });

  const docUrl = `https://docs.google.com/document/d/${DOC_ID}/edit?tab=t.0`;
  const page = await ext.context.newPage();
  await page.goto(docUrl);
  const visibleUrls = () => ext.worker.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.url));
  // Before the person asks, the extension cannot even see which page the tab shows.
  expect(await visibleUrls()).not.toContain(docUrl);
  await pressToolbarButton(ext, docUrl);
  await expect.poll(visibleUrls).toContain(docUrl);

  const popup = await Popup.open(ext, await tabIdOf(ext, docUrl));
  await summarize(popup);
  await expect(popup.job()).toHaveAttribute('data-status', 'done');

  expect(exports.map((e) => e.url)).toEqual([`https://docs.google.com/document/d/${DOC_ID}/export?format=md`]);
  expect(exports[0]!.cookie).toContain('SID=person-session');
  const answer = await popup.answer().innerText();
  expect(answer).toMatch(/ledger|reconciliation|invoices/);
  await expect(popup.source()).toContainText('Release plan');
  const prompts = await sentPrompts(gateway.control.log);
  expect(prompts).toContain('nightly reconciliation job');
  expect(prompts).not.toContain('base64');
});
