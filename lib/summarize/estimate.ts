/**
 * What a summary will cost before it is sent, and whether to ask first (issue #4: "before a
 * request that would cost more than $0.05 or 10% of what is left, whichever is lower").
 *
 * The question is asked on the expected cost, and shows the most it can cost beside it: pricing
 * every answer at its full max_tokens made a 339-token page on an expensive model look "larger
 * than usual" although its answer usually takes little more than half of that (issue #10).
 */
import { estimateCost, type ModelPrices } from '../budget/pricing';
import type { SummaryLength } from '../settings/schema';
import { expectedCalls, type SummaryPlan } from './map-reduce';

/**
 * The answer a summary of each length usually comes to, in tokens: the word limit the prompt sets
 * (prompt.ts, LENGTH_GUIDE: under 120, 250 and 600 words) at about 1.4 o200k tokens a word, for
 * English prose in Markdown bullets. A typical figure, not a bound: the bound is each answer's
 * max_tokens (ANSWER_TOKENS, about 1.7 times these), and the question shows both.
 */
export const TYPICAL_ANSWER_TOKENS: Record<SummaryLength, number> = { short: 170, standard: 350, detailed: 840 };

interface Priced {
  /** Expected: every answer at its typical length (never above its max_tokens). */
  usd: number;
  /** The most it can cost: every answer at its max_tokens. */
  maxUsd: number;
}

export type SummaryEstimate = {
  calls: number;
  inputTokens: number;
  /** Every answer at its max_tokens. */
  outputTokens: number;
} & (Priced | { usd: null; maxUsd: null });

/**
 * Prices the plan's own calls (expectedCalls: the combining rounds as if every note were full),
 * with no prompt-cache discount. Notes on parts are priced at the same typical length as the
 * summary: they get the same max_tokens (map-reduce.ts). An action's prompt asks for no length
 * (a translation is as long as its page), so its answers are expected to use all of max_tokens.
 * Null figures when the gateway publishes no prices for the model.
 */
export function estimateSummary(plan: SummaryPlan, prices: ModelPrices | undefined): SummaryEstimate {
  const calls = expectedCalls(plan);
  const typical = plan.request.task ? Infinity : TYPICAL_ANSWER_TOKENS[plan.request.length];
  let priced: Priced | null = { usd: 0, maxUsd: 0 };
  for (const call of calls) {
    const expected = estimateCost(call.promptTokens, Math.min(typical, call.maxTokens), prices);
    const most = estimateCost(call.promptTokens, call.maxTokens, prices);
    priced = priced === null || expected === null || most === null ? null : { usd: priced.usd + expected, maxUsd: priced.maxUsd + most };
  }
  return {
    calls: calls.length,
    inputTokens: calls.reduce((sum, call) => sum + call.promptTokens, 0),
    outputTokens: calls.reduce((sum, call) => sum + call.maxTokens, 0),
    ...(priced ?? { usd: null, maxUsd: null }),
  };
}

/**
 * True when the estimate exceeds the lower of `thresholdUsd` and `fraction` of the remaining
 * budget. Without a budget (remainingUsd null) only the threshold applies; with nothing left,
 * any cost asks first.
 */
export function needsConfirmation(estimateUsd: number, remainingUsd: number | null, thresholdUsd = 0.05, fraction = 0.1): boolean {
  const limit = remainingUsd === null ? thresholdUsd : Math.min(thresholdUsd, fraction * Math.max(0, remainingUsd));
  return estimateUsd > limit;
}

/**
 * When the gateway publishes no price for the model (or prices it at $0), the cost cannot warn:
 * the question is asked by size instead (#15), before more calls or input tokens than a long
 * article needs in one go. A 200,000-node page or a 20 MB one passes both by far.
 */
export const SIZE_CONFIRM_CALLS = 5;
export const SIZE_CONFIRM_INPUT_TOKENS = 100_000;

export function needsSizeConfirmation(estimate: Pick<SummaryEstimate, 'calls' | 'inputTokens'>): boolean {
  return estimate.calls > SIZE_CONFIRM_CALLS || estimate.inputTokens > SIZE_CONFIRM_INPUT_TOKENS;
}
