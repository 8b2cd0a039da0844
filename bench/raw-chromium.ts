/**
 * Chromium driven over a bare CDP pipe (--remote-debugging-pipe), for figures Playwright would
 * change: Playwright auto-attaches to every service worker, and an attached worker never stops
 * (mv3-facts §2). Here nothing attaches unless asked: the browser session sees targets with
 * Target.getTargets, and only page targets get a session, so the extension's worker lives and
 * stops as it does for a person.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { BROWSER_ARGS, CHROMIUM, LOCAL_HOSTS_ONLY } from '../dev/harness/chromium';

type Params = Record<string, unknown>;
type Result = Record<string, unknown>;

export interface CdpTarget {
  targetId: string;
  type: string;
  url: string;
}

export interface RawChromium {
  /** A browser-level command, or a command to the session of an attached page. */
  send(method: string, params?: Params, sessionId?: string): Promise<Result>;
  /** Resolves on the next event of that name (for that session) that `match` accepts. */
  once(method: string, sessionId?: string, match?: (params: Params) => boolean): Promise<Params>;
  /** Calls `listener` on every event of that name, from any session. */
  on(method: string, listener: (params: Params) => void): void;
  targets(): Promise<CdpTarget[]>;
  close(): Promise<void>;
}

export async function launchRawChromium(extensions: string[]): Promise<RawChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ga-bench-raw-'));
  const list = extensions.join(',');
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-pipe',
      `--disable-extensions-except=${list}`,
      `--load-extension=${list}`,
      ...BROWSER_ARGS,
      LOCAL_HOSTS_ONLY,
      '--no-default-browser-check',
      '--disable-background-networking',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve(result: Result): void; reject(error: Error): void }>();
  const waiters: { method: string; sessionId?: string; match(params: Params): boolean; resolve(params: Params): void }[] = [];
  const listeners: { method: string; listener(params: Params): void }[] = [];
  let buffer = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (text: string) => {
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf('\0')) !== -1) {
      const message = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: Result; error?: { message: string }; method?: string; params?: Params; sessionId?: string };
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) call?.reject(new Error(message.error.message));
        else call?.resolve(message.result ?? {});
        continue;
      }
      for (const l of listeners) if (l.method === message.method) l.listener(message.params ?? {});
      const index = waiters.findIndex((w) => w.method === message.method && w.sessionId === message.sessionId && w.match(message.params ?? {}));
      if (index !== -1) waiters.splice(index, 1)[0]!.resolve(message.params ?? {});
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const send = (method: string, params: Params = {}, sessionId?: string) =>
    new Promise<Result>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  return {
    send,
    once: (method, sessionId, match = () => true) => new Promise((resolve) => waiters.push({ method, sessionId, match, resolve })),
    on: (method, listener) => listeners.push({ method, listener }),
    targets: async () => ((await send('Target.getTargets')) as { targetInfos: CdpTarget[] }).targetInfos,
    async close() {
      await send('Browser.close').catch(() => undefined);
      await exited;
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** A page target with a session attached to it (and only to it). */
export interface RawPage {
  targetId: string;
  sessionId: string;
  /** Evaluates an expression in the page, awaiting a promise it returns. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export async function newRawPage(browser: RawChromium): Promise<RawPage> {
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  return {
    targetId,
    sessionId,
    async evaluate<T>(expression: string) {
      const reply = (await browser.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId)) as {
        result: { value?: T };
        exceptionDetails?: { exception?: { description?: string }; text: string };
      };
      if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
      return reply.result.value as T;
    },
    close: async () => {
      await browser.send('Target.closeTarget', { targetId });
    },
  };
}

/** Navigates and resolves once the new document's load event has fired. */
export async function navigate(browser: RawChromium, page: RawPage, url: string): Promise<void> {
  await browser.send('Page.enable', {}, page.sessionId);
  const loaded = browser.once('Page.loadEventFired', page.sessionId);
  const { errorText } = (await browser.send('Page.navigate', { url }, page.sessionId)) as { errorText?: string };
  if (errorText) throw new Error(`${url}: ${errorText}`);
  await loaded;
}
