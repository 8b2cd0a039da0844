/** Issue #6: a budget you can trust at a glance, cost per answer, and cost attributed by use case. */
import { createServer, request as forward, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../../dev/gateway/server';
import { simControl } from '../../dev/gateway/control';
import type { ExtensionBrowser } from '../../dev/harness/chromium';
import { Tab } from './pages/panel';
import type { Popup } from './pages/popup';
import { DEMO_KEY, expect, test } from './support/fixtures';
import { ageFigures, seed } from './support/state';

/** How long the popup trusts the figures it has (lib/background/status.ts, BUDGET_FRESH_MS). */
const A_MINUTE = 60_000;

const ARTICLES = ['/corpus/pages/v8-blog/source.html', '/corpus/pages/ars-1/source.html', '/corpus/pages/heise/source.html'];

const badge = (ext: ExtensionBrowser) =>
  ext.worker.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), color: await chrome.action.getBadgeBackgroundColor({}), title: await chrome.action.getTitle({}) }));

const dollars = async (popup: Popup) => Number(/\$(\d+\.\d+)/.exec(await popup.budgetLeft().innerText())![1]);

async function summarize(popup: Popup) {
  await expect(popup.summarizeButton()).toBeEnabled();
  await popup.runJob(() => popup.summarize());
}

test('as the budget runs down: a warning at 80 %, another at 95 %, then blocked until the reset; the badge follows', async ({ ext, openPopupFor, connect, site, gateway, policy }) => {
  await policy.set({ adminContact: 'it-help@example.com' });
  await connect();
  const steps = [
    { spend: 1, alert: null, badgeText: '$4', color: [26, 127, 55, 255] },
    { spend: 4.1, alert: 'used', percent: '80%', badgeText: '90¢', color: [179, 89, 0, 255] },
    { spend: 4.8, alert: 'used', percent: '95%', badgeText: '20¢', color: [179, 89, 0, 255] },
    { spend: 5, alert: 'exhausted', badgeText: '!', color: [198, 40, 40, 255] },
  ] as const;
  for (const step of steps) {
    await gateway.control.keys({ key: DEMO_KEY, spend: step.spend });
    // The spend moved at the gateway, a minute after the popup last asked.
    await ageFigures(ext, A_MINUTE);
    const { popup } = await openPopupFor(site.url(ARTICLES[0]!));
    await expect(popup.budgetLeft()).toContainText(`$${(5 - step.spend).toFixed(2)} left`);
    if (step.alert === null) {
      await expect(popup.budgetAlert()).toHaveCount(0);
    } else {
      await expect(popup.budgetAlert()).toHaveAttribute('data-kind', step.alert);
      if (step.alert === 'used') {
        await expect(popup.budgetAlert()).toContainText(step.percent);
        await popup.dismissBudgetAlert();
        await expect(popup.budgetAlert()).toHaveCount(0);
      } else {
        await expect(popup.budgetAlert()).toContainText(/resets .*\d/);
        await expect(popup.budgetAlert()).toContainText('it-help@example.com');
        await expect(popup.summarizeButton()).toBeDisabled();
        // Right-click on the page: the gateway refuses, and the in-page panel names whom to ask too.
        const tab = await Tab.open(ext, site.url(ARTICLES[1]!));
        await tab.rightClick('summarize@page');
        await expect(tab.panel.problem()).toHaveAttribute('data-kind', 'budget_exceeded');
        await expect(tab.panel.problem()).toContainText('it-help@example.com');
        await tab.close();
      }
    }
    await expect.poll(async () => (await badge(ext)).text).toBe(step.badgeText);
    const shown = await badge(ext);
    expect(shown.color).toEqual(step.color);
    expect(shown.title).toContain('Resets');
    await popup.close();
  }
  // Dismissed warnings stay dismissed for the period.
  await gateway.control.keys({ key: DEMO_KEY, spend: 4.2 });
  await ageFigures(ext, A_MINUTE);
  const { popup } = await openPopupFor(site.url(ARTICLES[0]!));
  await expect(popup.budgetLeft()).toContainText('$0.80 left');
  await expect(popup.budgetAlert()).toHaveCount(0);
});

test('after three answers the budget shown equals the gateway’s recorded spend to the cent, though /key/info lags 10 s', async ({ ext, openPopupFor, site }) => {
  const lagging = await startGateway({ port: 0, batchWriteS: 10 });
  try {
    const control = simControl(lagging.url);
    await seed(ext, { key: 'sk-demo-5usd', settings: { gatewayUrl: lagging.url } });
    let popup: Popup | undefined;
    for (const article of ARTICLES) {
      await popup?.close();
      // Each open refreshes from /key/info, which still has the old spend: the figure must not go back.
      ({ popup } = await openPopupFor(site.url(article)));
      await expect(popup.budgetLeft()).toContainText('$');
      await summarize(popup);
    }
    const charged = (await control.log()).reduce((sum, entry) => sum + entry.cost, 0);
    await expect.poll(() => dollars(popup!)).toBeCloseTo(5 - charged, 2);
    await expect(popup!.budget()).toContainText('estimated');

    await popup!.close();
    const { popup: reopened } = await openPopupFor(site.url(ARTICLES[0]!));
    await expect(reopened.budget()).not.toHaveAttribute('aria-busy');
    await reopened.page.waitForTimeout(500);
    expect(await dollars(reopened)).toBeCloseTo(5 - charged, 2);
  } finally {
    await lagging.close();
  }
});

