/**
 * `npm run bench -- gateway`: 200 concurrent streaming chat requests against the simulator on
 * loopback (issue 2). Prints throughput and the latency the simulator adds on top of the delays it
 * was told to simulate, and fails when any request errs.
 *
 * The simulator runs in this process's main thread; the client runs in a worker thread of the same
 * file, so parsing 200 streams does not queue behind the server on one event loop. Both still share
 * the machine's cores, so the figures are an upper bound of the simulator's own overhead.
 */
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createParser } from 'eventsource-parser';
import { simControl } from '../dev/gateway/control';
import { startGateway } from '../dev/gateway/server';

const CONCURRENCY = 200;
const WARM_UP = 10;
const SEQUENTIAL = 20;
const KEY = 'sk-bench';
const PARAGRAPH =
  'The gateway meters every request against the key that made it, so a team can see what each feature costs. ' +
  'Budgets reset at the start of each period, and a key that reaches its budget is refused until then. ';
const BODY = JSON.stringify({
  model: 'sim-fast',
  stream: true,
  max_tokens: 256,
  messages: [{ role: 'user', content: `Summarize:\n<document>\n${PARAGRAPH.repeat(40)}\n</document>` }], // ~1,700 prompt tokens
});

interface Sample {
  ok: boolean;
  firstByteMs: number;
  totalMs: number;
  contentChunks: number;
}

/** One streamed request; the first byte is the status line, which the simulator sends with the first chunk. */
function streamOnce(url: string, agent: Agent): Promise<Sample> {
  const started = performance.now();
  const failed = { ok: false, firstByteMs: Number.NaN, totalMs: Number.NaN, contentChunks: 0 };
  return new Promise((resolve) => {
    const req = request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } }, (res) => {
      const firstByteMs = performance.now() - started;
      let contentChunks = 0;
      let done = false;
      const parser = createParser({
        onEvent: (event) => {
          if (event.data === '[DONE]') done = true;
          else if (event.data.includes('"content":"') && !event.data.includes('"role"')) contentChunks++;
        },
      });
      res.setEncoding('utf8');
      res.on('data', (text: string) => parser.feed(text));
      res.on('end', () => resolve({ ok: res.statusCode === 200 && done, firstByteMs, totalMs: performance.now() - started, contentChunks }));
      res.on('error', () => resolve(failed));
    });
    req.on('error', () => resolve(failed));
    req.end(BODY);
  });
}

interface ClientRun {
  /** One request at a time: the simulator's own overhead per request, with no queue. */
  sequential: Sample[];
  /** CONCURRENCY requests at once. */
  burst: Sample[];
  burstMs: number;
}

async function runClient(url: string): Promise<ClientRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  await Promise.all(Array.from({ length: WARM_UP }, () => streamOnce(url, agent))); // JIT, tokenizer tables
  const sequential: Sample[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await streamOnce(url, agent));
  const started = performance.now();
  const burst = await Promise.all(Array.from({ length: CONCURRENCY }, () => streamOnce(url, agent)));
  const burstMs = performance.now() - started;
  agent.destroy();
  return { sequential, burst, burstMs };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

function latencyLine(label: string, samples: Sample[], ttftMs: number, perChunkMs: number): string {
  const firstByte = samples.map((s) => s.firstByteMs - ttftMs).sort((a, b) => a - b);
  const total = samples.map((s) => s.totalMs - ttftMs - perChunkMs * Math.max(0, s.contentChunks - 1)).sort((a, b) => a - b);
  const p = (sorted: number[]) => `p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}`;
  return `  ${label.padEnd(22)} first byte ${p(firstByte)};  total ${p(total)}`;
}

async function scenario(name: string, ttftMs: number, perChunkMs: number): Promise<number> {
  const gateway = await startGateway({ port: 0, keys: [{ key: KEY }] });
  try {
    await simControl(gateway.url).faults({ ttftMs, perChunkMs });
    // Loader hooks do not reach a worker's entry module in Node 20: register tsx there, then load this file.
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
    const client = new Worker(boot, { eval: true, workerData: { url: gateway.url } });
    const run = await new Promise<ClientRun>((resolve, reject) => {
      client.once('message', resolve);
      client.once('error', reject);
    });
    await client.terminate();
    const ok = run.burst.filter((s) => s.ok);
    const chunks = ok.reduce((sum, s) => sum + s.contentChunks, 0);
    const burstS = run.burstMs / 1000;
    const errors = run.burst.length + run.sequential.length - ok.length - run.sequential.filter((s) => s.ok).length;
    console.log(`\n${name}: ttftMs ${ttftMs}, perChunkMs ${perChunkMs}`);
    console.log(`  ${CONCURRENCY} concurrent streams     ${ms(run.burstMs)}: ${(ok.length / burstS).toFixed(1)} req/s, ${(chunks / burstS).toFixed(0)} chunks/s (${(chunks / Math.max(1, ok.length)).toFixed(0)} chunks each)`);
    console.log('  added latency (measured minus the configured delays):');
    console.log(latencyLine(`${SEQUENTIAL} one at a time`, run.sequential.filter((s) => s.ok), ttftMs, perChunkMs));
    console.log(latencyLine(`${CONCURRENCY} concurrent`, ok, ttftMs, perChunkMs));
    console.log(`  errors                   ${errors}`);
    return errors;
  } finally {
    await gateway.close();
  }
}

if (isMainThread) {
  const errors = (await scenario('paced like a model', 200, 10)) + (await scenario('flat out', 0, 0));
  if (errors > 0) {
    console.error(`\n${errors} request(s) failed`);
    process.exit(1);
  }
} else {
  parentPort?.postMessage(await runClient((workerData as { url: string }).url));
}
