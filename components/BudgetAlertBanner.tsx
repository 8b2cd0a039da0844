/** The one budget or key alert that matters now, with whom to ask when it blocks. */
import type { BudgetAlert } from '@/lib/budget/alerts';
import type { BudgetState } from '@/lib/budget/state';
import { bindingScope, remainingBudget } from '@/lib/budget/read';
import { budgetSentence } from '@/lib/errors/sentences';
import { budgetScopeId } from '@/lib/budget/names';
import { formatDate, formatUsd, t } from '@/lib/i18n';

function alertText(alert: BudgetAlert, budget: BudgetState): string {
  switch (alert.kind) {
    case 'used': {
      const left = formatUsd(remainingBudget(budget) ?? 0);
      const { resetAt } = bindingScope(budget);
      return resetAt ? t('alertUsed', alert.percent, left, formatDate(resetAt)) : t('alertUsedNoReset', alert.percent, left);
    }
    case 'expiring':
      return t('alertExpiring', formatDate(alert.expires));
    case 'exhausted':
      // The key's own budget keeps its familiar wording; any other names itself (issue #12).
      if (alert.scope.scope === 'key') return alert.resetAt ? t('alertExhausted', formatDate(alert.resetAt)) : t('alertExhaustedNoReset');
      return budgetSentence(alert.scope, { resets: { [budgetScopeId(alert.scope)]: alert.resetAt } });
    case 'expired':
      return t('alertExpired', formatDate(alert.expires));
  }
}

/** `onCheckAgain`: for a budget known used up only from the gateway's refusal, lets the person have it asked again now. */
export function BudgetAlertBanner({
  alert,
  budget,
  adminContact,
  onDismiss,
  onCheckAgain,
}: {
  alert: BudgetAlert;
  budget: BudgetState;
  adminContact: string;
  onDismiss(): void;
  onCheckAgain?: () => void;
}) {
  return (
    <div className={`alert alert-${alert.kind}`} role={alert.dismissible ? 'status' : 'alert'} data-testid="budget-alert" data-kind={alert.kind}>
      <p>
        {alertText(alert, budget)}
        {/* A block always names a next step: the admin contact when the organization set one, else whom to ask. */}
        {!alert.dismissible && adminContact && ` ${t('problem_admin_contact', adminContact)}`}
        {alert.kind === 'exhausted' && alert.resetAt && !adminContact && ` ${t('alertAskAdmin')}`}
      </p>
      <div className="row">
        {alert.kind === 'expired' && (
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('openSettings')}
          </button>
        )}
        {alert.kind === 'exhausted' && alert.remembered && onCheckAgain && (
          <button type="button" data-testid="check-budget-again" onClick={onCheckAgain}>
            {t('alertCheckAgain')}
          </button>
        )}
        {alert.dismissible && (
          <button type="button" data-testid="dismiss-alert" onClick={onDismiss}>
            {t('dismiss')}
          </button>
        )}
      </div>
    </div>
  );
}
