/**
 * Issue #4 figures: map-reduce on a ~300,000-token document (the corpus articles, tags stripped,
 * concatenated until the size is reached) against the gateway simulator with 800 ms to the first
 * token, through the real client (streamChat) — with the parallelism the key's limits give, then
 * one call at a time, so the speed-up shows.
 */
import { simControl } from '../dev/gateway/control';
import { startGateway } from '../dev/gateway/server';
import { longDocument } from './long-document';
import { costFromUsage } from '../lib/budget/pricing';
import { getKeyInfo, getModelInfo, type GatewayConnection, streamChat } from '../lib/gateway/client';
import { estimateSummary } from '../lib/summarize/estimate';
import { concurrencyFor, planSummary, runSummary, type SummaryCall, type SummaryPlan } from '../lib/summarize/map-reduce';
import type { SummaryRequest } from '../lib/summarize/prompt';
import '../lib/summarize/tokens-bundled';

const TTFT_MS = 800;
const KEY = 'sk-demo-5usd';
const MODEL = 'sim-fast';

interface Run {
  parallelism: number;
  calls: number;
  inputTokens: number;
  costUsd: number | null;
  wallMs: number;
  logged: number;
}

async function main(): Promise<void> {
  const gateway = await startGateway({ port: 0, batchWriteS: 0 });
  const control = simControl(gateway.url);
  try {
    const conn: GatewayConnection = { root: gateway.url, key: KEY };
    const [models, key] = await Promise.all([getModelInfo(conn), getKeyInfo(conn)]);
    const model = models.data.find((entry) => entry.model_name === MODEL);
    if (!model) throw new Error(`The simulator has no ${MODEL}`);
    const prices = model.model_info;
    const limits = { rpm: key.info.rpm_limit ?? null, tpm: key.info.tpm_limit ?? null };

    const text = longDocument();
    const request: SummaryRequest = { title: 'Corpus articles, concatenated', url: 'http://127.0.0.1/bench', text, isSelection: false, language: 'en', length: 'standard', form: 'bullets' };
    const planStart = performance.now();
    const plan: SummaryPlan = planSummary(request, {
      model: { maxInputTokens: prices.max_input_tokens, maxOutputTokens: prices.max_output_tokens, supportsPromptCaching: prices.supports_prompt_caching },
      limits,
    });
    const planMs = performance.now() - planStart;
    const documentTokens = plan.coverage.tokens;
    const estimate = estimateSummary(plan, prices);
    console.log(`Document: ${documentTokens.toLocaleString('en')} tokens, ${plan.coverage.words.toLocaleString('en')} words, ${(text.length / 1024).toFixed(0)} KB`);
    console.log(`Model ${MODEL}: max_input_tokens ${plan.budget.window.toLocaleString('en')}, usable ${plan.budget.usable.toLocaleString('en')}; key rpm ${limits.rpm ?? 'none'}, tpm ${limits.tpm ?? 'none'}`);
    console.log(`Plan (${planMs.toFixed(0)} ms to count, split and build): ${plan.mode}, ${plan.coverage.parts} parts; estimate ${estimate.calls} calls, ${estimate.inputTokens.toLocaleString('en')} input tokens, about $${estimate.usd?.toFixed(4) ?? '?'}, at most $${estimate.maxUsd?.toFixed(4) ?? '?'}`);

    const call: SummaryCall = async (messages, { signal, maxTokens, onDelta }) => {
      const result = await streamChat(conn, { model: MODEL, messages, max_tokens: maxTokens }, { tags: ['gateway-assistant:summarize', 'gateway-assistant:bench'], user: null }, onDelta ?? (() => undefined), signal);
      return { text: result.text, usage: result.usage, cost: result.headers.responseCost ?? (result.usage ? costFromUsage(result.usage, prices) : null) };
    };

    const runs: Run[] = [];
    const widest = plan.mode === 'single' ? 1 : Math.max(...plan.mapCalls.map((c) => c.promptTokens + c.maxTokens));
    for (const parallelism of [concurrencyFor(limits, widest), 1]) {
      await control.reset();
      await control.faults({ ttftMs: TTFT_MS });
      const start = performance.now();
      const outcome = await runSummary(plan, { call, concurrency: parallelism });
      const wallMs = performance.now() - start;
      const logged = (await control.log()).filter((entry) => entry.path.endsWith('/chat/completions')).length;
      runs.push({ parallelism, calls: outcome.totals.calls, inputTokens: outcome.totals.inputTokens, costUsd: outcome.totals.costUsd, wallMs, logged });
    }

    console.log(`\nparallelism  calls  input tokens ÷ document tokens  wall time  cost`);
    for (const run of runs) {
      console.log(
        `${String(run.parallelism).padStart(11)}  ${String(run.calls).padStart(5)}  ${(run.inputTokens / documentTokens).toFixed(3).padStart(30)}  ${(run.wallMs / 1000).toFixed(1).padStart(8)} s  $${run.costUsd?.toFixed(4) ?? '?'}`,
      );
      if (run.logged !== run.calls) console.log(`  (the simulator logged ${run.logged} chat requests)`);
    }
    console.log(`\nSpeed-up of parallelism ${runs[0]!.parallelism} over 1: ${(runs[1]!.wallMs / runs[0]!.wallMs).toFixed(2)}× (simulator time to first token ${TTFT_MS} ms)`);
  } finally {
    await gateway.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
