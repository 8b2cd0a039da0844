/**
 * What the issue #17 benchmarks share: five runs summarised as a median and a spread printed beside
 * a baseline measured in the same run, the extension launched against the simulator with a key and
 * a readable article tab, the popup opened on that tab, and the bare React popup the popup is
 * compared with. The machine is shared with other work, so only ratios within one run are
 * meaningful; every figure says so by standing beside its baseline.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { simControl, type SimControl } from '../dev/gateway/control';
import { type RunningGateway, startGateway } from '../dev/gateway/server';
import { type ExtensionBrowser, launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { repoRoot } from '../dev/harness/paths';
import { startStaticServer, type StaticServer } from '../dev/harness/static-server';

export const RUNS = 5;
export const KEY = 'sk-demo-5usd';
/** The article the popup is opened on: readable, so Summarize is enabled. */
export const ARTICLE = '/corpus/pages/v8-blog/source.html';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `median 12.3 ms (min–max 10.1–15.0, n=5)`. */
export function spread(values: number[], unit = 'ms', digits = 1): string {
  const f = (v: number) => v.toFixed(digits);
  return `median ${f(median(values))} ${unit} (min–max ${f(Math.min(...values))}–${f(Math.max(...values))}, n=${values.length})`;
}

/** One figure and its same-run baseline, with the ratio of their medians and the target. */
export function printFigure(label: string, values: number[], baseline: { label: string; values: number[] } | null, target: string): void {
  console.log(`${label}: ${spread(values)}`);
  if (baseline) {
    console.log(`  baseline, ${baseline.label}: ${spread(baseline.values)}`);
    console.log(`  ratio of medians: ${(median(values) / median(baseline.values)).toFixed(2)}×; target ${target}`);
  } else console.log(`  target ${target}`);
}

export interface BenchSession {
  ext: ExtensionBrowser;
  gateway: RunningGateway;
  control: SimControl;
  site: StaticServer;
  /** The popup as a tab, aimed at the article's tab (mv3-facts §4). */
  popupUrl: string;
  close(): Promise<void>;
}

/** The built extension under Playwright, signed in to a fresh simulator, with the article open. */
export async function startSession(): Promise<BenchSession> {
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const control = simControl(gateway.url);
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  const close = async () => {
    await ext.close();
    await site.close();
    await gateway.close();
  };
  try {
    await ext.worker.evaluate(async ({ url, key }) => chrome.storage.local.set({ gatewayKey: key, settings: { gatewayUrl: url } }), { url: gateway.url, key: KEY });
    const article = await ext.context.newPage();
    await article.goto(site.url(ARTICLE));
    const tabId = await tabIdOf(ext, article.url());
    return { ext, gateway, control, site, popupUrl: `chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the popup and waits until Summarize can be clicked. */
export async function openPopup(session: BenchSession): Promise<Page> {
  const popup = await session.ext.context.newPage();
  await popup.goto(session.popupUrl);
  await popup.locator('[data-testid=summarize-page]:not([disabled])').waitFor();
  return popup;
}

/** Scripts a page loads: the HTML's module script and its static imports (Vite writes modulepreload links). */
export function pageScripts(dir: string, html: string): string[] {
  const text = readFileSync(join(dir, html), 'utf8');
  return [...text.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => join(dir, m[1]!));
}

export function scriptSizeKb(files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const file of new Set(files)) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

export interface BareReactPopup {
  /** The built extension (chrome-mv3), loadable like ours. */
  dir: string;
  remove(): void;
}

/** A popup that only renders `<p>hello</p>` with React, built by WXT the way ours is. */
export function buildBareReactPopup(): BareReactPopup {
  const dir = mkdtempSync(join(repoRoot, '.bench-hello-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(join(dir, 'entrypoints/popup'), { recursive: true });
    writeFileSync(join(dir, 'wxt.config.ts'), "import { defineConfig } from 'wxt';\nexport default defineConfig({ modules: ['@wxt-dev/module-react'], manifest: { name: 'hello', version: '0.0.1' } });\n");
    writeFileSync(join(dir, 'entrypoints/popup/index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>');
    writeFileSync(join(dir, 'entrypoints/popup/main.tsx'), "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<p>hello</p>);\n");
    execFileSync('npx', ['wxt', 'build', dir], { cwd: repoRoot, stdio: 'ignore' });
    return { dir: join(dir, '.output/chrome-mv3'), remove };
  } catch (error) {
    remove();
    throw error;
  }
}

export function buildExtension(): void {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
}
