/**
 * Issue #3 figures: popup JavaScript size (gzipped) against a bare React popup built the same
 * way, popup open → budget and Summarize visible, extension overhead to the first token, and
 * extraction time on the largest corpus page.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startGateway } from '../dev/gateway/server';
import { simControl } from '../dev/gateway/control';
import { launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { corpusDir, extensionDir, repoRoot } from '../dev/harness/paths';
import { startStaticServer } from '../dev/harness/static-server';

const RUNS = 20;
const TTFT_MS = 300;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Scripts a page loads: the HTML's module script and its static imports (Vite writes modulepreload links). */
function pageScripts(dir: string, html: string): string[] {
  const text = readFileSync(join(dir, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => join(dir, m[1]!));
}

function gzippedKb(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of new Set(files)) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

function bareReactPopupSize(): { raw: number; gzip: number } {
  const dir = mkdtempSync(join(repoRoot, '.bench-hello-'));
  try {
    mkdirSync(join(dir, 'entrypoints/popup'), { recursive: true });
    writeFileSync(join(dir, 'wxt.config.ts'), "import { defineConfig } from 'wxt';\nexport default defineConfig({ modules: ['@wxt-dev/module-react'], manifest: { name: 'hello', version: '0.0.1' } });\n");
    writeFileSync(join(dir, 'entrypoints/popup/index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>');
    writeFileSync(join(dir, 'entrypoints/popup/main.tsx'), "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<p>hello</p>);\n");
    execFileSync('npx', ['wxt', 'build', dir], { cwd: repoRoot, stdio: 'ignore' });
    const out = join(dir, '.output/chrome-mv3');
    return gzippedKb(pageScripts(out, 'popup.html'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function largestCorpusPage(): string {
  const pages = readdirSync(join(corpusDir, 'pages')).filter((p) => statSync(join(corpusDir, 'pages', p)).isDirectory());
  return pages.map((p) => ({ p, size: statSync(join(corpusDir, 'pages', p, 'source.html')).size })).sort((a, b) => b.size - a.size)[0]!.p;
}

async function main(): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const ours = gzippedKb(pageScripts(extensionDir, 'popup.html'));
  const bare = bareReactPopupSize();
  console.log(`Popup JS: ${ours.raw.toFixed(1)} KB raw, ${ours.gzip.toFixed(1)} KB gzip; bare React popup ${bare.gzip.toFixed(1)} KB gzip; ratio ${(ours.gzip / bare.gzip).toFixed(2)}×`);

  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const control = simControl(gateway.url);
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  try {
    await ext.worker.evaluate(async (url) => chrome.storage.local.set({ gatewayKey: 'sk-demo-5usd', settings: { gatewayUrl: url } }), gateway.url);
    const article = await ext.context.newPage();
    await article.goto(site.url('/corpus/pages/v8-blog/source.html'));
    const tabId = await tabIdOf(ext, article.url());
    const popupUrl = `chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`;

    const openTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const popup = await ext.context.newPage();
      const start = Date.now();
      await popup.goto(popupUrl, { waitUntil: 'commit' });
      await popup.getByTestId('budget-left').waitFor();
      await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
      openTimes.push(Date.now() - start);
      await popup.close();
    }
    console.log(`Popup open → budget and Summarize visible: median ${median(openTimes)} ms (min ${Math.min(...openTimes)}, max ${Math.max(...openTimes)}, n=${RUNS})`);

    await control.faults({ ttftMs: TTFT_MS });
    const popup = await ext.context.newPage();
    await popup.goto(popupUrl);
    await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
    const overheads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const painted = await popup.evaluate(
        () =>
          new Promise<number>((done) => {
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if (document.querySelector('[data-testid=answer]')?.textContent) {
                observer.disconnect();
                requestAnimationFrame(() => done(performance.now() - start));
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            (document.querySelector('[data-testid=summarize-page]') as HTMLButtonElement).click();
          }),
      );
      overheads.push(painted - TTFT_MS);
      await popup.locator('[data-testid=job][data-status=done]').waitFor({ timeout: 30_000 });
    }
    console.log(`Click → first token painted, minus the simulator's ${TTFT_MS} ms to first token: median ${median(overheads).toFixed(0)} ms (n=${RUNS})`);

    const largest = largestCorpusPage();
    const page = await ext.context.newPage();
    await page.goto(site.url(`/corpus/pages/${largest}/source.html`));
    const largestTab = await tabIdOf(ext, page.url());
    const extractTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      extractTimes.push(
        await ext.worker.evaluate(async (id) => {
          const start = performance.now();
          await chrome.scripting.executeScript({ target: { tabId: id }, files: ['/extract.js'] });
          return performance.now() - start;
        }, largestTab),
      );
    }
    console.log(`Extraction in the tab, largest corpus page (${largest}, ${(statSync(join(corpusDir, 'pages', largest, 'source.html')).size / 1024).toFixed(0)} KB): median ${median(extractTimes).toFixed(0)} ms (n=5)`);
  } finally {
    await ext.close();
    await site.close();
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
