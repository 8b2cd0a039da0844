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


/** A browser with `extension` loaded, ready to time one worker start at a time. */
async function workerStarter(extension: string): Promise<{ start(): Promise<number>; close(): Promise<void> }> {
  const ext = await launchWithExtension({ extension });
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
    const cdp = await ext.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    const start = async () => {
      await cdp.send('ServiceWorker.stopAllWorkers');
      // A message no listener answers: it settles once the new worker has started and dispatched it.
      return page.evaluate(async () => {
        const begin = performance.now();
        await chrome.runtime.sendMessage({ bench: 'wake' }).catch(() => undefined);
        return performance.now() - begin;
      });
    };
    await start(); // the first start also reads the extension from disk: not counted
    return { start, close: () => ext.close() };
  } catch (error) {
    await ext.close();
    throw error;
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
  // Every build's browser is open at once and each run times them in turn, so a change in the
  // machine's speed during the run (seen here: one build's starts at 25× another's, then not) falls
  // on all of them alike instead of on whichever was measured then.
  const starters: Awaited<ReturnType<typeof workerStarter>>[] = [];
  try {
    for (const [, dir] of builds) starters.push(await workerStarter(dir));
    const starts: number[][] = builds.map(() => []);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, starter] of starters.entries()) starts[i]!.push(await starter.start());
    }
    for (const [i, [label]] of builds.entries()) console.log(line(`Worker start, ${label}:`, starts[i]!));
    console.log(`Worker start ratio, this build / baseline: ${(median(starts[0]!) / median(starts[1]!)).toFixed(2)}× (target ≤ 1.2×)`);
  } finally {
    for (const starter of starters) await starter.close();
  }
  console.log(`background.js ratio to the 250 KB target: ${(kb(extensionDir) / 250).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
