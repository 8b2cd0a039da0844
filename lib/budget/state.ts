/**
 * The budget the person sees, combined from /key/info and what each answer reports. LiteLLM's
 * /key/info lags by its batch write (~10 s) while `x-litellm-key-spend` is current, and a stream
 * carries only the pre-call spend (contract §2, §6): so the shown spend is the highest credible
 * value within the current budget period, marked estimated when it is ahead of /key/info.
 */
import { z } from 'zod';
import type { CallHeaders } from '../gateway/client';
import type { KeyInfo } from '../gateway/wire';
import { BudgetRefusal, BudgetScopeKind } from './refusal';
import { isModelScope, type ScopeView, scopeViews } from './read';

/**
 * A budget the key is under besides its own max_budget (addendum §1): a window, a model's budget,
 * the team, the person's share of it, the internal user. The key's own figures stay the state's
 * top-level fields; `scopeViews` puts them first in one list.
 */
export const BudgetScope = z.object({
  scope: BudgetScopeKind,
  /** The team or user id LiteLLM uses; null for the key's own windows and models. */
  id: z.string().nullable(),
  /** The team's alias, when it has one. */
  name: z.string().nullable(),
  window: z.string().nullable(),
  model: z.string().nullable(),
  /** False when this key may not read it (403/404 on /team/info or /user/info): it exists, its figures are unknown. */
  visible: z.boolean(),
  /** Null when the gateway gives the limit but not the spend (windows before LiteLLM PR #37044). */
  spend: z.number().nullable(),
  limit: z.number().nullable(),
  resetAt: z.string().nullable(),
  /** The spend the gateway last reported, to know when its database has caught up. */
  reportedSpend: z.number().nullable(),
});
export type BudgetScope = z.infer<typeof BudgetScope>;

/**
 * A budget refusal the worker remembers (issue #12): the gateway said `budget_exceeded` for a
 * budget this key may not read, so the next request would be refused too until `until`.
 */
export const RememberedRefusal = z.object({
  refusal: BudgetRefusal,
  at: z.number(),
  until: z.number(),
});
export type RememberedRefusal = z.infer<typeof RememberedRefusal>;

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
  /** Every other budget this key is under, as last read with /key/info, /team/info and /user/info. */
  scopes: z.array(BudgetScope).default([]),
  /** Refusals the gateway gave for budgets, remembered so the same request is not sent again in vain. */
  refusals: z.array(RememberedRefusal).default([]),
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
  scopes: [],
  refusals: [],
  updatedAt: 0,
};

/**
 * How long an estimate ahead of /key/info is believed. LiteLLM writes spend every 10 s by
 * default (60 s in its production examples); past this, a lower /key/info figure is real (an
 * admin lowered the spend) rather than lag.
 */
export const DATABASE_LAG_MS = 120_000;

/** The key's windows and per-model budgets, as /key/info lists them. */
export function keyScopes(info: KeyInfo): BudgetScope[] {
  const windows = (info.budget_limits ?? []).map((w): BudgetScope => {
    const spend = info.budget_limits_usage?.[w.budget_duration]?.current_spend ?? null;
    return { scope: 'key_window', id: null, name: null, window: w.budget_duration, model: null, visible: true, spend, limit: w.max_budget, resetAt: w.reset_at ?? null, reportedSpend: spend };
  });
  const models = Object.entries(info.model_max_budget ?? {}).map(([model, b]): BudgetScope => {
    const spend = info.model_max_budget_usage?.[model]?.current_spend ?? null;
    return { scope: 'key_model', id: null, name: null, window: null, model, visible: true, spend, limit: b.budget_limit ?? null, resetAt: null, reportedSpend: spend };
  });
  return [...windows, ...models];
}

const sameScope = (a: BudgetScope, b: BudgetScope) => a.scope === b.scope && a.id === b.id && a.window === b.window && a.model === b.model;

/**
 * The same lag rule as the key's, scope by scope: within one period (same limit and reset) and
 * while an answer's estimate is recent, a lower reported spend is the database lagging behind.
 */
function keepAhead(read: BudgetScope, previous: BudgetScope | undefined, recent: boolean): BudgetScope {
  if (!previous || !recent || previous.limit !== read.limit || previous.resetAt !== read.resetAt) return read;
  if (previous.spend === null || read.spend === null || previous.spend <= read.spend) return read;
  return { ...read, spend: previous.spend };
}

