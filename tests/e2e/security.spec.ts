/** Issue #3, proofs 5 and 6: the key stays in the background; model output cannot run or fetch. */
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
