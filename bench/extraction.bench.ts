/**
 * Issue #4 figures: extraction quality and time on every corpus page, in a real Chromium tab,
 * run the way the background runs it (the built /extract.js injected with chrome.scripting).
 * Recall and precision are lib/extract/quality.ts's, the same the end-to-end test holds to.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../dev/harness/chromium';
import { blockRemoteRequests, expectedText, openCorpusPage } from '../dev/harness/corpus-extraction';
import { corpusDir, repoRoot } from '../dev/harness/paths';
import { startStaticServer } from '../dev/harness/static-server';
import { extractionQuality } from '../lib/extract/quality';

const RUNS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const pagesDir = join(corpusDir, 'pages');
  const pages = readdirSync(pagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

  const site = await startStaticServer();
  const ext = await launchWithExtension();
  await blockRemoteRequests(ext.context);
  const rows: { page: string; kb: number; recall: number; precision: number; ms: number }[] = [];
  try {
    for (const name of pages) {
      const expected = await expectedText(ext, site, name);
      const tabId = await openCorpusPage(ext, site, name);
      const runs: { ms: number; text: string }[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(
          await ext.worker.evaluate(async (id) => {
            const start = performance.now();
            const [injection] = await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/extract.js'] });
            return { ms: performance.now() - start, text: (injection?.result as { text: string }).text };
          }, tabId),
        );
      }
      const quality = extractionQuality(runs[0]!.text, expected);
      rows.push({ page: name, kb: statSync(join(pagesDir, name, 'source.html')).size / 1024, recall: quality.recall, precision: quality.precision, ms: median(runs.map((r) => r.ms)) });
    }
  } finally {
    await ext.close();
    await site.close();
  }

  const width = Math.max(...rows.map((r) => r.page.length));
  console.log(`${'page'.padEnd(width)}  ${'KB'.padStart(5)}  recall  precision  ${'ms'.padStart(6)}`);
  for (const r of rows) {
    console.log(`${r.page.padEnd(width)}  ${r.kb.toFixed(0).padStart(5)}  ${r.recall.toFixed(3).padStart(6)}  ${r.precision.toFixed(3).padStart(9)}  ${r.ms.toFixed(1).padStart(6)}`);
  }
  const times = rows.map((r) => r.ms);
  const slowest = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(`\nExtraction in the tab (median of ${RUNS} per page): median ${median(times).toFixed(1)} ms, max ${slowest.ms.toFixed(1)} ms (${slowest.page}), n=${rows.length} pages`);
  console.log(`Lowest recall ${Math.min(...rows.map((r) => r.recall)).toFixed(3)} (bar 0.95), lowest precision ${Math.min(...rows.map((r) => r.precision)).toFixed(3)} (bar 0.90)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
