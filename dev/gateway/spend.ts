/**
 * What one call used and what it cost: LiteLLM's `completion_cost()` with per-token prices from
 * the model list (contract §6), and the `usage` object it reports.
 */
import type { Usage } from '../../lib/gateway/wire';
import type { Model } from './models';

export interface TokenUsage {
  /** All prompt tokens, cached ones included (LiteLLM's convention for Anthropic usage). */
  promptTokens: number;
  completionTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

/** The prompt's and the completion's cost, as LiteLLM's `cost_per_token` splits them. */
export function costParts(usage: TokenUsage, model: Model): { input: number; output: number } {
  const info = model.model_info;
  const uncached = usage.promptTokens - usage.cacheReadTokens - usage.cacheCreationTokens;
  return {
    input:
      uncached * info.input_cost_per_token +
      usage.cacheReadTokens * (info.cache_read_input_token_cost ?? info.input_cost_per_token) +
      usage.cacheCreationTokens * (info.cache_creation_input_token_cost ?? info.input_cost_per_token),
    output: usage.completionTokens * info.output_cost_per_token,
  };
}

export function callCost(usage: TokenUsage, model: Model): number {
  const { input, output } = costParts(usage, model);
  return input + output;
}

export function usageBody(usage: TokenUsage, model: Model): Usage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadTokens },
    ...(model.model_info.supports_prompt_caching
      ? { cache_creation_input_tokens: usage.cacheCreationTokens, cache_read_input_tokens: usage.cacheReadTokens }
      : {}),
  };
}
