/**
 * Issue #4 and #17 figures: extraction quality on every corpus page, and extraction time, in a
 * real Chromium tab, run the way the background runs it (the built /extract.js injected with
 * chrome.scripting). Recall and precision are lib/extract/quality.ts's, the same the end-to-end
 * test holds to.
 *
 * Time is the first injection into a freshly loaded tab (what a click costs), five runs, each
 * beside a baseline measured in the same run on the same freshly loaded page: an injected
 * `document.body.innerText`, the browser's own walk over the visible text, so the figure can be
 * read against this machine's speed at that moment. Beside the wall time, the tab's main-thread
 * CPU time over the same injection (Chromium's ThreadTime metric): on a machine shared with
 * other work, wall time also counts the waits for a core, CPU time does not.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from '../dev/harness/chromium';
import { expectedText, openCorpusPage } from '../dev/harness/corpus-extraction';
import { corpusDir, repoRoot } from '../dev/harness/paths';
import { startStaticServer, type StaticServer } from '../dev/harness/static-server';
import { extractionQuality } from '../lib/extract/quality';

const RUNS = 5;
/** The large page: as many elements as the 200,000-node page. */
const LARGE_ELEMENTS = 200_000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}`;

type Injected = { ms: number; text: string; method: string };

function injectExtractor(ext: ExtensionBrowser, tabId: number): Promise<Injected> {
  return ext.worker.evaluate(async (id) => {
    const start = performance.now();
    const [injection] = await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/extract.js'] });
    const result = injection?.result as { text: string; method: string };
    return { ms: performance.now() - start, text: result.text, method: result.method };
  }, tabId);
}

function injectBaseline(ext: ExtensionBrowser, tabId: number): Promise<number> {
  // A string, not a function: tsx's helpers would not exist in the worker for the nested func.
  return ext.worker.evaluate(`(async () => {
    const start = performance.now();
    await chrome.scripting.executeScript({ target: { tabId: ${tabId} }, func: () => document.body.innerText.length });
    return performance.now() - start;
  })()`) as Promise<number>;
}

/** The tab's main-thread CPU time so far, in ms. */
async function mainThreadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const seconds = metrics.find((metric) => metric.name === 'ThreadTime')?.value;
  if (seconds === undefined) throw new Error('Chromium reported no ThreadTime metric');
  return seconds * 1000;
}

/** Runs `inject` and returns its result with the main-thread CPU time it cost the tab. */
async function withCpu<T>(cdp: CDPSession, inject: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const before = await mainThreadMs(cdp);
  const result = await inject();
  return { result, cpu: (await mainThreadMs(cdp)) - before };
}

/** Loads `url` afresh for each measure, so every figure is a first injection. */
async function timeFirstInjections(ext: ExtensionBrowser, url: string, prepare?: (page: Page) => Promise<void>) {
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const extractor: number[] = [];
  const extractorCpu: number[] = [];
  const baseline: number[] = [];
  const baselineCpu: number[] = [];
  let last: Injected | null = null;
  try {
    for (let i = 0; i < RUNS; i++) {
      await page.goto(url);
      await prepare?.(page);
      const tab = await tabIdOf(ext, page.url());
      const base = await withCpu(cdp, () => injectBaseline(ext, tab));
      baseline.push(base.result);
      baselineCpu.push(base.cpu);
      await page.goto(url);
      await prepare?.(page);
      const extracted = await withCpu(cdp, async () => injectExtractor(ext, await tabIdOf(ext, page.url())));
      last = extracted.result;
      extractor.push(last.ms);
      extractorCpu.push(extracted.cpu);
    }
  } finally {
    await cdp.detach();
    await page.close();
  }
  return { extractor, extractorCpu, baseline, baselineCpu, last: last! };
}

function printTiming(label: string, t: Awaited<ReturnType<typeof timeFirstInjections>>): void {
  const ratio = median(t.extractor) / median(t.baseline);
  console.log(
    `${label}: extraction ${median(t.extractor).toFixed(0)} ms (spread ${spread(t.extractor)}), baseline innerText ${median(t.baseline).toFixed(0)} ms (spread ${spread(t.baseline)}), ratio ${ratio.toFixed(2)}×, ${t.last.text.length.toLocaleString('en')} chars via ${t.last.method}`,
  );
  console.log(`  tab main-thread CPU: extraction ${median(t.extractorCpu).toFixed(0)} ms (spread ${spread(t.extractorCpu)}), baseline innerText ${median(t.baselineCpu).toFixed(0)} ms (spread ${spread(t.baselineCpu)})`);
}

async function largePage(page: Page): Promise<void> {
  await page.evaluate((n) => {
    const sections = n / 4;
    const html: string[] = [];
    for (let i = 0; i < sections; i++) html.push(`<div><p>Part ${i} of the long report <b>says</b> <i>something</i>.</p></div>`);
    document.body.innerHTML = html.join('');
  }, LARGE_ELEMENTS);
}

async function main(): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const pagesDir = join(corpusDir, 'pages');
  const pages = readdirSync(pagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const site: StaticServer = await startStaticServer();
  const ext = await launchWithExtension();
  const rows: { page: string; kb: number; recall: number; precision: number; ms: number }[] = [];
  try {
    for (const name of pages) {
      const expected = await expectedText(ext, site, name);
      const tabId = await openCorpusPage(ext, site, name);
      const first = await injectExtractor(ext, tabId);
      // Closed, so the timings below find their own freshly loaded tab for this URL, not this one.
      await ext.worker.evaluate((id) => chrome.tabs.remove(id), tabId);
      const quality = extractionQuality(first.text, expected);
      rows.push({ page: name, kb: statSync(join(pagesDir, name, 'source.html')).size / 1024, recall: quality.recall, precision: quality.precision, ms: first.ms });
    }

    const width = Math.max(...rows.map((r) => r.page.length));
    console.log(`${'page'.padEnd(width)}  ${'KB'.padStart(5)}  recall  precision  ${'ms'.padStart(6)}`);
    for (const r of rows) {
      console.log(`${r.page.padEnd(width)}  ${r.kb.toFixed(0).padStart(5)}  ${r.recall.toFixed(3).padStart(6)}  ${r.precision.toFixed(3).padStart(9)}  ${r.ms.toFixed(1).padStart(6)}`);
    }
    const mean = (key: 'recall' | 'precision') => rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
    console.log(`\nFirst injection per page: median ${median(rows.map((r) => r.ms)).toFixed(1)} ms, n=${rows.length} pages`);
    console.log(`Recall lowest ${Math.min(...rows.map((r) => r.recall)).toFixed(3)} (bar 0.95), mean ${mean('recall').toFixed(3)}; precision lowest ${Math.min(...rows.map((r) => r.precision)).toFixed(3)} (bar 0.90), mean ${mean('precision').toFixed(3)}`);

    console.log(`\nFirst injection into a freshly loaded tab, ${RUNS} runs, median (spread min–max):`);
    printTiming('wikipedia (target ≤ 150 ms)', await timeFirstInjections(ext, site.url('/corpus/pages/wikipedia/source.html')));
    printTiming(`generated page, ${LARGE_ELEMENTS.toLocaleString('en')} elements`, await timeFirstInjections(ext, site.url('/test/empty.html'), largePage));
  } finally {
    await ext.close();
    await site.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
