/**
 * The budget the person sees, combined from /key/info and what each answer reports. LiteLLM's
 * /key/info lags by its batch write (~10 s) while `x-litellm-key-spend` is current, and a stream
 * carries only the pre-call spend (contract §2, §6): so the shown spend is the highest credible
 * value within the current budget period, marked estimated when it is ahead of /key/info.
 */
import { z } from 'zod';
import type { CallHeaders } from '../gateway/client';
import type { KeyInfo } from '../gateway/wire';

export const BudgetState = z.object({
  /** False for plain OpenAI-compatible gateways without /key/info. */
  reported: z.boolean(),
  keyAlias: z.string().nullable(),
  spend: z.number(),
  maxBudget: z.number().nullable(),
  resetAt: z.string().nullable(),
  expires: z.string().nullable(),
  userId: z.string().nullable(),
  models: z.array(z.string()),
  rpmLimit: z.number().nullable().default(null),
  tpmLimit: z.number().nullable().default(null),
  /** Spend is ahead of what /key/info last said (computed from answers). */
  estimated: z.boolean(),
  /** The spend /key/info last reported, to know when the database has caught up. */
  reportedSpend: z.number(),
  /** When an answer last moved the spend ahead of /key/info; null when the figure is /key/info's own. */
  estimatedAt: z.number().nullable().default(null),
  updatedAt: z.number(),
});
export type BudgetState = z.infer<typeof BudgetState>;

export const UNREPORTED_BUDGET: BudgetState = {
  reported: false,
  keyAlias: null,
  spend: 0,
  maxBudget: null,
  resetAt: null,
  expires: null,
  userId: null,
  models: [],
  rpmLimit: null,
  tpmLimit: null,
  estimated: false,
  reportedSpend: 0,
  estimatedAt: null,
  updatedAt: 0,
};

/**
 * How long an estimate ahead of /key/info is believed. LiteLLM writes spend every 10 s by
 * default (60 s in its production examples); past this, a lower /key/info figure is real (an
 * admin lowered the spend) rather than lag.
 */
export const DATABASE_LAG_MS = 120_000;

export function budgetFromKeyInfo(info: KeyInfo, previous: BudgetState | null, now: number): BudgetState {
  const samePeriod = previous?.reported && previous.resetAt === (info.budget_reset_at ?? null) && previous.maxBudget === (info.max_budget ?? null);
  const recent = previous?.estimatedAt != null && now - previous.estimatedAt < DATABASE_LAG_MS;
  const ahead = samePeriod && recent && previous.spend > info.spend;
  return {
    reported: true,
    keyAlias: info.key_alias ?? info.key_name ?? null,
    spend: ahead ? previous.spend : info.spend,
    maxBudget: info.max_budget ?? null,
    resetAt: info.budget_reset_at ?? null,
    expires: info.expires ?? null,
    userId: info.user_id ?? null,
    models: info.models,
    rpmLimit: info.rpm_limit ?? null,
    tpmLimit: info.tpm_limit ?? null,
    estimated: Boolean(ahead),
    reportedSpend: info.spend,
    estimatedAt: ahead ? previous.estimatedAt : null,
    updatedAt: now,
  };
}

/**
 * After an answer. Non-streaming: `x-litellm-key-spend` already includes this call. Streaming:
 * it is the pre-call spend, so add the call's cost (header, usage.cost or usage × prices).
 */
export function budgetAfterCall(previous: BudgetState, headers: CallHeaders, callCost: number | null, streamed: boolean, now: number): BudgetState {
  const fromHeader = headers.keySpend === null ? null : streamed ? headers.keySpend + (callCost ?? 0) : headers.keySpend;
  const fromPrevious = previous.spend + (callCost ?? 0);
  const spend = fromHeader === null ? fromPrevious : Math.max(fromHeader, previous.spend);
  return {
    ...previous,
    spend,
    maxBudget: headers.keyMaxBudget ?? previous.maxBudget,
    estimated: streamed || fromHeader === null || spend !== headers.keySpend,
    estimatedAt: now,
    updatedAt: now,
  };
}

export function remainingBudget(state: BudgetState): number | null {
  return state.maxBudget === null ? null : Math.max(0, state.maxBudget - state.spend);
}

export function usedFraction(state: BudgetState): number | null {
  if (state.maxBudget === null) return null;
  if (state.maxBudget <= 0) return 1;
  return Math.min(1, state.spend / state.maxBudget);
}

export function isExpired(state: BudgetState, now: number): boolean {
  return state.expires !== null && Date.parse(state.expires) <= now;
}
