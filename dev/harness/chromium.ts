/** Launches Debian's Chromium with the built extension, as chromium.md describes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { extensionDir } from './paths';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * What every Chromium the tests, benches and demo start is given, whichever way it is driven
 * (Playwright here, a bare CDP pipe in bench/raw-chromium.ts, a bare CDP socket in
 * tests/e2e/support/raw-cdp.ts).
 */
export const BROWSER_ARGS = ['--no-sandbox', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-gpu'];

/**
 * Every host but this machine's fails to resolve at once: for tests and benches, not for a person
 * browsing in the demo. The corpus pages are saved copies that still name their sites' images,
 * fonts and scripts; with no route out, each such request waited for its connection to time out
 * and held the page's load event (a usage test spent 26 s in one page.goto). Requests a test
 * intercepts (context.route) never reach the resolver.
 */
export const LOCAL_HOSTS_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost';

export interface LaunchOptions {
  lang?: string;
  extraArgs?: string[];
  headless?: boolean;
  /** Lets the browser reach hosts beyond this machine (the demo with a display, where a person browses); default false. */
  remoteHosts?: boolean;
  /**
   * The unpacked build to load (default: .output/chrome-mv3), or 'policy' when the extension comes
   * from ExtensionInstallForcelist (the policy must also set DeveloperToolsAvailability: 1).
   */
  extension?: string | 'policy';
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ga-e2e-'));
  const extension = options.extension ?? extensionDir;
  const byPolicy = extension === 'policy';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    viewport: null,
    // With Playwright's default --disable-extensions or --disable-background-networking, Chromium
    // never fetches a force-installed extension's update manifest (measured here).
    ignoreDefaultArgs: byPolicy ? ['--disable-extensions', '--disable-background-networking'] : [],
    args: [
      ...(byPolicy ? [] : [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--disable-background-networking']),
      ...BROWSER_ARGS,
      ...(options.remoteHosts ? [] : [LOCAL_HOSTS_ONLY]),
      ...(options.lang ? [`--lang=${options.lang}`] : []),
      ...(options.extraArgs ?? []),
    ],
  });
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  let worker: Worker;
  try {
    worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  } catch (error) {
    // No extension came up (e.g. a policy install that never happened): the caller has no handle to close.
    await close();
    throw error;
  }
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    close,
  };
}

/** Wakes a possibly stopped worker (mv3-facts §3: evaluate on a stopped worker hangs). */
export async function wakeWorker(page: Page): Promise<void> {
  await page.evaluate(() => chrome.runtime.getPlatformInfo());
}

export async function tabIdOf(ext: ExtensionBrowser, url: string): Promise<number> {
  const id = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url);
  if (typeof id !== 'number') throw new Error(`no tab with ${url}`);
  return id;
}
