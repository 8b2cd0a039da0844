/**
 * Issue #17 figures for the worker: background.js raw size, and worker start (Chrome starting a
 * stopped worker and evaluating background.js until it answers a message), beside the same
 * extension built without any tokenizer code (wxt.config.ts, BENCH_WITHOUT_TOKENIZER), measured in
 * the same run. Pass the path of another build (`npm run bench -- worker /tmp/old/chrome-mv3`) to
 * add it as a third column, e.g. the build before the change.
 *
 * The worker is stopped over CDP (mv3-facts §3) and woken by a message from an extension page.
 * Playwright attaches to the restarted worker in both builds alike, so the figure includes that.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../dev/harness/chromium';
import { extensionDir, repoRoot } from '../dev/harness/paths';
import { buildExtension, median, RUNS, spread } from './support';


async function workerStart(extension: string): Promise<number[]> {
  const ext = await launchWithExtension({ extension });
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const times: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      // A message no listener answers: it settles once the new worker has started and dispatched it.
      const ms = await page.evaluate(async () => {
        const start = performance.now();
        await chrome.runtime.sendMessage({ bench: 'wake' }).catch(() => undefined);
        return performance.now() - start;
      });
      if (i > 0) times.push(ms); // the first start also reads the extension from disk
    }
    return times;
  } finally {
    await ext.close();
  }
}

const line = (label: string, times: number[]) => `${label.padEnd(34)} ${spread(times)}`;

async function main(): Promise<void> {
  buildExtension();
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, BENCH_WITHOUT_TOKENIZER: '1' } });
  const baselineDir = join(repoRoot, '.output-no-tokenizer/chrome-mv3');
  const builds: [string, string][] = [
    ['this build', extensionDir],
    ['baseline: without the tokenizer', baselineDir],
    ...(process.argv[2] ? [['other build: ' + process.argv[2], process.argv[2]] as [string, string]] : []),
  ];
  const kb = (dir: string) => statSync(join(dir, 'background.js')).size / 1024;
  for (const [label, dir] of builds) console.log(`background.js, ${label}: ${kb(dir).toFixed(1)} KB raw`);
  const starts: number[][] = [];
  for (const [label, dir] of builds) {
    starts.push(await workerStart(dir));
    console.log(line(`Worker start, ${label}:`, starts.at(-1)!));
  }
  console.log(`Worker start ratio, this build / baseline: ${(median(starts[0]!) / median(starts[1]!)).toFixed(2)}× (target ≤ 1.2×)`);
  console.log(`background.js ratio to the 250 KB target: ${(kb(extensionDir) / 250).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
