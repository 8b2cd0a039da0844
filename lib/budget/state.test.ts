import { describe, expect, it } from 'vitest';
import { budgetAfterCall, budgetFromKeyInfo, DATABASE_LAG_MS } from './state';
import { remainingBudget, usedFraction } from './read';
import { costFromUsage } from './pricing';
import { KeyInfo } from '../gateway/wire';

const info = (spend: number, extra: Partial<KeyInfo> = {}) =>
  KeyInfo.parse({ spend, max_budget: 5, budget_reset_at: '2026-12-01T00:00:00Z', key_alias: 'demo', user_id: 'u1', ...extra });
const headers = (keySpend: number | null, responseCost: number | null = null) => ({ keySpend, responseCost, keyMaxBudget: 5, callId: null, appliedGuardrails: [] });

describe('budget state', () => {
  it('remaining is max − spend, and null (no limit) without max_budget', () => {
    const state = budgetFromKeyInfo(info(1.25), null, 0);
    expect(remainingBudget(state)).toBeCloseTo(3.75);
    expect(usedFraction(state)).toBeCloseTo(0.25);
    expect(remainingBudget(budgetFromKeyInfo(info(1, { max_budget: null }), null, 0))).toBeNull();
  });

  it('a stream adds its cost to the pre-call spend header', () => {
    const state = budgetAfterCall(budgetFromKeyInfo(info(1), null, 0), headers(1), 0.01, true, 1, 'sim-fast');
    expect(state.spend).toBeCloseTo(1.01);
    expect(state.estimated).toBe(true);
  });

  it('a non-stream header already includes the call', () => {
    const state = budgetAfterCall(budgetFromKeyInfo(info(1), null, 0), headers(1.01, 0.01), 0.01, false, 1, 'sim-fast');
    expect(state.spend).toBeCloseTo(1.01);
    expect(state.estimated).toBe(false);
  });

  it('never goes backwards because /key/info lags behind', () => {
    const afterCall = budgetAfterCall(budgetFromKeyInfo(info(1), null, 0), headers(1), 0.02, true, 1, 'sim-fast');
    const stale = budgetFromKeyInfo(info(1), afterCall, 2);
    expect(stale.spend).toBeCloseTo(1.02);
    expect(stale.estimated).toBe(true);
    const caughtUp = budgetFromKeyInfo(info(1.02), stale, 3);
    expect(caughtUp.estimated).toBe(false);
  });

  it('believes a lower /key/info figure once the database lag has passed (an admin lowered the spend)', () => {
    const afterCall = budgetAfterCall(budgetFromKeyInfo(info(1), null, 0), headers(1), 0.02, true, 1, 'sim-fast');
    const later = budgetFromKeyInfo(info(0.5), afterCall, 1 + DATABASE_LAG_MS);
    expect(later.spend).toBe(0.5);
    expect(later.estimated).toBe(false);
  });

  it('does go back down when the budget period resets', () => {
    const spent = budgetFromKeyInfo(info(4.9), null, 0);
    const reset = budgetFromKeyInfo(info(0, { budget_reset_at: '2027-01-01T00:00:00Z' }), spent, 1);
    expect(reset.spend).toBe(0);
  });

  it('without headers (no host access) it still adds usage × prices', () => {
    const state = budgetAfterCall(budgetFromKeyInfo(info(1), null, 0), headers(null), 0.5, true, 1, 'sim-fast');
    expect(state.spend).toBeCloseTo(1.5);
  });
});

describe('costFromUsage', () => {
  const prices = { input_cost_per_token: 1e-6, output_cost_per_token: 4e-6, cache_read_input_token_cost: 1e-7 };
  it('is tokens × prices, cached input at the cache price', () => {
    expect(costFromUsage({ prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100 }, prices)).toBeCloseTo(0.0014);
    expect(costFromUsage({ prompt_tokens: 1000, completion_tokens: 0, total_tokens: 1000, cache_read_input_tokens: 800 }, prices)).toBeCloseTo(0.0002 + 0.00008);
  });
  it('is null without prices rather than a guess', () => {
    expect(costFromUsage({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, undefined)).toBeNull();
  });
});