test('a key that expires within a week is warned about; an RPM limit waits with a countdown, then succeeds', async ({ ext, openPopupFor, site }) => {
  const limited = await startGateway({ port: 0, batchWriteS: 0, rateWindowS: 4 });
  try {
    const control = simControl(limited.url);
    await control.keys({ key: 'sk-demo-rpm2', expires: new Date(Date.now() + 3 * 86_400_000).toISOString() });
    await seed(ext, { key: 'sk-demo-rpm2', settings: { gatewayUrl: limited.url } });
    const { popup } = await openPopupFor(site.url(ARTICLES[0]!));
    await expect(popup.budgetAlert()).toHaveAttribute('data-kind', 'expiring');
    await summarize(popup);
    await summarize(popup);
    const before = await popup.job().getAttribute('data-job-id');
    await popup.summarize();
    await expect(popup.rateLimitCountdown()).toContainText(/Retrying in \d+ s/);
    await expect(popup.job()).not.toHaveAttribute('data-job-id', before!);
    await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    const statuses = (await control.log()).map((entry) => entry.status);
    expect(statuses).toEqual([200, 200, 429, 200]);
  } finally {
    await limited.close();
  }
});

test('every request of every feature carries its feature tag, the extension version and the user id', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  const { page, popup } = await openPopupFor(site.url(ARTICLES[1]!));
  await summarize(popup);
  await popup.runJob(() => popup.draftTicket());
  await page.bringToFront();
  await page.evaluate(() => {
    const range = document.createRange();
    range.selectNodeContents([...document.querySelectorAll('p')].find((p) => (p.textContent ?? '').length > 150)!);
    getSelection()!.addRange(range);
  });
  await popup.page.reload();
  await popup.runJob(() => popup.summarizeSelection());

  const version = await ext.worker.evaluate(() => chrome.runtime.getManifest().version);
  const log = await gateway.control.log();
  expect(log.map((e) => e.tags.find((t) => /:(summarize|summarize-selection|jira-draft)$/.test(t)))).toEqual([
    'gateway-assistant:summarize',
    'gateway-assistant:jira-draft',
    'gateway-assistant:summarize-selection',
  ]);
  for (const entry of log) {
    expect(entry.tags).toContain(`gateway-assistant:v${version}`);
    expect(entry.user).toBe('demo.user@example.com');
  }
});

test('a gateway that rejects client-side tags: one retry without them, remembered and shown in the settings', async ({ ext, openPopupFor, openOptions, site }) => {
  const strict = await startGateway({ port: 0, batchWriteS: 0, rejectClientsideMetadataTags: true });
  try {
    const control = simControl(strict.url);
    await seed(ext, { key: 'sk-demo-5usd', settings: { gatewayUrl: strict.url } });
    const { popup } = await openPopupFor(site.url(ARTICLES[0]!));
    await summarize(popup);
    await summarize(popup);
    expect((await control.log()).map((e) => e.status)).toEqual([400, 200, 200]);
    const options = await openOptions();
    await expect(options.tagsRejectedNote()).toBeVisible();
  } finally {
    await strict.close();
  }
});

test('a plain OpenAI-compatible gateway without /key/info: budget "not reported", summaries still work', async ({ ext, openPopupFor, site, gateway }) => {
  // Forwards everything to the simulator except LiteLLM's own /key/info, which it does not have.
  const plain = createServer((req, res) => {
    if (req.url?.startsWith('/key/info')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
      return;
    }
    const upstream = new URL(req.url ?? '/', gateway.url);
    req.pipe(
      forward(upstream, { method: req.method, headers: req.headers }, (answer: IncomingMessage) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }),
    );
  });
  await new Promise<void>((done) => plain.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    await seed(ext, { key: 'sk-demo-5usd', settings: { gatewayUrl: url } });
    const { popup } = await openPopupFor(site.url(ARTICLES[0]!));
    await expect(popup.budget()).toContainText('Budget not reported by this gateway');
    await summarize(popup);
    await expect(popup.cost()).toContainText('$');
    expect(await badge(ext)).toMatchObject({ text: '' });
  } finally {
    // Chromium keeps its connections alive; without this, close() would wait for them to time out.
    plain.closeAllConnections();
    await new Promise((done) => plain.close(done));
  }
});
