/**
 * What the person should be told about their key right now: a warning when the budget crosses
 * each threshold (once per budget period) or the key expires within a week, and the blocked
 * states, which stay until the budget resets or a new key is pasted.
 */
import type { BudgetState } from './state';
import { bindingScope, blockingRefusal, isExpired, type ScopeView, usedFraction } from './read';

export const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

export type BudgetAlert =
  | { id: string; kind: 'used'; percent: number; dismissible: true }
  | { id: string; kind: 'expiring'; expires: string; dismissible: true }
  /** `remembered`: known from the gateway's refusal, not from figures this key reads; it may be checked again. */
  | { id: string; kind: 'exhausted'; resetAt: string | null; scope: ScopeView; remembered: boolean; dismissible: false }
  | { id: string; kind: 'expired'; expires: string; dismissible: false };

/** The alert that matters most, skipping warnings already dismissed in this period. */
export function currentAlert(budget: BudgetState | null, now: number, warnPercents: readonly number[], dismissed: readonly string[]): BudgetAlert | null {
  if (!budget) return null;
  if (!budget.reported) return refusedAlert(budget, now);
  if (budget.expires && isExpired(budget, now)) return { id: `expired@${budget.expires}`, kind: 'expired', expires: budget.expires, dismissible: false };
  const used = usedFraction(budget);
  // Thresholds and the blocked state follow the budget that binds, and its own period.
  const binding = bindingScope(budget);
  if (used !== null && used >= 1) {
    return { id: `exhausted@${binding.scope}:${binding.resetAt ?? ''}`, kind: 'exhausted', resetAt: binding.resetAt, scope: binding, remembered: false, dismissible: false };
  }
  const refused = refusedAlert(budget, now);
  if (refused) return refused;
  // The period is named by its budget and reset date, so each threshold warns once per period.
  const period = binding.scope === 'key' ? (budget.resetAt ?? 'no-reset') : `${binding.scope}:${binding.resetAt ?? 'no-reset'}`;
  const crossed = used === null ? undefined : [...warnPercents].sort((a, b) => b - a).find((percent) => used * 100 >= percent);
  if (crossed !== undefined) {
    const id = `used-${crossed}@${period}`;
    if (!dismissed.includes(id)) return { id, kind: 'used', percent: crossed, dismissible: true };
  }
  if (budget.expires && Date.parse(budget.expires) - now <= EXPIRY_WARNING_MS) {
    const id = `expiring@${budget.expires}`;
    if (!dismissed.includes(id)) return { id, kind: 'expiring', expires: budget.expires, dismissible: true };
  }
  return null;
}

/** A budget the key cannot read, which the gateway refused lately (state.ts rememberRefusal). */
function refusedAlert(budget: BudgetState, now: number): BudgetAlert | null {
  const refused = blockingRefusal(budget, now);
  if (!refused) return null;
  const { scope, id, spend, limit, model, window } = refused.refusal;
  const view: ScopeView = { scope, id, name: null, window, model, visible: false, spend, limit, resetAt: null };
  return { id: `refused@${scope}:${refused.at}`, kind: 'exhausted', resetAt: null, scope: view, remembered: true, dismissible: false };
}

/** Whether new requests are pointless until something changes: the gateway would refuse them. */
export function isBlocked(alert: BudgetAlert | null): boolean {
  return alert?.kind === 'exhausted' || alert?.kind === 'expired';
}
