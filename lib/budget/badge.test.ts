import { describe, expect, it } from 'vitest';
import { budgetBadge, budgetLevel, shortUsd } from './badge';
import { UNREPORTED_BUDGET, type BudgetState } from './state';

const budget = (spend: number, maxBudget: number | null, extra: Partial<BudgetState> = {}): BudgetState => ({
  ...UNREPORTED_BUDGET,
  reported: true,
  spend,
  maxBudget,
  ...extra,
});

describe('budget badge', () => {
  it('short dollar amounts fit the badge', () => {
    expect(shortUsd(3.27)).toBe('$3.2');
    expect(shortUsd(0.009)).toBe('$0.0');
    expect(shortUsd(12.9)).toBe('$12');
    expect(shortUsd(140.5)).toBe('$140');
    expect(shortUsd(1234)).toBe('$1.2k');
  });

  it('colours follow normal, below 20 % and exhausted or expired', () => {
    expect(budgetLevel(budget(1, 5), 0)).toBe('ok');
    expect(budgetLevel(budget(4.2, 5), 0)).toBe('low');
    expect(budgetLevel(budget(5, 5), 0)).toBe('exhausted');
    expect(budgetLevel(budget(0, 5, { expires: '2020-01-01T00:00:00Z' }), Date.parse('2026-01-01'))).toBe('exhausted');
    expect(budgetLevel(budget(10, null), 0)).toBe('ok');
    expect(budgetLevel(null, 0)).toBe('unknown');
  });

  it('shows dollars left, ∞ without a limit, nothing for an unmetered gateway', () => {
    expect(budgetBadge(budget(1.8, 5), 0).text).toBe('$3.2');
    expect(budgetBadge(budget(1.8, null), 0).text).toBe('∞');
    expect(budgetBadge({ ...UNREPORTED_BUDGET }, 0).text).toBe('');
  });
});
