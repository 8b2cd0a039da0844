import { describe, expect, it } from 'vitest';
import { currentAlert, EXPIRY_WARNING_MS, isBlocked } from './alerts';
import { UNREPORTED_BUDGET, type BudgetState } from './state';

const NOW = Date.parse('2026-11-27T00:00:00Z');
const budget = (spend: number, extra: Partial<BudgetState> = {}): BudgetState => ({ ...UNREPORTED_BUDGET, reported: true, spend, maxBudget: 1, resetAt: '2026-12-01T00:00:00Z', ...extra });

describe('budget alerts', () => {
  it('warns at 80 % and at 95 %, each once per period', () => {
    expect(currentAlert(budget(0.5), NOW, [80, 95], [])).toBeNull();
    const at80 = currentAlert(budget(0.81), NOW, [80, 95], []);
    expect(at80).toMatchObject({ kind: 'used', percent: 80, id: 'used-80@2026-12-01T00:00:00Z' });
    expect(currentAlert(budget(0.85), NOW, [80, 95], [at80!.id])).toBeNull();
    expect(currentAlert(budget(0.96), NOW, [80, 95], [at80!.id])).toMatchObject({ percent: 95 });
    // A new period warns again.
    expect(currentAlert(budget(0.81, { resetAt: '2027-01-01T00:00:00Z' }), NOW, [80, 95], [at80!.id])).toMatchObject({ percent: 80 });
  });

  it('is blocked at 100 % until the reset, and says when', () => {
    const alert = currentAlert(budget(1), NOW, [80, 95], ['used-95@2026-12-01T00:00:00Z']);
    expect(alert).toMatchObject({ kind: 'exhausted', resetAt: '2026-12-01T00:00:00Z' });
    expect(isBlocked(alert)).toBe(true);
  });

  it('warns a week before the key expires, and blocks once it has', () => {
    const soon = new Date(NOW + EXPIRY_WARNING_MS - 1000).toISOString();
    expect(currentAlert(budget(0, { expires: soon }), NOW, [80, 95], [])).toMatchObject({ kind: 'expiring' });
    expect(currentAlert(budget(0, { expires: new Date(NOW + 2 * EXPIRY_WARNING_MS).toISOString() }), NOW, [80, 95], [])).toBeNull();
    const expired = currentAlert(budget(0, { expires: '2026-11-01T00:00:00Z' }), NOW, [80, 95], []);
    expect(expired).toMatchObject({ kind: 'expired' });
    expect(isBlocked(expired)).toBe(true);
  });

  it('says nothing for a gateway that reports no budget', () => {
    expect(currentAlert({ ...UNREPORTED_BUDGET }, NOW, [80, 95], [])).toBeNull();
  });
});
