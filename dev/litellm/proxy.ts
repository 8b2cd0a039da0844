/**
 * Starts the real LiteLLM proxy (installed by dev/litellm/install.sh) on 127.0.0.1 in front of a
 * running simulator, for the differential test, the end-to-end spec and `npm run gateway -- --real`.
 * It never touches the network: the model cost map is the one LiteLLM ships, there is no database,
 * and its only upstream is the simulator.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = dirname(fileURLToPath(import.meta.url));
export const LITELLM_BIN = join(here, '.venv/bin/litellm');
export const LITELLM_CONFIG = join(here, 'config.yaml');
/** general_settings.master_key in config.yaml: without a database, the only key LiteLLM accepts. */
export const LITELLM_MASTER_KEY = 'sk-litellm-local-master';
/** The simulator key LiteLLM sends upstream: the simulator's master key, which has no budget or limits. */
const SIMULATOR_MASTER_KEY = 'sk-master-demo';
// Importing LiteLLM's proxy takes 6-10 s on this 2-core machine; more when other suites run.
const DEFAULT_START_TIMEOUT_MS = 90_000;

/** One line of cost_log.py's file: what LiteLLM computed for one successful call. */
export const CostEntry = z.object({
  call_id: z.string(),
  model_group: z.string().nullable(),
  stream: z.boolean(),
  response_cost: z.number(),
  prompt_tokens: z.number().nullable(),
  completion_tokens: z.number().nullable(),
});
export type CostEntry = z.infer<typeof CostEntry>;

export interface RealLiteLLM {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  masterKey: string;
  /** The installed litellm package's version. */
  version: string;
  /** From spawn to the first answer of /health/liveliness. */
  startMs: number;
  /** Everything the proxy printed, for a failing test to show. */
  output(): string;
  /** LiteLLM's own cost for each successful call so far, oldest first (cost_log.py). */
  costs(): CostEntry[];
  /** Stops the proxy (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** The simulator LiteLLM routes to, e.g. `http://127.0.0.1:4000`. */
  simulatorUrl: string;
  /** 0 or absent: a free port. */
  port?: number;
  startTimeoutMs?: number;
  /** Passes LiteLLM's output through to this process's stdout (for `npm run gateway -- --real`). */
  echo?: boolean;
}

export class LiteLLMNotInstalledError extends Error {
  constructor() {
    super(`The real LiteLLM proxy is not installed (${LITELLM_BIN} is missing). Run \`bash dev/litellm/install.sh\` first.`);
    this.name = 'LiteLLMNotInstalledError';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A clean environment: LiteLLM reads many variables (DATABASE_URL, REDIS_*, provider keys, a .env
 * file in DEV mode), and one left in a developer's shell must not change what the tests see.
 */
function proxyEnv(simulatorUrl: string, costLog: string): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : []));
  return {
    ...Object.fromEntries(keep),
    SIMULATOR_API_BASE: `${simulatorUrl.replace(/\/+$/, '')}/v1`,
    SIMULATOR_API_KEY: SIMULATOR_MASTER_KEY,
    // The cost map LiteLLM ships instead of fetching the newest one at import time.
    LITELLM_LOCAL_MODEL_COST_MAP: 'True',
    // PRODUCTION skips load_dotenv() (proxy_cli.py), so no .env in the working directory is read.
    LITELLM_MODE: 'PRODUCTION',
    PYTHONUNBUFFERED: '1',
    LITELLM_COST_LOG: costLog,
  };
}

const Liveliness = z.literal("I'm alive!");

async function alive(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/liveliness`, { signal: AbortSignal.timeout(2_000) });
    return response.ok && Liveliness.safeParse(await response.json()).success;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Proxies still running when this process exits, so a crashed test run leaves none behind. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The proxy is started as the leader of its own process group; this reaches its children too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    killGroup(child, 'SIGTERM');
    const force = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(force);
  }
  running.delete(child);
}

export async function startRealLiteLLM(options: StartOptions): Promise<RealLiteLLM> {
  if (!existsSync(LITELLM_BIN)) throw new LiteLLMNotInstalledError();
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const scratch = mkdtempSync(join(tmpdir(), 'litellm-'));
  const costLog = join(scratch, 'costs.jsonl');
  const startedAt = performance.now();
  const child = spawn(LITELLM_BIN, ['--config', LITELLM_CONFIG, '--host', '127.0.0.1', '--port', String(port)], {
    cwd: here,
    env: proxyEnv(options.simulatorUrl, costLog),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-200_000);
    if (options.echo) process.stdout.write(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const close = async () => {
    await stop(child);
    rmSync(scratch, { recursive: true, force: true });
  };
  const costs = () =>
    existsSync(costLog)
      ? readFileSync(costLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => CostEntry.parse(JSON.parse(line)))
      : [];

  const deadline = startedAt + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  while (!(await alive(url))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await close();
      throw new Error(`LiteLLM exited (${child.exitCode ?? child.signalCode}) before it answered /health/liveliness:\n${output.slice(-4_000)}`);
    }
    if (performance.now() > deadline) {
      await close();
      throw new Error(`LiteLLM did not answer ${url}/health/liveliness within ${Math.round((deadline - startedAt) / 1000)} s:\n${output.slice(-4_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const startMs = Math.round(performance.now() - startedAt);
  return { url, masterKey: LITELLM_MASTER_KEY, version: installedVersion(), startMs, output: () => output, costs, close };
}

/** The installed litellm's version, from its dist-info folder in the venv. */
export function installedVersion(): string {
  const lib = join(here, '.venv/lib');
  for (const python of readdirSync(lib)) {
    for (const entry of readdirSync(join(lib, python, 'site-packages'))) {
      const match = /^litellm-(\d[^-]*)\.dist-info$/.exec(entry);
      if (match?.[1]) return match[1];
    }
  }
  throw new LiteLLMNotInstalledError();
}
