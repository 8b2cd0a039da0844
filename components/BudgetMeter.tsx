/** The budget header: dollars left, a bar, reset date and key expiry. */
import { budgetLevel } from '@/lib/budget/badge';
import { isExpired, remainingBudget, usedFraction, type BudgetState } from '@/lib/budget/state';
import { formatDate, formatUsd, t } from '@/lib/i18n';

export function BudgetMeter({ budget, refreshing }: { budget: BudgetState | null; refreshing: boolean }) {
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
  const left = remainingBudget(budget);
  const used = usedFraction(budget);
  const expired = isExpired(budget, Date.now());
  const level = budgetLevel(budget, Date.now());
  return (
    <section className={`budget budget-${level}`} data-testid="budget">
      <div className="budget-line">
        <strong data-testid="budget-left">{left === null ? t('budgetNoLimit') : t('budgetLeft', formatUsd(left))}</strong>
        {budget.maxBudget !== null && <span className="muted"> {t('budgetOf', formatUsd(budget.maxBudget))}</span>}
        {budget.estimated && <span className="tag" title={t('budgetEstimated')}>{t('budgetEstimated')}</span>}
        {refreshing && <span className="muted spinner" aria-label={t('budgetRefreshing')} />}
      </div>
      {used !== null && (
        <div className="bar" role="meter" aria-label={t('budgetAriaLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(used * 100)}>
          <div className="bar-fill" style={{ width: `${Math.round(used * 100)}%` }} />
        </div>
      )}
      <div className="budget-meta muted">
        {budget.maxBudget === null && <span>{t('budgetSpent', formatUsd(budget.spend))}</span>}
        {budget.resetAt && <span data-testid="budget-reset">{t('budgetResets', formatDate(budget.resetAt))}</span>}
        {budget.expires && <span data-testid="budget-expiry">{t(expired ? 'budgetExpired' : 'budgetExpires', formatDate(budget.expires))}</span>}
      </div>
    </section>
  );
}
