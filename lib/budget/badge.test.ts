import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, BADGE_MAX_CHARS, budgetBadge, shortUsd } from './badge';
import { budgetLevel } from './read';
import { UNREPORTED_BUDGET, type BudgetState } from './state';

const budget = (spend: number, maxBudget: number | null, extra: Partial<BudgetState> = {}): BudgetState => ({
  ...UNREPORTED_BUDGET,
  reported: true,
  spend,
  maxBudget,
  ...extra,
});

describe('budget badge', () => {
  it('short dollar amounts fit the badge (at most 4 characters)', () => {
    const table: [number, string][] = [
      [0, '0¢'],
      [0.004, '<1¢'],
      [0.01, '1¢'],
      [0.9, '90¢'],
      [0.999, '99¢'],
      [1, '$1'],
      [4.98, '$4'],
      [12.9, '$12'],
      [140.5, '$140'],
      [999.99, '$999'],
      [1234, '$1k'],
      [12_500, '$12k'],
      [5_000_000, '$99k'],
    ];
    for (const [amount, text] of table) {
      expect(shortUsd(amount), String(amount)).toBe(text);
      expect(text.length).toBeLessThanOrEqual(BADGE_MAX_CHARS);
    }
  });

  it('colours follow normal, below 20 % and exhausted or expired', () => {
    expect(budgetLevel(budget(1, 5), 0)).toBe('ok');
    expect(budgetLevel(budget(4.2, 5), 0)).toBe('low');
    expect(budgetLevel(budget(5, 5), 0)).toBe('exhausted');
    expect(budgetLevel(budget(0, 5, { expires: '2020-01-01T00:00:00Z' }), Date.parse('2026-01-01'))).toBe('exhausted');
    expect(budgetLevel(budget(10, null), 0)).toBe('ok');
    expect(budgetLevel(null, 0)).toBe('unknown');
  });

  it('shows dollars left, ! on red when blocked, ∞ without a limit, nothing for an unmetered gateway', () => {
    expect(budgetBadge(budget(1.8, 5), 0).text).toBe('$3');
    expect(budgetBadge(budget(4.1, 5), 0)).toMatchObject({ text: '90¢', color: BADGE_COLORS.low });
    expect(budgetBadge(budget(5, 5), 0)).toMatchObject({ text: '!', color: BADGE_COLORS.exhausted });
    expect(budgetBadge(budget(0, 5, { expires: '2020-01-01T00:00:00Z' }), Date.parse('2026-01-01'))).toMatchObject({ text: '!', color: BADGE_COLORS.exhausted });
    expect(budgetBadge(budget(1.8, null), 0).text).toBe('∞');
    expect(budgetBadge({ ...UNREPORTED_BUDGET }, 0).text).toBe('');
  });

  it('shows ! on red while a remembered refusal blocks every request, and not for one model\'s or after it lapses', () => {
    const at = Date.parse('2026-03-01T00:00:00Z');
    const refusal = (scope: 'organization' | 'key_model', model: string | null = null) => ({ refusal: { scope, id: 'org-1', spend: 50, limit: 50, model, window: null }, at, until: at + 60_000 });
    const table: [string, BudgetState, number, Partial<ReturnType<typeof budgetBadge>>][] = [
      ['organization refused, figures fine', budget(1, 5, { refusals: [refusal('organization')] }), at, { text: '!', color: BADGE_COLORS.exhausted }],
      ['organization refused, unmetered gateway', { ...UNREPORTED_BUDGET, refusals: [refusal('organization')] }, at, { text: '!', color: BADGE_COLORS.exhausted }],
      ['one model refused', budget(1, 5, { refusals: [refusal('key_model', 'gpt-4o')] }), at, { text: '$4', color: BADGE_COLORS.ok }],
      ['refusal lapsed', budget(1, 5, { refusals: [refusal('organization')] }), at + 60_000, { text: '$4', color: BADGE_COLORS.ok }],
    ];
    for (const [name, state, now, expected] of table) expect(budgetBadge(state, now), name).toMatchObject(expected);
    // The tooltip says which budget refused.
    expect(budgetBadge(budget(1, 5, { refusals: [refusal('organization')] }), at).title).toContain('$50.00');
  });
});
