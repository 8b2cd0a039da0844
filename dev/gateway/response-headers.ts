/**
 * The x-litellm-* and x-ratelimit-* headers LiteLLM's `get_custom_headers` puts on LLM responses
 * (contract §2). Values are strings in Python's formatting; empty ones are left out, as LiteLLM
 * drops "", None and "None".
 */
import type { KeyAccount } from './key-store';
import type { Model } from './models';
import { pyFloat } from './py-format';

/** Says "simulator" in the build part, so nothing mistakes this for a real proxy of that version. */
const SIMULATED_VERSION = '1.84.0+simulator';

export interface HeaderFacts {
  callId: string;
  model?: Model | undefined;
  /** Null for the master key, which has no spend or limits of its own. */
  account: KeyAccount | null;
  /**
   * The spend to report: pre-call on streams, including this call otherwise. The master key
   * reports one too (its cached spend is 0 without a database, so it shows this call's cost).
   */
  keySpend?: number;
  /** Absent on streams: the cost is not known when the headers leave (contract §2). */
  responseCost?: number;
  /**
   * A successful answer's cost split into input and output. LiteLLM 1.108.7 sends the breakdown on
   * streams too, with zeros, since it is built before the first chunk; errors carry none.
   */
  costBreakdown?: { input: number; output: number };
  durationMs: number;
  remainingRequests?: number | null;
  remainingTokens?: number | null;
}

export function litellmHeaders(facts: HeaderFacts): Record<string, string> {
  const key = facts.account?.record;
  const rpm = key?.rpm_limit ?? null;
  const tpm = key?.tpm_limit ?? null;
  const requestsLeft = rpm === null ? undefined : String(Math.max(0, facts.remainingRequests ?? rpm));
  const tokensLeft = tpm === null ? undefined : String(Math.max(0, facts.remainingTokens ?? tpm));
  const breakdown = facts.costBreakdown;
  const all: Record<string, string | undefined> = {
    'x-litellm-call-id': facts.callId,
    'x-litellm-model-id': facts.model?.model_info.id,
    'x-litellm-model-group': facts.model?.model_name,
    'x-litellm-model-name': facts.model?.litellm_params.model,
    'x-litellm-version': SIMULATED_VERSION,
    'x-litellm-response-cost': facts.responseCost === undefined ? undefined : pyFloat(facts.responseCost),
    ...(breakdown
      ? {
          'x-litellm-response-cost-original': pyFloat(facts.responseCost ?? 0),
          'x-litellm-response-cost-discount-amount': '0.0',
          'x-litellm-response-cost-margin-amount': '0.0',
          'x-litellm-response-cost-margin-percent': '0.0',
          'x-litellm-response-cost-input': pyFloat(breakdown.input),
          'x-litellm-response-cost-output': pyFloat(breakdown.output),
          'x-litellm-response-cost-tool-usage': '0.0',
        }
      : {}),
    'x-litellm-key-spend': facts.keySpend === undefined ? undefined : pyFloat(facts.keySpend),
    'x-litellm-key-max-budget': key?.max_budget == null ? undefined : pyFloat(key.max_budget),
    'x-litellm-key-rpm-limit': rpm === null ? undefined : String(rpm),
    'x-litellm-key-tpm-limit': tpm === null ? undefined : String(tpm),
    'x-litellm-response-duration-ms': pyFloat(Math.round(facts.durationMs * 1000) / 1000),
    ...(breakdown ? { 'x-litellm-overhead-duration-ms': '0.0', 'x-litellm-callback-duration-ms': '0.0' } : {}),
    'x-litellm-attempted-retries': '0',
    'x-litellm-attempted-fallbacks': '0',
    // The v3 limiter's per-descriptor headers, and the OpenAI-style ones it also fills.
    'x-ratelimit-api_key-limit-requests': rpm === null ? undefined : String(rpm),
    'x-ratelimit-api_key-remaining-requests': requestsLeft,
    'x-ratelimit-api_key-limit-tokens': tpm === null ? undefined : String(tpm),
    'x-ratelimit-api_key-remaining-tokens': tokensLeft,
    'x-ratelimit-limit-requests': rpm === null ? undefined : String(rpm),
    'x-ratelimit-remaining-requests': requestsLeft,
    'x-ratelimit-limit-tokens': tpm === null ? undefined : String(tpm),
    'x-ratelimit-remaining-tokens': tokensLeft,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '' && entry[1] !== 'None'));
}
