/**
 * The toolbar badge: dollars left in at most four characters and a colour for the state of the key, with the
 * details in the tooltip. Computed from the stored budget, so it follows every answer with no
 * extra request.
 */
import { budgetLabel, budgetResets, formatScopeReset } from './names';
import { budgetSentence } from '../errors/sentences';
import { formatDate, formatUsd, t } from '../i18n';
import type { BudgetState } from './state';
import { bindingScope, blockingRefusal, budgetLevel, type BudgetLevel, isExpired, remainingBudget } from './read';

export const BADGE_COLORS: Record<BudgetLevel, string> = { ok: '#1a7f37', low: '#b35900', exhausted: '#c62828', unknown: '#5b6470' };

/** The most characters the toolbar badge shows before Chrome clips the rest. */
export const BADGE_MAX_CHARS = 4;

/**
 * Dollars left as the badge can show them: whole dollars (`$4`, `$140`), thousands (`$12k`),
 * cents under a dollar (`90¢`, `<1¢`); never more than BADGE_MAX_CHARS characters.
 */
export function shortUsd(amount: number): string {
  if (amount >= 1000) return `$${Math.min(99, Math.floor(amount / 1000))}k`;
  if (amount >= 1) return `$${Math.floor(amount)}`;
  const cents = Math.floor(amount * 100);
  return cents >= 1 ? `${cents}¢` : amount > 0 ? '<1¢' : '0¢';
}

export interface Badge {
  text: string;
  color: string;
  title: string;
}

export function budgetBadge(budget: BudgetState | null, now: number): Badge {
  // A refusal the gateway gave for a budget this key cannot read blocks every request as surely as
  // figures that are used up (admission refuses them), so it reads the same: `!` on red.
  const refused = blockingRefusal(budget, now);
  const level = refused ? 'exhausted' : budgetLevel(budget, now);
  if (!budget || (!budget.reported && !refused)) return { text: '', color: BADGE_COLORS.unknown, title: t('extName') };
  const left = budget.reported ? remainingBudget(budget) : null;
  const lines = [t('extName')];
  if (budget.reported) {
    const binding = bindingScope(budget);
    lines.push(budgetLabel(binding));
    if (binding.spend !== null) lines.push(t('budgetSpent', formatUsd(binding.spend)));
    if (binding.limit !== null) lines.push(t('budgetLeft', formatUsd(left ?? 0)) + ` ${t('budgetOf', formatUsd(binding.limit))}`);
    else lines.push(t('budgetNoLimit'));
    if (binding.resetAt) lines.push(t('budgetResets', formatScopeReset(binding, binding.resetAt)));
    if (budget.expires) lines.push(t(isExpired(budget, now) ? 'budgetExpired' : 'budgetExpires', formatDate(budget.expires)));
  }
  if (refused) lines.push(budgetSentence(refused.refusal, { resets: budgetResets(budget) }));
  // Blocked (used up, expired or refused) reads as `!` on red: no amount to misread as money left.
  const text = level === 'exhausted' ? '!' : left === null ? '∞' : shortUsd(left);
  return { text, color: BADGE_COLORS[level], title: lines.join('\n') };
}

/** Redraws the badge when a remembered refusal lapses: nothing is written to the budget then. */
let lapse: ReturnType<typeof setTimeout> | undefined;

export async function showBudgetBadge(budget: BudgetState | null): Promise<void> {
  const now = Date.now();
  const badge = budgetBadge(budget, now);
  clearTimeout(lapse);
  const refused = blockingRefusal(budget, now);
  if (refused) lapse = setTimeout(() => void showBudgetBadge(budget), refused.until - now);
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setBadgeTextColor?.({ color: '#ffffff' }),
    browser.action.setTitle({ title: badge.title }),
  ]);
}
