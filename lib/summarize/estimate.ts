/**
 * What a summary will cost before it is sent, and whether to ask first (issue #4: "before a
 * request that would cost more than $0.05 or 10% of what is left, whichever is lower").
 */
import { estimateCost, type ModelPrices } from '../budget/pricing';
import { expectedCalls, type SummaryPlan } from './map-reduce';

export interface SummaryEstimate {
  calls: number;
  inputTokens: number;
  /** Every answer at its max_tokens. */
  outputTokens: number;
  /**
   * An upper bound: full-length answers, and no prompt-cache discount. Null when the gateway
   * publishes no prices for the model.
   */
  usd: number | null;
}

export function estimateSummary(plan: SummaryPlan, prices: ModelPrices | undefined): SummaryEstimate {
  const calls = expectedCalls(plan);
  let usd: number | null = 0;
  for (const call of calls) {
    const cost = estimateCost(call.promptTokens, call.maxTokens, prices);
    usd = cost === null || usd === null ? null : usd + cost;
  }
  return {
    calls: calls.length,
    inputTokens: calls.reduce((sum, call) => sum + call.promptTokens, 0),
    outputTokens: calls.reduce((sum, call) => sum + call.maxTokens, 0),
    usd,
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
