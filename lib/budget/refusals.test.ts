/** Issue #12: a refusal for a budget the key may not read is remembered, and for how long. */
import { describe, expect, it } from 'vitest';
import { KeyInfo } from '../gateway/wire';
import { currentAlert, isBlocked } from './alerts';
import { parseBudgetRefusal } from './refusal';
import { budgetFromKeyInfo, type BudgetScope, forgetRefusals, REFUSAL_RECHECK_MS, rememberRefusal } from './state';
import { activeRefusals, blockingRefusal, unavailableModels } from './read';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const info = (extra: Partial<KeyInfo> = {}) => KeyInfo.parse({ spend: 1, max_budget: 5, budget_reset_at: '2026-12-24T00:00:00Z', user_id: 'alice', ...extra });
const hiddenUser: BudgetScope = { scope: 'user', id: 'alice', name: null, window: null, model: null, visible: false, spend: null, limit: null, resetAt: null, reportedSpend: null };
const readableUser: BudgetScope = { ...hiddenUser, visible: true, spend: 1, limit: 10, resetAt: '2026-12-01T00:00:00Z', reportedSpend: 1 };
const personal = parseBudgetRefusal('ExceededBudget: User=alice over budget. Spend=2.0, Budget=2.0');
const keyModel = parseBudgetRefusal('LiteLLM Virtual Key: 88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b, key_alias: None, exceeded budget for model=sim-fast');
const keySpent = parseBudgetRefusal('Budget has been exceeded! Current cost: 5.0, Max budget: 5.0');

/** A key that reads /key/info but not /user/info. */
const hidden = budgetFromKeyInfo(info(), null, NOW, [hiddenUser]);

describe('remembering a budget refusal', () => {
  it('remembers a refusal for a budget the key cannot read, which then blocks every request with that budget named', () => {
    const state = rememberRefusal(hidden, personal, NOW);
    expect(blockingRefusal(state, NOW)?.refusal).toEqual(personal);
    const alert = currentAlert(state, NOW, [], []);
    expect(isBlocked(alert)).toBe(true);
    expect(alert).toMatchObject({ kind: 'exhausted', remembered: true, scope: { scope: 'user', id: 'alice', spend: 2, limit: 2 } });
  });

  it('believes it for the recheck interval, then lets one request ask the gateway again', () => {
    const state = rememberRefusal(hidden, personal, NOW);
    expect(activeRefusals(state, NOW + REFUSAL_RECHECK_MS - 1)).toHaveLength(1);
    expect(activeRefusals(state, NOW + REFUSAL_RECHECK_MS)).toEqual([]);
    expect(currentAlert(state, NOW + REFUSAL_RECHECK_MS, [], [])).toBeNull();
  });

  it('a second refusal of the same budget restarts its interval instead of adding a copy', () => {
    const later = NOW + 60_000;
    const state = rememberRefusal(rememberRefusal(hidden, personal, NOW), personal, later);
    expect(state.refusals).toEqual([{ refusal: personal, at: later, until: later + REFUSAL_RECHECK_MS }]);
  });

  it('leaves a budget the key reads to its figures: they show its reset and a raised limit, a remembered refusal would not', () => {
    expect(rememberRefusal(hidden, keySpent, NOW).refusals).toEqual([]);
    const readable = budgetFromKeyInfo(info(), null, NOW, [readableUser]);
    expect(rememberRefusal(readable, personal, NOW).refusals).toEqual([]);
  });

  it('a model’s budget marks only that model unavailable; the others still run', () => {
    const state = rememberRefusal(hidden, keyModel, NOW);
    expect(unavailableModels(state, NOW)).toEqual(['sim-fast']);
    expect(blockingRefusal(state, NOW)).toBeUndefined();
    expect(currentAlert(state, NOW, [], [])).toBeNull();
    expect(unavailableModels(state, NOW + REFUSAL_RECHECK_MS)).toEqual([]);
  });

  it('survives a /key/info refresh while the budget stays unreadable, and ends when it becomes readable', () => {
    const state = rememberRefusal(hidden, personal, NOW);
    expect(budgetFromKeyInfo(info({ spend: 1.5 }), state, NOW + 1_000, [hiddenUser]).refusals).toEqual(state.refusals);
    // The admin opened /user/info: its figures decide from now on.
    expect(budgetFromKeyInfo(info(), state, NOW + 1_000, [readableUser]).refusals).toEqual([]);
  });

  it('"Check again" forgets every refusal, so the next request asks the gateway', () => {
    const state = rememberRefusal(rememberRefusal(hidden, personal, NOW), keyModel, NOW);
    expect(forgetRefusals(state).refusals).toEqual([]);
  });

  it('works on a gateway that reports no budget: the refusal is all it knows', () => {
    const unreported = { ...hidden, reported: false, scopes: [] };
    const state = rememberRefusal(unreported, keySpent, NOW);
    expect(currentAlert(state, NOW, [], [])).toMatchObject({ kind: 'exhausted', remembered: true, scope: { scope: 'key' } });
  });
});
