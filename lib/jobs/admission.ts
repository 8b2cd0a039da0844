/**
 * Whether the worker may start a job at all. Every surface (popup, panel, right-click, a message
 * sent straight from an extension page) goes through this: the UI only mirrors these rules.
 */
import { currentAlert } from '../budget/alerts';
import type { BudgetRefusal } from '../budget/refusal';
import { isModelScope } from '../budget/read';
import type { BudgetState } from '../budget/state';
import { activeRefusals, exhaustedModelScopes, type ScopeView } from '../budget/read';
import { pageProblem, type Problem } from '../errors/problem';
import { pickableModels } from '../settings/choices';
import type { Feature, Settings } from '../settings/schema';
import type { Action, ActionRef } from '../features/action/action';

export interface AdmissionFacts {
  feature: Feature;
  model: string;
  /** For 'action' jobs: which action, and the actions this person may run now. */
  action: ActionRef | null;
  actions: readonly Action[];
  settings: Settings;
  /** The key's models as last read from the gateway; null when never read (the gateway decides then). */
  keyModels: string[] | null;
  budget: BudgetState | null;
  now: number;
}

const refused = (kind: Problem['kind'], message: string, scope: BudgetRefusal | null = null): Problem => ({ kind, status: null, message, retryAfterS: null, scope });

const refusalOf = ({ scope, id, spend, limit, model, window }: ScopeView): BudgetRefusal => ({ scope, id, spend, limit, model, window });

/** The problem that stops this job before anything is read or sent, or null when it may run. */
export function refusal({ feature, model, action, actions, settings, keyModels, budget, now }: AdmissionFacts): Problem | null {
  if (settings.disabledFeatures.includes(feature)) return pageProblem('feature_disabled', `${feature} is turned off by your organization`);
  if (feature === 'action' && !actions.some((a) => a.origin === action?.origin && a.id === action.id)) {
    return pageProblem('action_unavailable', action ? `${action.origin}:${action.id}` : 'no action named');
  }
  const allowed = settings.allowedModels.length > 0 ? settings.allowedModels : null;
  const pickable = keyModels ? pickableModels(keyModels, settings) : allowed;
  if (pickable && !pickable.includes(model)) return refused('model_not_allowed', `${model} is not among the models this key and policy allow`);
  const alert = currentAlert(budget, now, [], []);
  if (alert?.kind === 'expired') return refused('expired_key', `the key expired on ${alert.expires}`);
  // The budget that binds is used up: the gateway would refuse, so say which budget it is.
  if (alert?.kind === 'exhausted') return refused('budget_exceeded', `the ${alert.scope.scope} budget shown is used up`, refusalOf(alert.scope));
  // A model's own budget stops that model only; the others still run.
  const modelBudget = exhaustedModelScopes(budget).find((s) => s.model === model);
  if (modelBudget) return refused('budget_exceeded', `the budget for ${model} is used up`, refusalOf(modelBudget));
  // The gateway refused a budget this key may not read: sending again would only be refused again.
  const remembered = activeRefusals(budget, now).find((r) => !isModelScope(r.refusal.scope) || r.refusal.model === model);
  if (remembered) {
    return refused('budget_exceeded', `the gateway refused the ${remembered.refusal.scope} budget; not asked again until ${new Date(remembered.until).toISOString()}`, remembered.refusal);
  }
  return null;
}
