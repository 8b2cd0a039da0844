/**
 * The summarize feature's work in a job: plan one call or map-reduce, ask first when it would
 * cost more than the person expects, then stream the summary and say what it covered. Actions
 * with a Markdown answer run the same work with their task (features/action/work.ts).
 */
import type { BudgetState } from '../../budget/state';
import { remainingBudget } from '../../budget/read';
import type { ModelInfoEntry } from '../../gateway/wire';
import type { FeatureWork, WorkContext } from '../../jobs/runner';
import type { Extracted } from '../../extract/result';
import { summaryLanguage, type OutputLanguage } from '../../summarize/language';
import { pageProblem, ProblemError } from '../../errors/problem';
import { estimateSummary, needsConfirmation, needsSizeConfirmation } from '../../summarize/estimate';
import { planSingleByBound, planSummary, runSummary, type PlanOptions, type SummaryPlan } from '../../summarize/map-reduce';
import type { SummaryRequest } from '../../summarize/prompt';

export interface SummarizeEnv {
  modelInfo(model: string): Promise<ModelInfoEntry['model_info'] | undefined>;
  budget(): Promise<BudgetState | null>;
  /** Makes exact token counts available (the worker loads the tokenizer on first need). */
  exactTokens(): Promise<void>;
}

/** What an action brings to the summary pipeline: its instructions, filled for the answer's language. */
export type SummaryTask = (language: OutputLanguage) => NonNullable<SummaryRequest['task']>;

export async function runSummaryWork(env: SummarizeEnv, context: WorkContext, extracted: Extracted, task: SummaryTask | null) {
  const { settings, job } = context;
  const language = summaryLanguage(settings.summaryLanguage, extracted.text, extracted.lang);
  const request: SummaryRequest = {
    title: extracted.title,
    url: extracted.url,
    text: extracted.text,
    isSelection: extracted.kind === 'selection',
    language,
    length: settings.summaryLength,
    form: settings.summaryForm,
    task: task?.(language) ?? null,
  };
  const [info, budget] = await Promise.all([env.modelInfo(job.model), env.budget()]);
  const options: PlanOptions = {
    model: { maxInputTokens: info?.max_input_tokens, maxOutputTokens: info?.max_output_tokens, supportsPromptCaching: info?.supports_prompt_caching },
    limits: { rpm: budget?.rpmLimit ?? null, tpm: budget?.tpmLimit ?? null },
    pages: extracted.pages ?? null,
  };
  const remaining = budget?.reported ? remainingBudget(budget) : null;
  // Priced models are asked by cost; unpriced or $0 ones by size (calls and tokens, issue #15).
  const asks = (plan: SummaryPlan) => {
    const estimate = estimateSummary(plan, info);
    return estimate.usd !== null && estimate.usd > 0 ? needsConfirmation(estimate.usd, remaining, settings.costConfirmUsd, settings.costConfirmFraction) : needsSizeConfirmation(estimate);
  };
  // A page that clearly fits and is clearly cheap by the bytes-bound goes without the tokenizer;
  // exact counts only when the bound cannot decide: a long document, or a cost near the question.
  let plan = planSingleByBound(request, options);
  if (!plan || asks(plan)) {
    await env.exactTokens();
    plan = planSummary(request, options);
  }
  const source = {
    title: extracted.title,
    url: extracted.url,
    words: plan.coverage.words,
    kind: extracted.kind === 'selection' ? ('selection' as const) : extracted.pages ? ('pdf' as const) : ('page' as const),
    language,
    pages: plan.coverage.pages,
  };
  context.update({ source });

  // A fan-out past the organization's cap is refused before anyone is asked to pay for it.
  const parts = plan.mode === 'map-reduce' ? plan.mapCalls.length : 1;
  if (parts > settings.maxPartsPerJob) throw new ProblemError(pageProblem('too_many_parts', `${parts}/${settings.maxPartsPerJob}`));

  const estimate = estimateSummary(plan, info);
  // Unpriced or $0 models: the question is asked by size, with the cost shown as unknown.
  const byCost = estimate.usd !== null && estimate.usd > 0;
  if (asks(plan)) {
    const proceed = await context.confirm({ usd: byCost ? estimate.usd : null, maxUsd: byCost ? estimate.maxUsd : null, promptTokens: estimate.inputTokens, calls: estimate.calls });
    if (!proceed) return { status: 'stopped' as const };
  }

  let text = '';
  if (plan.mode === 'map-reduce') context.update({ progress: { stage: 'map', done: 0, total: plan.mapCalls.length } });
  const outcome = await runSummary(plan, {
    call: (messages, options) => context.call({ messages, maxTokens: options.maxTokens, signal: options.signal, onDelta: options.onDelta }),
    signal: context.signal,
    onProgress: (progress) => context.update({ progress }),
    onDelta: (delta) => {
      text += delta;
      context.update({ status: 'streaming', text });
    },
  });
  return { text: outcome.text, source: { ...source, words: outcome.coverage.words } };
}

export function summarizeWork(env: SummarizeEnv): FeatureWork {
  return (context, extracted) => runSummaryWork(env, context, extracted, null);
}
