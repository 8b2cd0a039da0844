/** Cost of a call from its token usage and the model's per-token prices (/model/info). */
import type { ModelInfoEntry, Usage } from '../gateway/wire';

export type ModelPrices = Pick<ModelInfoEntry['model_info'], 'input_cost_per_token' | 'output_cost_per_token' | 'cache_read_input_token_cost' | 'cache_creation_input_token_cost'>;

/** Null when the gateway publishes no prices for the model: we never invent a figure. */
export function costFromUsage(usage: Usage, prices: ModelPrices | undefined): number | null {
  if (typeof usage.cost === 'number') return usage.cost;
  const input = prices?.input_cost_per_token;
  const output = prices?.output_cost_per_token;
  if (input == null || output == null) return null;
  const cacheRead = usage.cache_read_input_tokens ?? usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const plainInput = Math.max(0, usage.prompt_tokens - cacheRead - cacheWrite);
  return (
    plainInput * input +
    cacheRead * (prices?.cache_read_input_token_cost ?? input) +
    cacheWrite * (prices?.cache_creation_input_token_cost ?? input) +
    usage.completion_tokens * output
  );
}

/** Estimate before sending: tokens in × input price + answer tokens (expected, or the most allowed) × output price. */
export function estimateCost(promptTokens: number, answerTokens: number, prices: ModelPrices | undefined): number | null {
  const input = prices?.input_cost_per_token;
  const output = prices?.output_cost_per_token;
  if (input == null || output == null) return null;
  return promptTokens * input + answerTokens * output;
}
