import { describe, expect, it } from 'vitest';
import { parseBudgetRefusal } from '../budget/refusal';
import { REFUSAL_RECHECK_MS, rememberRefusal, UNREPORTED_BUDGET, type BudgetState } from '../budget/state';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { type AdmissionFacts, refusal } from './admission';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const budget = (patch: Partial<BudgetState>): BudgetState => ({ ...UNREPORTED_BUDGET, reported: true, maxBudget: 5, spend: 1, ...patch });
const facts = (patch: Partial<AdmissionFacts> = {}): AdmissionFacts => ({
  feature: 'summarize',
  model: 'sim-fast',
  action: null,
  actions: [],
  settings: DEFAULT_SETTINGS,
  keyModels: ['sim-fast', 'sim-cache'],
  budget: budget({}),
  now: NOW,
  ...patch,
});

describe('what the worker refuses to start', () => {
  it('runs an enabled feature on an allowed model within budget', () => {
    expect(refusal(facts())).toBeNull();
  });

  it('refuses a feature the organization turned off', () => {
    expect(refusal(facts({ feature: 'jira-draft', settings: { ...DEFAULT_SETTINGS, disabledFeatures: ['jira-draft'] } }))?.kind).toBe('feature_disabled');
  });

  it('refuses an action that is not (or no longer) among the available ones', () => {
    const translate = { id: 'translate', origin: 'policy' as const, title: { en: 'Translate' }, instructions: 'Translate.', input: 'page' as const, output: 'markdown' as const, surfaces: ['popup' as const] };
    expect(refusal(facts({ feature: 'action', action: { origin: 'policy', id: 'translate' }, actions: [translate] }))).toBeNull();
    expect(refusal(facts({ feature: 'action', action: { origin: 'policy', id: 'gone' }, actions: [translate] }))?.kind).toBe('action_unavailable');
    expect(refusal(facts({ feature: 'action', action: { origin: 'personal', id: 'translate' }, actions: [translate] }))?.kind).toBe('action_unavailable');
    expect(refusal(facts({ feature: 'action', action: null, actions: [translate] }))?.kind).toBe('action_unavailable');
  });

  it('refuses a model outside the key’s models or outside the policy’s list', () => {
    expect(refusal(facts({ model: 'gpt-unknown' }))?.kind).toBe('model_not_allowed');
    expect(refusal(facts({ model: 'sim-cache', settings: { ...DEFAULT_SETTINGS, allowedModels: ['sim-fast'] } }))?.kind).toBe('model_not_allowed');
    // The key's models were never read: the policy's list still holds, otherwise the gateway decides.
    expect(refusal(facts({ keyModels: null, model: 'sim-cache', settings: { ...DEFAULT_SETTINGS, allowedModels: ['sim-fast'] } }))?.kind).toBe('model_not_allowed');
    expect(refusal(facts({ keyModels: null, model: 'anything' }))).toBeNull();
  });

  it('refuses when the budget is used up or the key has expired', () => {
    expect(refusal(facts({ budget: budget({ spend: 5 }) }))).toMatchObject({ kind: 'budget_exceeded', scope: { scope: 'key', spend: 5, limit: 5 } });
    expect(refusal(facts({ budget: budget({ expires: '2026-11-01T00:00:00Z' }) }))?.kind).toBe('expired_key');
    expect(refusal(facts({ budget: budget({ spend: 4.9 }) }))).toBeNull();
    expect(refusal(facts({ budget: null }))).toBeNull();
  });

  const scope = { id: 'eng', name: null, window: null, model: null, visible: true, resetAt: '2026-12-01T00:00:00Z', reportedSpend: null };

  it('refuses with the budget that binds: a team used up names the team, whatever the key has left', () => {
    const teamSpent = budget({ maxBudget: null, scopes: [{ ...scope, scope: 'team', spend: 500, limit: 500 }] });
    expect(refusal(facts({ budget: teamSpent }))).toMatchObject({ kind: 'budget_exceeded', scope: { scope: 'team', id: 'eng', spend: 500, limit: 500 } });
  });

  it('a model whose own budget is used up is refused; another model still runs', () => {
    const modelSpent = budget({ scopes: [{ ...scope, id: null, scope: 'key_model', model: 'sim-fast', spend: 1, limit: 1 }] });
    expect(refusal(facts({ budget: modelSpent, model: 'sim-fast' }))).toMatchObject({ kind: 'budget_exceeded', scope: { scope: 'key_model', model: 'sim-fast' } });
    expect(refusal(facts({ budget: modelSpent, model: 'sim-cache' }))).toBeNull();
  });

  it('a budget the gateway refused and the key cannot read is refused without asking, until its recheck; a refused model only for that model', () => {
    const user = parseBudgetRefusal('ExceededBudget: User=alice over budget. Spend=2.0, Budget=2.0');
    const remembered = rememberRefusal(budget({}), user, NOW);
    expect(refusal(facts({ budget: remembered }))).toMatchObject({ kind: 'budget_exceeded', scope: user });
    expect(refusal(facts({ budget: remembered, now: NOW + REFUSAL_RECHECK_MS }))).toBeNull();
    const modelRefused = rememberRefusal(budget({}), parseBudgetRefusal('LiteLLM End User: bob, exceeded budget for model=sim-fast'), NOW);
    expect(refusal(facts({ budget: modelRefused, model: 'sim-fast' }))).toMatchObject({ kind: 'budget_exceeded', scope: { scope: 'end_user_model', model: 'sim-fast' } });
    expect(refusal(facts({ budget: modelRefused, model: 'sim-cache' }))).toBeNull();
  });
});
