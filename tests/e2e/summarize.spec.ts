/** Issue #3, proofs 2 and 7: summarize a real page through the gateway, with the budget in view. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/fixtures';
import { corpusDir } from '../../dev/harness/paths';
import { readJob } from './support/state';

function dollars(text: string): number {
  const match = /\$(\d+(?:\.\d+)?)/.exec(text);
  if (!match) throw new Error(`no amount in ${text}`);
  return Number(match[1]);
}

test('first run: the popup says it is not connected and offers the settings', async ({ openPopupFor, site, ext }) => {
  const { popup } = await openPopupFor(site.url('/corpus/pages/ars-1/source.html'));
  await expect(popup.notConnected()).toBeVisible();
  const optionsOpened = ext.context.waitForEvent('page');
  await popup.openSettings();
  expect((await optionsOpened).url()).toContain('/options.html');
});

test('summarize streams a summary of the article, charges the budget and tags the request', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url('/corpus/pages/ars-1/source.html'));
  const left = popup.budgetLeft();
  await expect(left).toContainText('$');
  await expect(popup.budget()).not.toHaveAttribute('aria-busy');
  const before = dollars((await left.textContent()) ?? '');

  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  // The answer is built from the article's own sentences, not from the page's navigation.
  const answer = (await popup.answer().innerText()).replace(/\s+/g, ' ');
  const expected = readFileSync(join(corpusDir, 'pages/ars-1/expected.html'), 'utf8').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  const sentences = answer.split(/(?<=[.!?])\s+/).filter((s) => s.length > 40 && !s.includes('simulator'));
  expect(sentences.length).toBeGreaterThan(1);
  for (const sentence of sentences.slice(0, 3)) expect(expected).toContain(sentence.replace(/^[-•]\s*/, '').slice(0, 30));

  const log = await gateway.control.log();
  const call = log.filter((entry) => entry.path.endsWith('/chat/completions')).at(-1)!;
  expect(call.tags).toContain('gateway-assistant:summarize');
  expect(call.user).toBe('demo.user@example.com');
  expect(call.status).toBe(200);

  // The budget shown drops by exactly what the simulator charged.
  await expect(popup.cost()).toContainText('$');
  await expect.poll(async () => dollars((await left.textContent()) ?? '')).toBeCloseTo(before - call.cost, 2);
  expect(call.cost).toBeGreaterThan(0);
});

test("a closed tab's summary is not kept: it is gone once a popup opens on another tab", async ({ ext, openPopupFor, connect, site }) => {
  await connect();
  const closing = await openPopupFor(site.url('/corpus/pages/ars-1/source.html'));
  await closing.popup.summarize();
  await expect(closing.popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  expect(await readJob(ext, closing.tabId)).toMatchObject({ status: 'done' });
  await closing.page.close();

  // The worker clears what closed tabs left when a page connects (it listens to no tab closing).
  const next = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  await expect(next.popup.summarizeButton()).toBeEnabled();
  await expect.poll(() => readJob(ext, closing.tabId)).toBeUndefined();
});

test.describe('in Japanese', () => {
  test.use({ lang: 'ja' });

  test('the UI speaks Japanese and the Japanese article gets a Japanese summary', async ({ openPopupFor, connect, site, gateway }) => {
    await connect();
    const { popup } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
    await expect(popup.summarizeButton()).toHaveText('このページを要約');
    await popup.summarize();
    await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    const answer = await popup.answer().innerText();
    const japanese = answer.match(/[\u3040-\u30ff\u3400-\u9fff]/g)?.length ?? 0;
    expect(japanese / answer.replace(/\s/g, '').length).toBeGreaterThan(0.5);
    const [call] = (await gateway.control.log()).slice(-1);
    const system = (call!.requestMessages as { role: string; content: unknown }[]).find((m) => m.role === 'system');
    expect(JSON.stringify(system)).toContain('Japanese');
  });
});

test('summary options in the popup: length, form and language shape the request', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
  await popup.chooseSummaryOptions({ length: 'short', form: 'prose', language: 'en' });
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const system = JSON.stringify((await gateway.control.log()).at(-1)!.requestMessages);
  expect(system).toContain('3 to 5 key points');
  expect(system).toContain('no bullet list');
  expect(system).toContain('Write the summary in English');
  // The choice is remembered: a new popup shows it.
  const { popup: again } = await openPopupFor(site.url('/corpus/pages/ars-1/source.html'));
  await expect(again.summaryLength()).toHaveValue('short');
});
