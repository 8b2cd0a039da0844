/** Issue #3, proof 3: closing the popup loses nothing; a worker stopped mid-answer is reported and Retry completes. */
import { expect, test } from './support/fixtures';
import { wakeWorker } from '../../dev/harness/chromium';
import { Popup } from './pages/popup';

const ARTICLE = '/corpus/pages/google-sre-book-1/source.html';

test('closing the popup mid-answer loses nothing: reopening shows the whole answer', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  await gateway.control.faults({ perChunkMs: 40 });
  const { popup, tabId } = await openPopupFor(site.url(ARTICLE));
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'streaming');
  await expect(popup.answer()).not.toBeEmpty();
  await popup.close();

  await expect.poll(async () => (await gateway.control.log()).at(-1)?.status, { timeout: 30_000 }).toBe(200);
  const reopened = await Popup.open(ext, tabId);
  await expect(reopened.job()).toHaveAttribute('data-status', 'done');
  const [call] = (await gateway.control.log()).slice(-1);
  expect(call!.closedByClient).toBe(false);
  const shown = (await reopened.answer().innerText()).replace(/\s+/g, ' ');
  expect(shown.length).toBeGreaterThan(200);
  await expect(reopened.cost()).toBeVisible();
});

test('a worker stopped mid-answer: the partial text is marked interrupted, and Retry completes it', async ({ ext, openPopupFor, connect, site, gateway }) => {
  await connect();
  await gateway.control.faults({ perChunkMs: 150 });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.summarize();
  await expect(popup.answer()).not.toBeEmpty();

  const cdp = await ext.context.newCDPSession(popup.page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');

  await expect(popup.job()).toHaveAttribute('data-status', 'interrupted');
  await expect(popup.interruptedNote()).toBeVisible();
  const partial = await popup.answer().innerText();
  expect(partial.length).toBeGreaterThan(0);
  await expect.poll(async () => (await gateway.control.log()).at(-1)?.closedByClient).toBe(true);

  await gateway.control.faults({ perChunkMs: 0 });
  await wakeWorker(popup.page);
  await popup.retry();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  expect((await popup.answer().innerText()).length).toBeGreaterThan(partial.length);
});

test('Stop ends the request at the gateway and keeps the text so far', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  await gateway.control.faults({ perChunkMs: 150 });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.summarize();
  await expect(popup.answer()).not.toBeEmpty();
  // Past the job's first storage writes (about once a second, once the text has doubled): storage is behind the screen.
  await popup.page.waitForTimeout(2_000);
  const shown = (await popup.answer().textContent())!.length;
  await popup.stop();
  await expect(popup.job()).toHaveAttribute('data-status', 'stopped');
  // Everything shown before Stop stays: the stopped job is the run's own, not storage's older copy.
  expect((await popup.answer().textContent())!.length).toBeGreaterThanOrEqual(shown);
  await expect.poll(async () => (await gateway.control.log()).at(-1)?.closedByClient).toBe(true);
});
