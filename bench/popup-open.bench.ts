/**
 * Issue #17 figure: popup open → budget and Summarize in the DOM plus a frame, with the worker
 * warm and with it stopped, beside the bare React popup's first frame opened the same way, in
 * the same browser and run.
 *
 * How: Chromium is driven over a bare CDP pipe (raw-chromium.ts) with nothing attached to the
 * worker, since a worker Playwright is attached to never stops (mv3-facts §2). Each popup opens
 * in a new page target whose probe, installed before the document exists, notes performance.now()
 * (from the navigation's start) in the first animation frame after the condition holds. The
 * worker's running status comes from the ServiceWorker domain of a session on a web page (it
 * observes without attaching). "Cold": ServiceWorker.stopWorker, then the status is seen
 * `stopped` and the extension's process ended before the popup opens, and the status `running`
 * within 10 s after its paint (the popup's first message starts it; a Target closeTarget on the
 * worker was tried first and left it listed and running). The bare popup's cold open likewise
 * waits for its process to end. "Warm": the status is `running` (the previous open started it).
 *
 * The popup is popup.html opened in a tab; a click on the toolbar button opens no tab. The worker
 * no longer listens to tabs.onUpdated, so the tab's own loading does not wake it. The real toolbar
 * popup was tried (CDP Extensions.triggerAction opens it headless): its document stays hidden
 * (visibilityState "hidden", no paint entries), and it exists before anything can attach to it,
 * so its paint cannot be timed here.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { startGateway } from '../dev/gateway/server';
import { extensionDir } from '../dev/harness/paths';
import { startStaticServer } from '../dev/harness/static-server';
import { launchRawChromium, navigate, newRawPage, type RawChromium } from './raw-chromium';
import { ARTICLE, buildBareReactPopup, buildExtension, KEY, median, printFigure } from './support';

/**
 * Fifteen runs, not the other benches' five: an open takes 50–150 ms, and the baseline's own opens
 * spread over ±20 % from run to run on this machine (five gave 51–68 ms for the same bare page), so
 * a median of five moves by more than the 15 % the target allows. Overridable for a quick look.
 */
const RUNS = Number(process.env.POPUP_RUNS ?? 15);

/** An unpacked extension's ID: the SHA-256 of its absolute path, 32 hex digits mapped 0-f → a-p. */
function unpackedId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

/** Runs at document start: resolves `__benchPainted` with the time of the first frame once every selector matches. */
const probe = (selectors: string[]) => `(() => {
  if (location.protocol !== 'chrome-extension:') return;
  const selectors = ${JSON.stringify(selectors)};
  globalThis.__benchPainted = new Promise((resolve) => {
    const check = () => {
      if (!selectors.every((s) => document.querySelector(s))) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now()));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true });
  });
})();`;

/**
 * This browser's renderer processes that host extensions (pids). SystemInfo lists the browser's own
 * processes; /proc says which renderers were started for an extension (Linux, as the bench runs).
 */
async function extensionProcesses(browser: RawChromium): Promise<number[]> {
  const { processInfo } = (await browser.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  return processInfo
    .filter((p) => p.type === 'renderer')
    .map((p) => p.id)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--extension-process');
      } catch {
        return false; // exited meanwhile
      }
    });
}

/**
 * Waits until at most `count` extension processes are left; false after `timeoutMs`. A cold open
 * starts its extension's process: Chrome ends it a moment after the last page or worker in it, and
 * a popup opened before then finds it running (measured: the bare popup "with no page of it open"
 * always did).
 */
