import { formatUsd, t } from '@/lib/i18n';

/** What a cost question says beside its cost: the budget left, as a warning when the cost could pass it. */
export function BudgetLeftNote({ left, over, testId }: { left: number; over: boolean; testId: string }) {
  return (
    <p className={over ? 'warning' : 'muted'} data-testid={testId}>
      {t(over ? 'confirmOverLeft' : 'confirmLeft', formatUsd(left))}
    </p>
  );
}
