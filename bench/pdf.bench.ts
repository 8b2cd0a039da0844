/**
 * Issue #4 figure: extraction time for the biggest corpus PDF, as the person waits for it — from
 * the Summarize click's job start to the end of reading (the tab fetching the file, the offscreen
 * document opening, pdf.js reading every page), in real Chromium with the built extension.
 * Also, for scale: opening the offscreen document alone, and pdf.js alone in Node.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { startGateway } from '../dev/gateway/server';
import { launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { corpusDir, repoRoot } from '../dev/harness/paths';
import { startStaticServer } from '../dev/harness/static-server';
import { readPdfText } from '../lib/pdf/read';

const RUNS = 3;
const KEY = 'sk-demo-5usd';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const figures = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)}, n=${values.length})`;

async function main(): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const pdfDir = join(corpusDir, 'pdf');
  const biggest = readdirSync(pdfDir)
    .filter((name) => name.endsWith('.pdf'))
    .map((name) => ({ name, bytes: statSync(join(pdfDir, name)).size }))
    .sort((a, b) => b.bytes - a.bytes)[0]!;

  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  const inBrowser: number[] = [];
  const opening: number[] = [];
  let pages = 0;
  try {
    await ext.worker.evaluate(async ({ url, key }) => chrome.storage.local.set({ gatewayKey: key, settings: { gatewayUrl: url } }), { url: gateway.url, key: KEY });
    const page = await ext.context.newPage();
    await page.goto(site.url(`/corpus/pdf/${biggest.name}`));
    const tabId = await tabIdOf(ext, page.url());
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    for (let run = 0; run < RUNS; run++) {
      await popup.getByTestId('summarize-page').waitFor({ state: 'visible' });
      // Times are the job's own (the background's clock): started, and first written after reading.
      const read = await popup.evaluate(
        (key) =>
          new Promise<{ ms: number; status: string }>((resolve) => {
            // Anonymous on purpose: tsx names named functions with a helper the page does not have.
            let settled = false;
            chrome.storage.onChanged.addListener((changes, area) => {
              const job = changes[key]?.newValue as { status: string; startedAt: number; updatedAt: number } | undefined;
              if (settled || area !== 'session' || !job || job.status === 'extracting') return;
              settled = true;
              resolve({ ms: job.updatedAt - job.startedAt, status: job.status });
            });
            (document.querySelector('[data-testid="summarize-page"]') as HTMLButtonElement).click();
          }),
        `job:${tabId}`,
      );
      if (read.status === 'error') throw new Error(`reading failed: ${await popup.getByTestId('problem').innerText()}`);
      inBrowser.push(read.ms);
      await popup.locator('[data-testid="job"]:is([data-status="done"], [data-status="confirm"])').waitFor({ timeout: 60_000 });
      if ((await popup.getByTestId('job').getAttribute('data-status')) === 'confirm') await popup.getByTestId('confirm-continue').click();
      await popup.locator('[data-testid="job"][data-status="done"]').waitFor({ timeout: 60_000 });
      pages = Number(/(\d+) pages/.exec(await popup.getByTestId('answer-source').innerText())?.[1] ?? 0);
    }
    for (let run = 0; run < RUNS; run++) {
      opening.push(
        await ext.worker.evaluate(async () => {
          const start = performance.now();
          await chrome.offscreen.createDocument({ url: '/offscreen.html', reasons: ['WORKERS' as chrome.offscreen.Reason], justification: 'benchmark' });
          const ms = performance.now() - start;
          await chrome.offscreen.closeDocument();
          return ms;
        }),
      );
    }
  } finally {
    await ext.close();
    await site.close();
    await gateway.close();
  }

  const data = readFileSync(join(pdfDir, biggest.name));
  const inNode: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await readPdfText(getDocument, new Uint8Array(data), () => undefined);
    inNode.push(performance.now() - start);
  }

  console.log(`Biggest corpus PDF: ${biggest.name}, ${(biggest.bytes / 1024).toFixed(0)} KB, ${pages} pages`);
  console.log(`Extraction in Chromium, click to text (tab fetch + offscreen document + pdf.js): ${figures(inBrowser)}, ${(median(inBrowser) / pages).toFixed(0)} ms/page`);
  console.log(`  of which opening the offscreen document: ${figures(opening)}`);
  console.log(`pdf.js alone in Node (legacy build, no worker): ${figures(inNode)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
