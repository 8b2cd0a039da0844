/**
 * Issue #15 figure: 30 jobs across 30 tabs under `rpm_limit` 2 all finish, none stuck, in about
 * the time the limit allows. The simulator's rate window is RATE_WINDOW_S seconds instead of
 * LiteLLM's 60, so the run takes about a minute and a half; the figure scales with the window.
 * Allowed = (⌈jobs / rpm⌉ − 1) windows + one job's own time, measured alone first.
 */
import { startGateway } from '../dev/gateway/server';
import { simControl } from '../dev/gateway/control';
import { launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { startStaticServer } from '../dev/harness/static-server';
import { jobItems } from '../lib/storage/items';

const JOBS = 30;
const RPM = 2;
const RATE_WINDOW_S = 6;
const KEY = 'sk-demo-5usd';

async function main() {
  const gateway = await startGateway({ port: 0, batchWriteS: 0, rateWindowS: RATE_WINDOW_S });
  const control = simControl(gateway.url);
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  try {
    await ext.worker.evaluate(async (url) => chrome.storage.local.set({ gatewayKey: 'sk-demo-5usd', settings: { gatewayUrl: url } }), gateway.url);
    await ext.worker.evaluate(() => {
      const scope = globalThis as unknown as { rejections: number };
      scope.rejections = 0;
      self.addEventListener('unhandledrejection', () => (scope.rejections += 1));
    });
    const statusOf = (tabId: number) =>
      ext.worker.evaluate(async (key) => ((await chrome.storage.session.get(key))[key] as { status?: string } | undefined)?.status ?? 'none', jobItems.storageKey(tabId));

    const tabs: number[] = [];
    for (let i = 0; i <= JOBS; i++) {
      const page = await ext.context.newPage();
      await page.goto(`${site.url('/corpus/pages/v8-blog/source.html')}?tab=${i}`);
      tabs.push(await tabIdOf(ext, page.url()));
    }
    const start = async (tabId: number) => {
      const popup = await ext.context.newPage();
      await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
      await popup.locator('[data-testid=summarize-page]:not([disabled])').click();
      await popup.locator('[data-testid=job]').waitFor();
      await popup.close();
    };
    const untilSettled = async (ids: number[], deadline: number) => {
      for (;;) {
        const statuses = await Promise.all(ids.map(statusOf));
        if (statuses.every((s) => ['done', 'error', 'stopped', 'interrupted'].includes(s)) || Date.now() > deadline) return statuses;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };

    // One job alone, without a limit: its own time.
    const [alone, ...rest] = tabs as [number, ...number[]];
    const soloStart = Date.now();
    await start(alone);
    await untilSettled([alone], Date.now() + 60_000);
    const soloMs = Date.now() - soloStart;

    await control.keys({ key: KEY, rpm_limit: RPM });
    const began = Date.now();
    for (const tabId of rest) await start(tabId);
    const allowedMs = (Math.ceil(JOBS / RPM) - 1) * RATE_WINDOW_S * 1000 + soloMs;
    const statuses = await untilSettled(rest, began + allowedMs * 3);
    const wallMs = Date.now() - began;
    const done = statuses.filter((s) => s === 'done').length;
    const stuck = statuses.filter((s) => !['done', 'error', 'stopped', 'interrupted'].includes(s)).length;
    const rejections = await ext.worker.evaluate(() => (globalThis as unknown as { rejections: number }).rejections);
    const log = await control.log();
    console.log(`${JOBS} jobs under rpm_limit ${RPM} (window ${RATE_WINDOW_S} s): ${done} done, ${stuck} stuck, ${JOBS - done - stuck} failed; ${rejections} unhandled rejections`);
    console.log(`Wall time ${(wallMs / 1000).toFixed(1)} s; the limit allows ${(allowedMs / 1000).toFixed(1)} s (one job alone ${(soloMs / 1000).toFixed(1)} s); ratio ${(wallMs / allowedMs).toFixed(2)}`);
    console.log(`Gateway: ${log.filter((e) => e.status === 200).length - 1} answered, ${log.filter((e) => e.status === 429).length} refused with 429`);
    if (done !== JOBS || wallMs > allowedMs * 1.2) process.exitCode = 1;
  } finally {
    await ext.close();
    await site.close();
    await gateway.close();
  }
}

await main();
