/**
 * Issue #4: long documents are summarized whole (map-reduce when they do not fit the model),
 * with progress, a cost question before an expensive request, and Stop cancelling every call.
 */
import { SidePanel } from './pages/sidepanel';
import { expect, test } from './support/fixtures';
import { readJob } from './support/state';

const LONG_PAGE = '/corpus/pages/wikipedia/source.html';

const documentOf = (messages: unknown) => {
  const user = (messages as { role: string; content: string }[]).find((m) => m.role === 'user')!.content;
  return /<document>\n([\s\S]*)\n<\/document>/.exec(user)?.[1] ?? '';
};

test('a page longer than the model’s context is summarized in parts, each sent once, then combined; a question about it then carries that summary', async ({ openPopupFor, connect, site, gateway, ext }) => {
  await connect(undefined, 'sim-tiny');
  const { popup, tabId } = await openPopupFor(site.url(LONG_PAGE));
  await expect(popup.model()).toHaveValue('sim-tiny');
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const calls = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  const maps = calls.filter((c) => JSON.stringify(c.requestMessages).includes('Take notes on part'));
  const combines = calls.filter((c) => !maps.includes(c));
  expect(maps.length).toBeGreaterThan(2);
  // One job, one session in LiteLLM's logs (addendum §4): every part and the combine share its id.
  const jobId = await popup.job().getAttribute('data-job-id');
  expect(new Set(calls.map((c) => c.sessionId))).toEqual(new Set([jobId]));
  expect(combines.length).toBeGreaterThanOrEqual(1);
  for (const call of calls) expect(call.status).toBe(200);

  // Each part went once: no two map calls carry the same text, and none overlaps another.
  const parts = maps.map((c) => documentOf(c.requestMessages));
  expect(new Set(parts).size).toBe(parts.length);
  // The last call combined notes on every part.
  const final = JSON.stringify(combines.at(-1)!.requestMessages);
  const covered = new Set<number>();
  for (const match of final.matchAll(/Parts? (\d+)(?:–(\d+))? of (\d+)/g)) {
    for (let i = Number(match[1]); i <= Number(match[2] ?? match[1]); i++) covered.add(i);
  }
  expect(covered.size).toBe(maps.length);

  // The person is told what was covered and what it cost over all calls.
  await expect(popup.source()).toContainText(/words/);
  await expect(popup.cost()).toContainText(`${calls.length} calls`);

  // Ask (#11): the document does not fit, so a question goes with its most relevant parts and the
  // summary just made, inside its own data block; the panel says so.
  const summary = (await readJob(ext, tabId))!.text;
  const panel = await SidePanel.open(ext, tabId);
  await expect(panel.document()).toBeVisible({ timeout: 20_000 });
  await panel.ask('What does the page say about its main subject?');
  await expect(panel.turns().nth(0)).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(panel.turns().nth(0).getByTestId('ask-used-parts')).toContainText('and the summary you made earlier');
  const asked = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions') && entry.tags.includes('gateway-assistant:ask'));
  expect(asked).toHaveLength(1);
  const material = (asked[0]!.requestMessages as { content: string }[])[1]!.content;
  expect(material).toContain('A summary of the whole document, made earlier');
  expect(material).toContain(summary.trim().slice(0, 80));
});

test('progress shows the part being read while a long page is summarized', async ({ openPopupFor, connect, site, gateway }) => {
  await connect(undefined, 'sim-tiny');
  // Each part takes 2 s to answer, so the map stage stays on screen long enough for a person to read it.
  await gateway.control.faults({ ttftMs: 2_000 });
  const { popup } = await openPopupFor(site.url(LONG_PAGE));
  await popup.summarize();
  await expect(popup.progress()).toContainText(/part \d+ of \d+/i);
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
});

test('Stop cancels every request in flight', async ({ openPopupFor, connect, site, gateway }) => {
  await connect(undefined, 'sim-tiny');
  await gateway.control.faults({ ttftMs: 5_000 });
  const { popup } = await openPopupFor(site.url(LONG_PAGE));
  await popup.summarize();
  await expect(popup.progress()).toBeVisible();
  await popup.page.waitForTimeout(500);
  await popup.stop();
  await expect(popup.job()).toHaveAttribute('data-status', 'stopped');
  await expect
    .poll(async () => {
      const log = await gateway.control.log();
      return log.length > 1 && log.every((entry) => entry.status === 499 || entry.closedByClient);
    }, { timeout: 15_000 })
    .toBe(true);
});

test('an expensive request asks first; Cancel sends nothing, Continue runs it', async ({ openPopupFor, connect, site, gateway, policy }) => {
  // The organization asks above a hundredth of a cent: the long page on a priced model is above it.
  await policy.set({ costConfirmUsd: 0.0001 });
  await connect(undefined, 'sim-cache');
  const { popup } = await openPopupFor(site.url(LONG_PAGE));
  await popup.summarize();
  const confirm = popup.costQuestion();
  await expect(confirm).toContainText(/Estimated cost: about \$\d[\d.]* \(up to \$\d/);
  await popup.cancelForCost();
  await expect(popup.job()).toHaveAttribute('data-status', 'stopped');
  expect(await gateway.control.log()).toHaveLength(0);

  await popup.summarize();
  await popup.continueDespiteCost();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(popup.answer()).toContainText(/\w{4,}/);
  expect((await gateway.control.log()).length).toBeGreaterThan(0);
});

test('four map calls at once: the budget shown after the summary equals the gateway’s recorded spend to the cent', async ({ openPopupFor, connect, site, gateway }) => {
  await connect(undefined, 'sim-tiny');
  // Each part answers after 1.5 s, so the map calls overlap for sure.
  await gateway.control.faults({ ttftMs: 1_500 });
  const { popup } = await openPopupFor(site.url(LONG_PAGE));
  await expect(popup.budgetLeft()).toContainText('$5.00 left');
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const calls = (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));
  const spans = calls.map((entry) => ({ start: Date.parse(entry.time) - entry.latencyMs, end: Date.parse(entry.time) }));
  const mostAtOnce = Math.max(...spans.map((span) => spans.filter((other) => other.start <= span.start && span.start < other.end).length));
  expect(mostAtOnce).toBe(4);
  const charged = calls.reduce((sum, entry) => sum + entry.cost, 0);
  // Every call's cost reached the budget: none was lost to another call settling at the same time.
  await expect.poll(async () => Number(/\$(\d+\.\d+)/.exec(await popup.budgetLeft().innerText())![1])).toBeCloseTo(5 - charged, 2);
});
