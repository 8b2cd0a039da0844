/**
 * Issue #14: the built extension against the real LiteLLM proxy (dev/litellm), which routes to
 * the simulator as its OpenAI-compatible provider. It fails, not skips, when the proxy is not
 * installed: `bash dev/litellm/install.sh` (which .ci/run runs) installs it.
 */
import { type RealLiteLLM, startRealLiteLLM } from '../../dev/litellm/proxy';
import { expect, test } from './support/fixtures';
import { read, seed } from './support/state';

const ARTICLE = '/corpus/pages/ars-1/source.html';

let litellm: RealLiteLLM;
/** Every test awaits it, so a missing install fails each one with its message instead of skipping them. */
let started: Promise<RealLiteLLM>;

test.beforeAll(async ({ gateway }) => {
  test.setTimeout(120_000);
  started = startRealLiteLLM({ simulatorUrl: gateway.url });
  litellm = await started.catch(() => litellm);
});

test.afterAll(async () => {
  await litellm?.close();
});

test.beforeEach(async ({ ext }) => {
  await started;
  // The options page would store the same: LiteLLM's URL and, without a database, its master key.
  // Its /key/info answers 500 "Database not connected": the popup reads that as "budget not reported".
  await seed(ext, { key: litellm.masterKey, settings: { gatewayUrl: litellm.url, defaultModel: 'sim-fast' } });
});

test('summarizes a corpus page through the real LiteLLM: the answer streams and the cost shown is the one LiteLLM computed', async ({ openPopupFor, site, gateway, ext }) => {
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.summarizeButton()).toBeEnabled();
  // Slow chunks, so the popup can be seen mid-answer.
  await gateway.control.faults({ perChunkMs: 120 });
  await popup.summarize();

  const job = popup.job();
  await expect(job).toHaveAttribute('data-status', 'streaming', { timeout: 20_000 });
  const answer = popup.answer();
  await expect(answer).not.toBeEmpty();
  const partial = await answer.innerText();
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const full = await answer.innerText();
  expect(full.length).toBeGreaterThan(partial.length);

  // The simulator saw the call from LiteLLM (its master key, not the extension's key) as a stream.
  const upstream = (await gateway.control.log()).filter((entry) => entry.path === '/v1/chat/completions');
  expect(upstream).toHaveLength(1);
  expect(upstream[0]).toMatchObject({ status: 200, stream: true, model: 'sim-fast' });

  // LiteLLM's own figure for the streamed call, from its success callback (dev/litellm/cost_log.py).
  await expect.poll(() => litellm.costs().filter((c) => c.stream).length).toBe(1);
  const computed = litellm.costs().find((c) => c.stream)!;
  expect(computed.response_cost).toBeGreaterThan(0);
  expect(computed.prompt_tokens).toBe(upstream[0]!.promptTokens);

  const history = await read(ext, 'usage');
  expect(history?.at(-1)?.cost).toBeCloseTo(computed.response_cost, 12);
  const shown = computed.response_cost < 0.01 ? computed.response_cost.toFixed(4) : computed.response_cost.toFixed(2);
  await expect(popup.cost()).toContainText(`$${shown}`);
});

test('an upstream 429 injected in the simulator reaches the popup through LiteLLM as the rate-limit sentence', async ({ openPopupFor, site, gateway }) => {
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.summarizeButton()).toBeEnabled();
  await gateway.control.faults({ upstreamStatus: 429, times: 2 });
  await popup.summarize();
  // LiteLLM relays the provider's 429 without a retry-after header, so the extension waits its default minute.
  await expect(popup.rateLimitCountdown()).toContainText(/Rate limit reached\. Retrying in (5\d|60) s/);
  const relayed = (await gateway.control.log()).filter((entry) => entry.path === '/v1/chat/completions');
  expect(relayed.map((entry) => entry.status)).toEqual([429]);
  await popup.stop();
  await expect(popup.job()).toHaveAttribute('data-status', 'stopped');
});
