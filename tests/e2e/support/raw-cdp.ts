/**
 * Chromium driven over a bare CDP connection that never attaches to the service worker.
 * Playwright attaches to every worker, and an attached worker never idles out (mv3-facts §2),
 * so a test of the keep-alive must drive the browser this way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { BROWSER_ARGS, CHROMIUM, LOCAL_HOSTS_ONLY } from '../../../dev/harness/chromium';
import { extensionDir } from '../../../dev/harness/paths';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface RawBrowser {
  extensionId: string;
  send<T = unknown>(method: string, params?: object, sessionId?: string): Promise<T>;
  /** Calls `listener` with the params of each `method` event, from any session. */
  on(method: string, listener: (params: Record<string, unknown>) => void): void;
  /** Opens a page and attaches to it (only to it); returns its session id. */
  openPage(url: string): Promise<string>;
  evaluate<T>(sessionId: string, expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Polls `probe` every 100 ms until it gives a value; rejects after `timeoutMs`, naming `what`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** DevToolsActivePort holds the port and the browser's path on two lines; Chromium writes them one after the other. */
function readActivePort(file: string): [string, string] | undefined {
  if (!existsSync(file)) return undefined;
  const [port, path] = readFileSync(file, 'utf8').split('\n');
  return port && path?.startsWith('/') ? [port, path.trim()] : undefined;
}

export async function launchRaw(): Promise<RawBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ga-raw-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      ...BROWSER_ARGS,
      LOCAL_HOSTS_ONLY,
      '--disable-background-networking',
      '--remote-debugging-port=0',
      `--user-data-dir=${userDataDir}`,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      'about:blank',
    ],
    // Its own process group, so closing ends the renderers and helpers too, not only the browser process.
    { stdio: 'ignore', detached: true },
  );
  const exited = new Promise((r) => child.once('exit', r));
  let socket: WebSocket | undefined;
  const close = async () => {
    socket?.close();
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
    await exited;
    // A helper process may still be flushing into the profile for a moment after the kill.
    rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  // Whatever fails from here on, the browser this started must not outlive the call.
  try {
    return await connect(userDataDir, (s) => (socket = s), close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function connect(userDataDir: string, opened: (socket: WebSocket) => void, close: () => Promise<void>): Promise<RawBrowser> {
  const [port, path] = await waitFor(() => readActivePort(join(userDataDir, 'DevToolsActivePort')), 15_000, 'DevToolsActivePort');
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  opened(socket);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, ((params: Record<string, unknown>) => void)[]>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    if (message.id === undefined) {
      for (const listener of listeners.get(message.method ?? '') ?? []) listener(message.params ?? {});
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  });
  const send = <T>(method: string, params: object = {}, sessionId?: string) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });

  const extensionId = await waitFor(
    async () => {
      const { targetInfos } = await send<{ targetInfos: { type: string; url: string }[] }>('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      return worker ? new URL(worker.url).host : undefined;
    },
    15_000,
    'the extension service worker',
  );

  const evaluate = async <T>(sessionId: string, expression: string) => {
    const { result, exceptionDetails } = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      sessionId,
    );
    if (exceptionDetails) throw new Error(exceptionDetails.text);
    return result.value;
  };

  return {
    extensionId,
    send,
    on: (method, listener) => void listeners.set(method, [...(listeners.get(method) ?? []), listener]),
    evaluate,
    async openPage(url) {
      const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url });
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      // A new target starts on about:blank, whose readyState is already 'complete': wait for the
      // document at `url` itself (an evaluation that meets the navigation's swap just tries again).
      const loaded = `location.href === ${JSON.stringify(new URL(url).href)} && document.readyState === 'complete'`;
      await waitFor(() => evaluate<boolean>(sessionId, loaded).then((done) => (done ? true : undefined), () => undefined), 15_000, url);
      return sessionId;
    },
    close,
  };
}
