/**
 * Every budget the key is under, with its spend, limit and reset, the one that binds marked, and
 * those this key may not read said to be so (issue #12). The popup shows it in a disclosure, the
 * options page as a list.
 */
import type { BudgetState } from '@/lib/budget/state';
import { bindingScope, scopeViews, type ScopeView } from '@/lib/budget/read';
import { budgetLabel, formatScopeReset } from '@/lib/budget/names';
import { formatUsd, t } from '@/lib/i18n';

function figures(view: ScopeView): string {
  if (!view.visible) return t('budgetScopeHidden');
  if (view.spend === null) return view.limit === null ? t('budgetNoLimit') : t('budgetScopeSpendUnknown', formatUsd(view.limit));
  return view.limit === null ? t('budgetScopeSpentNoLimit', formatUsd(view.spend)) : t('budgetScopeSpent', formatUsd(view.spend), formatUsd(view.limit));
}

const scopeKey = (view: ScopeView) => [view.scope, view.id, view.window, view.model].join(':');

export function BudgetScopeList({ budget }: { budget: BudgetState }) {
  const binding = bindingScope(budget);
  return (
    <ul className="budget-scopes" data-testid="budget-scopes">
      {scopeViews(budget).map((view) => {
        const binds = scopeKey(view) === scopeKey(binding) && binding.limit !== null;
        return (
          <li key={scopeKey(view)} data-testid="budget-scope-row" data-scope={view.scope} data-binding={binds}>
            <strong>{budgetLabel(view)}</strong>
            {view.name && <span className="muted"> ({view.name})</span>}: {figures(view)}
            {view.resetAt && <span className="muted"> · {t('budgetResets', formatScopeReset(view, view.resetAt))}</span>}
            {binds && <span className="tag"> {t('budgetScopeBinding')}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** The popup's form: closed by default, so the meter stays one glance. */
export function BudgetScopeDetails({ budget }: { budget: BudgetState }) {
  if (budget.scopes.length === 0) return null;
  return (
    <details className="budget-details" data-testid="budget-details">
      <summary>{t('budgetScopesTitle')}</summary>
      <BudgetScopeList budget={budget} />
    </details>
  );
}
