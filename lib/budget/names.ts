/**
 * How the UI names a budget and its reset: labels for meters, the badge and lists, and the keys
 * sentences find reset times under. Apart from errors/sentences.ts, which uses them, so a page
 * paints its budget without loading every problem's sentence (issue #17).
 */
import type { BudgetRefusal } from './refusal';
import type { BudgetState } from './state';
import { scopeViews } from './read';
import { formatDate, formatDateTime, type MessageKey, t } from '../i18n';

/** `1h` → "1-hour" / 「1時間枠」; a unit LiteLLM may add later stays as it was written. */
export function windowName(duration: string): string {
  const m = /^(\d+)(s|m|h|d|w|mo)$/.exec(duration);
  return m ? t(`budgetWindow_${m[2]}` as MessageKey, m[1]!) : duration;
}

/** "The team budget", "Your key's 1-hour budget", "Your key's budget for gpt-4o"… */
export function budgetScopeName(refusal: Pick<BudgetRefusal, 'scope' | 'id' | 'model' | 'window'>): string {
  const detail = refusal.window ? windowName(refusal.window) : refusal.scope === 'tag' ? (refusal.id ?? '') : (refusal.model ?? '');
  return t(`budgetScope_${refusal.scope}` as MessageKey, detail);
}

/** When a budget resets: with the time for windows shorter than a day, whose date alone says little. */
export function formatScopeReset(view: Pick<BudgetRefusal, 'window'>, resetAt: string): string {
  return view.window && /^\d+[smh]$/.test(view.window) ? formatDateTime(resetAt) : formatDate(resetAt);
}

/** The short name a meter, the badge or a list gives a budget: "Team budget", "Key 1-hour budget"… */
export function budgetLabel(view: Pick<BudgetRefusal, 'scope' | 'id' | 'model' | 'window'>): string {
  const detail = view.window ? windowName(view.window) : view.scope === 'tag' ? (view.id ?? '') : (view.model ?? '');
  return t(`budgetLabel_${view.scope}` as MessageKey, detail);
}

/** The key a scope's reset time is found under in SentenceContext.resets: its kind, and its window if any. */
export function budgetScopeId(refusal: Pick<BudgetRefusal, 'scope' | 'window' | 'model'>): string {
  return [refusal.scope, refusal.window ?? refusal.model].filter(Boolean).join(':');
}

/** When each budget of the key resets, for SentenceContext.resets. */
export function budgetResets(budget: BudgetState | null): Record<string, string | null> {
  return Object.fromEntries(budget ? scopeViews(budget).map((view) => [budgetScopeId(view), view.resetAt]) : []);
}
