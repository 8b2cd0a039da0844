import { describe, expect, it } from 'vitest';
import { KeyInfo } from '../gateway/wire';
import { budgetAfterCall, budgetFromKeyInfo, type BudgetScope, DATABASE_LAG_MS } from './state';
import { bindingScope, exhaustedModels, remainingBudget, scopeViews } from './read';

const info = (extra: Partial<KeyInfo> = {}) => KeyInfo.parse({ spend: 1, max_budget: 5, budget_reset_at: '2026-12-24T00:00:00Z', team_id: 'eng', ...extra });
const team = (spend: number, limit: number | null = 500): BudgetScope => ({
  scope: 'team',
  id: 'eng',
  name: 'Engineering',
  window: null,
  model: null,
  visible: true,
  spend,
  limit,
  resetAt: '2026-12-01T00:00:00Z',
  reportedSpend: spend,
});
const noHeaders = { keySpend: null, responseCost: null, keyMaxBudget: null, callId: null, appliedGuardrails: [] };

describe('every budget the key is under', () => {
  it('reads windows with their usage and reset, and per-model budgets, from /key/info', () => {
    const state = budgetFromKeyInfo(
      info({
        budget_limits: [{ budget_duration: '1h', max_budget: 2, reset_at: '2026-11-30T19:00:00Z' }],
        budget_limits_usage: { '1h': { current_spend: 1.9 } },
        model_max_budget: { 'sim-fast': { budget_limit: 1, time_period: '1d' } },
        model_max_budget_usage: { 'sim-fast': { current_spend: 1 } },
      }),
      null,
      0,
    );
    expect(state.scopes.map(({ scope, window, model, spend, limit, resetAt }) => ({ scope, window, model, spend, limit, resetAt }))).toEqual([
      { scope: 'key_window', window: '1h', model: null, spend: 1.9, limit: 2, resetAt: '2026-11-30T19:00:00Z' },
      { scope: 'key_model', window: null, model: 'sim-fast', spend: 1, limit: 1, resetAt: null },
    ]);
    // The window binds (0.10 left, less than the key's 4.00); a model's budget never binds the whole key.
    expect(bindingScope(state)).toMatchObject({ scope: 'key_window', window: '1h' });
    expect(remainingBudget(state)).toBeCloseTo(0.1);
    expect(exhaustedModels(state)).toEqual(['sim-fast']);
  });

  it('a window whose spend the gateway does not report is listed but never binds', () => {
    const state = budgetFromKeyInfo(info({ budget_limits: [{ budget_duration: '1h', max_budget: 0.5 }] }), null, 0);
    expect(state.scopes[0]).toMatchObject({ scope: 'key_window', spend: null, limit: 0.5 });
    expect(bindingScope(state).scope).toBe('key');
  });

  it('the binding budget is the one with the least left: a key without a limit in a team with $1 left shows the team', () => {
    const state = budgetFromKeyInfo(info({ max_budget: null }), null, 0, [team(499)]);
    expect(bindingScope(state)).toMatchObject({ scope: 'team', limit: 500, resetAt: '2026-12-01T00:00:00Z' });
    expect(remainingBudget(state)).toBeCloseTo(1);
    const roomy = budgetFromKeyInfo(info(), null, 0, [team(10)]);
    expect(bindingScope(roomy).scope).toBe('key');
  });

  it('a scope this key may not read is listed as not visible and never binds', () => {
    const hidden: BudgetScope = { ...team(0), visible: false, spend: null, limit: null, resetAt: null, reportedSpend: null, name: null };
    const state = budgetFromKeyInfo(info(), null, 0, [hidden]);
    expect(scopeViews(state).map((v) => [v.scope, v.visible])).toEqual([
      ['key', true],
      ['team', false],
    ]);
    expect(bindingScope(state).scope).toBe('key');
  });

  it("an answer's cost moves every scope that contains it, and a model's budget only for that model", () => {
    const start = budgetFromKeyInfo(
      info({ model_max_budget: { 'sim-tiny': { budget_limit: 1, time_period: '1d' } }, model_max_budget_usage: { 'sim-tiny': { current_spend: 0.2 } } }),
      null,
      0,
      [team(499)],
    );
    const after = budgetAfterCall(start, noHeaders, 0.25, true, 1_000, 'sim-fast');
    expect(after.spend).toBeCloseTo(1.25);
    expect(after.scopes.find((s) => s.scope === 'team')?.spend).toBeCloseTo(499.25);
    expect(after.scopes.find((s) => s.model === 'sim-tiny')?.spend).toBeCloseTo(0.2);
  });

  it('a lagging /team/info does not undo an answer’s cost; after the lag window it is believed', () => {
    const afterCall = budgetAfterCall(budgetFromKeyInfo(info(), null, 0, [team(499)]), noHeaders, 0.5, true, 1_000, 'sim-fast');
    const lagging = budgetFromKeyInfo(info({ spend: 1.5 }), afterCall, 2_000, [team(499)]);
    expect(lagging.scopes[0]?.spend).toBeCloseTo(499.5);
    const later = budgetFromKeyInfo(info({ spend: 1.5 }), lagging, 1_000 + DATABASE_LAG_MS + 1, [team(499)]);
    expect(later.scopes[0]?.spend).toBe(499);
  });
});
