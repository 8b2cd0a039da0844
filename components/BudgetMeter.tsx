/**
 * The budget header: the budget that binds now, named (the key's, its team's, a window…), with
 * dollars left, a bar, its reset date and the key's expiry; the other budgets in a disclosure.
 */
import type { BudgetState } from '@/lib/budget/state';
import { bindingScope, budgetLevel, isExpired, remainingBudget, usedFraction } from '@/lib/budget/read';
import { budgetLabel, formatScopeReset } from '@/lib/budget/names';
import { lazy, Suspense } from 'react';
import { formatDate, formatUsd, t } from '@/lib/i18n';

// The other budgets' disclosure, a moment after the binding one: not part of the popup's first paint (issue #17).
const BudgetScopeDetails = lazy(() => import('./BudgetScopes').then((m) => ({ default: m.BudgetScopeDetails })));

/** `stale`: the gateway did not answer the refresh, so the figures are the last ones known. */
export function BudgetMeter({ budget, refreshing, stale = false }: { budget: BudgetState | null; refreshing: boolean; stale?: boolean }) {
  if (!budget) {
    return (
      <section className="budget" aria-busy="true" data-testid="budget">
        <span className="muted">{t('budgetRefreshing')}</span>
      </section>
    );
  }
  if (!budget.reported) {
    return (
      <section className="budget" data-testid="budget">
        <span className="muted">{t('budgetNotReported')}</span>
      </section>
    );
  }
  const binding = bindingScope(budget);
  const left = remainingBudget(budget);
  const used = usedFraction(budget);
  const expired = isExpired(budget, Date.now());
  const level = budgetLevel(budget, Date.now());
  return (
    <section className={`budget budget-${level}`} data-testid="budget">
      <div className="budget-line">
        <span data-testid="budget-scope">{budgetLabel(binding)}: </span>
        <strong data-testid="budget-left">{left === null ? t('budgetNoLimit') : t('budgetLeft', formatUsd(left))}</strong>
        {binding.limit !== null && <span className="muted"> {t('budgetOf', formatUsd(binding.limit))}</span>}
        {stale ? (
          <span className="tag stale" data-testid="budget-stale" title={t('budgetStaleHint')}>
            {t('budgetStale')}
          </span>
        ) : (
          budget.estimated && <span className="tag">{t('budgetEstimated')}</span>
        )}
        {refreshing && <span className="muted spinner" aria-label={t('budgetRefreshing')} />}
      </div>
      {used !== null && (
        <div className="bar" role="meter" aria-label={t('budgetAriaLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)}>
          <div className="bar-fill" style={{ width: `${Math.round(used * 100)}%` }} />
        </div>
      )}
      <div className="budget-meta muted">
        {binding.limit === null && <span>{t('budgetSpent', formatUsd(budget.spend))}</span>}
        {binding.resetAt && <span data-testid="budget-reset">{t('budgetResets', formatScopeReset(binding, binding.resetAt))}</span>}
        {budget.expires && <span data-testid="budget-expiry">{t(expired ? 'budgetExpired' : 'budgetExpires', formatDate(budget.expires))}</span>}
      </div>
      <Suspense>
        <BudgetScopeDetails budget={budget} />
      </Suspense>
    </section>
  );
}
