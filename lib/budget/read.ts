/**
 * What a budget says: the readings every page shows (the budget that binds, what is left, which
 * models are unavailable). Only types come from the schemas, so a page paints its budget without
 * loading zod (issue #17); the schemas and the changes to a budget are in state.ts.
 */
import type { BudgetScope, BudgetState, RememberedRefusal } from './state';
import type { BudgetScopeKind } from './refusal';

/** Whether a refusal stops only one model, so the others may still be used. */
export function isModelScope(scope: BudgetScopeKind): boolean {
  return scope === 'key_model' || scope === 'end_user_model' || scope === 'team_member_model';
}

/** One budget as the person sees it: the key's own first, then every other scope. */
export type ScopeView = Omit<BudgetScope, 'reportedSpend'>;

export function scopeViews(state: BudgetState): ScopeView[] {
  const key: ScopeView = { scope: 'key', id: null, name: null, window: null, model: null, visible: true, spend: state.spend, limit: state.maxBudget, resetAt: state.resetAt };
  return [key, ...state.scopes];
}

const leftIn = (view: ScopeView) => (view.limit === null || view.spend === null ? Infinity : view.limit - view.spend);

/**
 * The budget that binds: of those that stop every request (a model's budget stops only that
 * model), the one with the least left; the key's own when none has a limit or ties.
 */
export function bindingScope(state: BudgetState): ScopeView {
  const [key, ...others] = scopeViews(state);
  return others.filter((view) => view.visible && !isModelScope(view.scope)).reduce((least, view) => (leftIn(view) < leftIn(least) ? view : least), key!);
}

/** Per-model budgets used up: the gateway refuses those models, the others still answer. */
export function exhaustedModelScopes(state: BudgetState | null): BudgetScope[] {
  return (state?.scopes ?? []).filter((s) => s.model !== null && s.visible && leftIn(s) <= 0);
}

export function exhaustedModels(state: BudgetState | null): string[] {
  return exhaustedModelScopes(state).map((s) => s.model!);
}

export function remainingBudget(state: BudgetState): number | null {
  const binding = bindingScope(state);
  return binding.limit === null || binding.spend === null ? null : Math.max(0, binding.limit - binding.spend);
}

export function usedFraction(state: BudgetState): number | null {
  const { limit, spend } = bindingScope(state);
  if (limit === null || spend === null) return null;
  if (limit <= 0) return 1;
  return Math.min(1, spend / limit);
}

export function isExpired(state: BudgetState, now: number): boolean {
  return state.expires !== null && Date.parse(state.expires) <= now;
}

/** The refusals that still stand now. */
export function activeRefusals(state: BudgetState | null, now: number): RememberedRefusal[] {
  return (state?.refusals ?? []).filter((r) => r.until > now);
}

/** The remembered refusal that stops every request, if any (a model's stops that model only). */
export function blockingRefusal(state: BudgetState | null, now: number): RememberedRefusal | undefined {
  return activeRefusals(state, now).find((r) => !isModelScope(r.refusal.scope));
}

/** Models unavailable now: their own budget is used up, as read or as the gateway last said. */
export function unavailableModels(state: BudgetState | null, now: number): string[] {
  const refused = activeRefusals(state, now).flatMap((r) => (isModelScope(r.refusal.scope) && r.refusal.model ? [r.refusal.model] : []));
  return [...new Set([...exhaustedModels(state), ...refused])];
}

/** How the meter and the badge colour a budget: used up (or expired), low, fine, or not reported. */
export type BudgetLevel = 'ok' | 'low' | 'exhausted' | 'unknown';

export const LOW_BUDGET_FRACTION = 0.8;

export function budgetLevel(budget: BudgetState | null, now: number): BudgetLevel {
  if (!budget || !budget.reported) return 'unknown';
  if (isExpired(budget, now)) return 'exhausted';
  const used = usedFraction(budget);
  if (used === null) return 'ok';
  if (used >= 1) return 'exhausted';
  return used >= LOW_BUDGET_FRACTION ? 'low' : 'ok';
}