export function budgetFromKeyInfo(info: KeyInfo, previous: BudgetState | null, now: number, others: BudgetScope[] = []): BudgetState {
  const samePeriod = previous?.reported && previous.resetAt === (info.budget_reset_at ?? null) && previous.maxBudget === (info.max_budget ?? null);
  const recent = previous?.estimatedAt != null && now - previous.estimatedAt < DATABASE_LAG_MS;
  const ahead = samePeriod && recent && previous.spend > info.spend;
  const read = [...keyScopes(info), ...others];
  const scopes = read.map((scope) => keepAhead(scope, previous?.scopes.find((p) => sameScope(p, scope)), recent));
  const scopesAhead = scopes.some((scope, i) => scope !== read[i]);
  // A refused budget that has become readable (the admin opened /user/info…) is left to its figures.
  const next: BudgetState = {
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
    estimatedAt: ahead || scopesAhead ? (previous?.estimatedAt ?? null) : null,
    scopes,
    refusals: [],
    updatedAt: now,
  };
  return { ...next, refusals: (previous?.refusals ?? []).filter((r) => r.until > now && !readableView(next, r.refusal)) };
}

/**
 * After an answer. Non-streaming: `x-litellm-key-spend` already includes this call. Streaming:
 * it is the pre-call spend, so add the call's cost (header, usage.cost or usage × prices).
 */
export function budgetAfterCall(previous: BudgetState, headers: CallHeaders, callCost: number | null, streamed: boolean, now: number, model: string): BudgetState {
  const fromHeader = headers.keySpend === null ? null : streamed ? headers.keySpend + (callCost ?? 0) : headers.keySpend;
  const fromPrevious = previous.spend + (callCost ?? 0);
  const spend = fromHeader === null ? fromPrevious : Math.max(fromHeader, previous.spend);
  return {
    ...previous,
    spend,
    maxBudget: headers.keyMaxBudget ?? previous.maxBudget,
    // No header reports the other budgets: the call's cost moves each one that contains it.
    scopes: previous.scopes.map((scope) =>
      scope.spend === null || (scope.model !== null && scope.model !== model) ? scope : { ...scope, spend: scope.spend + (callCost ?? 0) },
    ),
    estimated: streamed || fromHeader === null || spend !== headers.keySpend,
    estimatedAt: now,
    updatedAt: now,
  };
}

/**
 * How long a refusal is believed. It is remembered only for a budget this key may not read (the
 * person's own when /user/info is closed, an end user's, an organization's, a tag's, a project's, a
 * team member's): nothing the key reads tells when such a budget resets or is raised, and the
 * message gives no reset time. So the honest rule is to ask the gateway again now and then: at most
 * one refused call per interval instead of one per click, and "Check again" asks at once.
 */
export const REFUSAL_RECHECK_MS = 15 * 60_000;

/** The budget a refusal names, among those this key reads; undefined when it cannot read it. */
function readableView(state: BudgetState, refusal: BudgetRefusal): ScopeView | undefined {
  if (!state.reported) return undefined;
  // Only a model's budget is tied to a model: other refusals name the requested model in passing.
  const model = isModelScope(refusal.scope) ? refusal.model : null;
  return scopeViews(state).find(
    (view) => view.visible && view.scope === refusal.scope && view.window === refusal.window && view.model === model && (refusal.id === null || view.id === null || view.id === refusal.id),
  );
}

const sameRefusal = (a: BudgetRefusal, b: BudgetRefusal) =>
  a.scope === b.scope && a.id === b.id && a.window === b.window && (!isModelScope(a.scope) || a.model === b.model);

/**
 * Remembers a `budget_exceeded` answer for a budget this key may not read. One it reads is left to
 * its figures, read again right after a refusal (with the lag rule above): they show when it
 * resets or is raised, which a remembered refusal could not.
 */
export function rememberRefusal(state: BudgetState, refusal: BudgetRefusal, now: number): BudgetState {
  const refusals = state.refusals.filter((r) => r.until > now && !sameRefusal(r.refusal, refusal));
  if (readableView(state, refusal)) return { ...state, refusals };
  return { ...state, refusals: [...refusals, { refusal, at: now, until: now + REFUSAL_RECHECK_MS }] };
}

/** "Check again": forget every remembered refusal, so the next request asks the gateway. */
export function forgetRefusals(state: BudgetState): BudgetState {
  return { ...state, refusals: [] };
}
