/**
 * Issue #11 figures for Ask about this page:
 * 1. On a ~300,000-token document (bench/long-document.ts), per question: the input tokens and
 *    cost of asking with the parts retrieval picks (sent through the real client to the
 *    simulator, which counts and prices them), against sending the whole document (counted and
 *    priced the same way; no model of this size reads it, so it is not sent).
 * 2. In the built extension's side panel: Enter → the first token of the answer painted, minus
 *    the simulator's time to first token, five runs, median and spread.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simControl } from '../dev/gateway/control';
import { startGateway } from '../dev/gateway/server';
import { launchWithExtension, tabIdOf } from '../dev/harness/chromium';
import { repoRoot } from '../dev/harness/paths';
import { startStaticServer } from '../dev/harness/static-server';
import { costFromUsage } from '../lib/budget/pricing';
import { askMessages } from '../lib/features/ask/prompt';
import { selectParts } from '../lib/features/ask/retrieval';
import { ASK_ANSWER_TOKENS, documentOf, questionBudget } from '../lib/features/ask/session';
import { getModelInfo, type GatewayConnection, streamChat } from '../lib/gateway/client';
import { countMessageTokens } from '../lib/summarize/tokens';
import { seed } from '../tests/e2e/support/state';
import { longDocument } from './long-document';

const KEY = 'sk-demo-5usd';
const MODEL = 'sim-fast';
const RUNS = 5;
const TTFT_MS = 300;
const QUESTIONS = [
  'Why emit a standalone Wasm file from Emscripten?',
  'What are MozCamps and whom do these camps bring together?',
  'What does the _start function do in WASI runtimes?',
  'How does Google SRE handle toil and operational work?',
  'Which features did the Firefox Nightly release add?',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const usd = (n: number | null) => (n === null ? 'n/a' : `$${n.toFixed(4)}`);

async function tokensAndCost(gatewayUrl: string): Promise<void> {
  const conn: GatewayConnection = { root: gatewayUrl, key: KEY };
  const document = documentOf({ kind: 'page', title: 'Corpus', url: 'https://bench.test/long', lang: 'en', contentType: 'text/html', byline: null, text: longDocument(), method: 'readability' });
  // Everything slow first (BM25 over 1,200 parts takes seconds a question), then the requests back to back:
  // a kept-alive socket left idle that long is one the server may close just as Node reuses it.
  const simulated = (JSON.parse(readFileSync(join(repoRoot, 'dev/gateway/models.json'), 'utf8')) as { model_name: string; model_info: { max_input_tokens: number } }[]).find((m) => m.model_name === MODEL)!;
  const window = simulated.model_info.max_input_tokens;
  const allParts = document.parts.map((p) => p.id);
  const planned = QUESTIONS.map((question) => {
    const used = selectParts(document.parts, question, questionBudget(document.parts, window, 0));
    return { question, used, messages: askMessages({ document, usedParts: used, history: [], question, cache: false }) };
  });
  const info = (await getModelInfo(conn)).data.find((entry) => entry.model_name === MODEL)!.model_info;
  console.log(`Document: ${document.tokens.toLocaleString('en-US')} tokens in ${document.parts.length} parts; ${MODEL} reads ${window.toLocaleString('en-US')}`);
  const asked = [];
  for (const { question, used, messages } of planned) {
    const result = await streamChat(conn, { model: MODEL, messages, max_tokens: ASK_ANSWER_TOKENS }, { tags: ['gateway-assistant:ask', 'gateway-assistant:bench'], user: null }, () => undefined);
    asked.push({ question, used, usage: result.usage! });
  }
  let sumRetrieval = 0;
  let sumWhole = 0;
  for (const { question, used, usage } of asked) {
    const cost = costFromUsage(usage, info);
    const whole = countMessageTokens(askMessages({ document, usedParts: allParts, history: [], question, cache: false }));
    const wholeCost = costFromUsage({ prompt_tokens: whole, completion_tokens: usage.completion_tokens, total_tokens: whole + usage.completion_tokens }, info);
    sumRetrieval += cost ?? 0;
    sumWhole += wholeCost ?? 0;
    console.log(
      `  "${question}": retrieval ${used.length} parts, ${usage.prompt_tokens.toLocaleString('en-US')} input tokens, ${usd(cost)} | whole ${whole.toLocaleString('en-US')} input tokens, ${usd(wholeCost)} (retrieval sends ${((100 * usage.prompt_tokens) / whole).toFixed(1)}%)`,
    );
  }
  console.log(`Five questions: retrieval ${usd(sumRetrieval)} in all, whole document ${usd(sumWhole)} (${(sumWhole / sumRetrieval).toFixed(0)}× more)`);
}

async function firstToken(gatewayUrl: string): Promise<void> {
  execFileSync('npx', ['wxt', 'build'], { cwd: repoRoot, stdio: 'ignore' });
  const control = simControl(gatewayUrl);
  const site = await startStaticServer();
  const ext = await launchWithExtension();
  try {
    await seed(ext, { key: KEY, settings: { gatewayUrl, defaultModel: MODEL } });
    const article = await ext.context.newPage();
    await article.goto(site.url('/corpus/pages/v8-blog/source.html'));
    const tabId = await tabIdOf(ext, article.url());
    const panel = await ext.context.newPage();
    await panel.goto(`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}`);
    await panel.getByTestId('ask-document').waitFor({ timeout: 30_000 });
    await control.faults({ ttftMs: TTFT_MS });
    const overheads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const input = panel.getByTestId('ask-input');
      await input.fill(QUESTIONS[i % QUESTIONS.length]!);
      // Armed before the key press: the time runs from Enter to the first answer text painted.
      const painted = panel.evaluate(
        (n) =>
          new Promise<number>((done) => {
            let start = 0;
            document.addEventListener('keydown', () => void (start = performance.now()), { capture: true, once: true });
            const observer = new MutationObserver(() => {
              const answers = document.querySelectorAll('[data-testid=ask-answer]');
              if (answers.length > n && answers[n]!.textContent) {
                observer.disconnect();
                requestAnimationFrame(() => done(performance.now() - start));
              }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          }),
        i,
      );
      await input.press('Enter');
      overheads.push((await painted) - TTFT_MS);
      await panel.locator(`[data-testid=ask-turn]:nth-child(${i + 1})[data-status=done]`).waitFor({ timeout: 30_000 });
    }
    console.log(
      `Enter → first token painted, minus the simulator's ${TTFT_MS} ms to first token: median ${median(overheads).toFixed(0)} ms (min ${Math.min(...overheads).toFixed(0)}, max ${Math.max(...overheads).toFixed(0)}, n=${RUNS}; runs ${overheads.map((o) => o.toFixed(0)).join(', ')})`,
    );
  } finally {
    await ext.close();
    await site.close();
  }
}

async function main(): Promise<void> {
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  try {
    await tokensAndCost(gateway.url);
    await firstToken(gateway.url);
  } finally {
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error, (error as { cause?: unknown }).cause);
  process.exit(1);
});