async function processesEnded(browser: RawChromium, count: number, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; (await extensionProcesses(browser)).length > count; waited += 50) {
    if (waited >= timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** `beforeClose`: what must happen while the page is still open (the cold popup's first message starting the worker). */
async function timeToPaint(browser: RawChromium, url: string, selectors: string[], beforeClose?: () => Promise<void>): Promise<number> {
  const page = await newRawPage(browser);
  try {
    await browser.send('Page.addScriptToEvaluateOnNewDocument', { source: probe(selectors) }, page.sessionId);
    await navigate(browser, page, url);
    const ms = await page.evaluate<number | undefined>('globalThis.__benchPainted');
    if (typeof ms !== 'number') throw new Error(`no paint probe in ${url}`);
    await beforeClose?.();
    return ms;
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  buildExtension();
  const bare = buildBareReactPopup();
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const site = await startStaticServer();
  const browser = await launchRawChromium([extensionDir, bare.dir]);
  try {
    // The worker's state comes from the ServiceWorker domain of a session on the article (a web
    // page): it reports each version's running status without attaching to the worker.
    const article = await newRawPage(browser);
    await navigate(browser, article, site.url(ARTICLE));
    const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
    const statusChanged: (() => void)[] = [];
    browser.on('ServiceWorker.workerVersionUpdated', (p) => {
      for (const v of p.versions as { versionId: string; scriptURL: string; runningStatus: string }[]) versions.set(v.versionId, v);
      for (const notify of statusChanged.splice(0)) notify();
    });
    const ourVersion = () => [...versions.entries()].find(([, v]) => v.scriptURL.endsWith('/background.js'));
    /** Resolves once our worker's running status is `status` (every change is an event; none is missed). */
    const workerStatus = async (status: string) => {
      while (ourVersion()?.[1].runningStatus !== status) await new Promise<void>((notify) => statusChanged.push(notify));
    };
    await browser.send('ServiceWorker.enable', {}, article.sessionId);
    await workerStatus('running');
    const extensionId = new URL(ourVersion()![1].scriptURL).host;
    const isRunning = () => ourVersion()?.[1].runningStatus === 'running';
    const stopWorker = async () => {
      await browser.send('ServiceWorker.stopWorker', { versionId: ourVersion()![0] }, article.sessionId);
      await workerStatus('stopped');
    };

    /** Stops the worker until its process ends: a message from the pages just closed (the popup's, the side panel's) may still wake it. */
    const stopWorkerAndProcess = async () => {
      for (let attempt = 1; ; attempt++) {
        await stopWorker();
        if (await processesEnded(browser, 0, 3_000)) return;
        if (attempt === 3) throw new Error("our extension's process did not end after three stops");
      }
    };

    const setup = await newRawPage(browser);
    await navigate(browser, setup, `chrome-extension://${extensionId}/offscreen.html`);
    const tabId = await setup.evaluate<number>(`(async () => {
      await chrome.storage.local.set({ gatewayKey: ${JSON.stringify(KEY)}, settings: { gatewayUrl: ${JSON.stringify(gateway.url)} } });
      return (await chrome.tabs.query({ url: ${JSON.stringify(site.url(ARTICLE))} }))[0].id;
    })()`);
    await setup.close();

    const popupUrl = `chrome-extension://${extensionId}/popup.html?tabId=${tabId}`;
    const ready = ['[data-testid=budget-left]', '[data-testid=summarize-page]:not([disabled])'];
    const bareUrl = `chrome-extension://${unpackedId(bare.dir)}/popup.html`;
    // The side panel (issue #17 sets it no target; timed so its open is on record beside the popup's):
    // opened as a tab on the same page, ready when its panel and budget are in the DOM.
    const sidePanelUrl = `chrome-extension://${extensionId}/sidepanel.html?tabId=${tabId}`;
    const sidePanelReady = ['[data-testid=ask-panel]', '[data-testid=budget-left]'];
    const times = { bareWarm: [] as number[], bareCold: [] as number[], warm: [] as number[], cold: [] as number[], sidePanel: [] as number[] };
    // The first round reads everything from disk and is not counted.
    for (let run = 0; run <= RUNS; run++) {
      // The bare popup has no worker to keep its extension's process up: opened once with another
      // of its pages open (process running, as ours is with a warm worker) and once with none.
      const keeper = await newRawPage(browser);
      await navigate(browser, keeper, bareUrl);
      const bareWarmMs = await timeToPaint(browser, bareUrl, ['#root p']);
      await keeper.close();
      // Ours stays: its worker is running.
      if (!(await processesEnded(browser, 1, 10_000))) throw new Error("the bare popup's process did not end within 10 s");
      const bareColdMs = await timeToPaint(browser, bareUrl, ['#root p']);
      // Each open starts from a settled browser: the bare popup's process, just left with no page,
      // is let end before ours opens rather than exiting during its open.
      if (!(await processesEnded(browser, 1, 10_000))) throw new Error("the bare popup's process did not end within 10 s");
      if (!isRunning()) throw new Error('the worker is not running before a warm open');
      const warmMs = await timeToPaint(browser, popupUrl, ready);
      const sidePanelMs = await timeToPaint(browser, sidePanelUrl, sidePanelReady);
      await stopWorkerAndProcess();
      if (isRunning()) throw new Error('the worker is running before a cold open');
      // The popup paints from storage and wakes the worker only after that paint (its first message),
      // so it stays open until then (closing its tab wakes nothing: the worker has no tabs.onRemoved).
      const coldMs = await timeToPaint(browser, popupUrl, ready, async () => {
        const started = await Promise.race([workerStatus('running').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
        if (!started) throw new Error('the cold open did not start the worker within 10 s');
      });
      if (run === 0) continue;
      times.bareWarm.push(bareWarmMs);
      times.bareCold.push(bareColdMs);
      times.warm.push(warmMs);
      times.cold.push(coldMs);
      times.sidePanel.push(sidePanelMs);
      console.log(`  run ${run}: bare ${bareWarmMs.toFixed(1)} ms with a page of it open, ${bareColdMs.toFixed(1)} ms with none; ours warm ${warmMs.toFixed(1)} ms, cold ${coldMs.toFixed(1)} ms; side panel ${sidePanelMs.toFixed(1)} ms`);
    }
    const bareWarm = { label: "bare React popup's first frame, another page of it open", values: times.bareWarm };
    const bareCold = { label: "bare React popup's first frame, no page of it open and its process ended", values: times.bareCold };
    printFigure('Popup open → budget and Summarize + a frame, worker warm', times.warm, bareWarm, '≤ 1.15×');
    printFigure('Popup open → budget and Summarize + a frame, worker stopped (status seen stopped and its process ended; started by the open)', times.cold, bareCold, '≤ 1.15×');
    console.log(`  the same cold figure against the bare popup with a page of it open: ${(median(times.cold) / median(times.bareWarm)).toFixed(2)}×`);
    printFigure('Side panel open (as a tab) → its panel and budget + a frame, worker warm', times.sidePanel, bareWarm, 'none set by issue #17');
  } finally {
    await browser.close();
    await site.close();
    await gateway.close();
    bare.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
