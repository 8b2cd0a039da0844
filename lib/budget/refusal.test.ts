import { describe, expect, it } from 'vitest';
import { parseBudgetRefusal } from './refusal';

const none = { id: null, spend: null, limit: null, model: null, window: null };

/** Every wording of addendum §1, as LiteLLM formats it, with what the person must be told. */
const VARIANTS: [string, string, object][] = [
  ['#0/#14 end user', 'ExceededBudget: End User=customer-7 over budget. Spend=10.5, Budget=10.0', { scope: 'end_user', id: 'customer-7', spend: 10.5, limit: 10 }],
  ['#2 key (default message)', 'Budget has been exceeded! Current cost: 5.0012, Max budget: 5.0', { scope: 'key', spend: 5.0012, limit: 5 }],
  [
    '#3 key per model',
    'LiteLLM Virtual Key: 88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b, key_alias: alice, exceeded budget for model=gpt-4o',
    { scope: 'key_model', model: 'gpt-4o' },
  ],
  ['#4 end user per model', 'LiteLLM End User: customer-7, exceeded budget for model=sim-smart', { scope: 'end_user_model', id: 'customer-7', model: 'sim-smart' }],
  ['#5 project', 'Budget has been exceeded! Project=proj-1 Current cost: 20.5, Max budget: 20.0', { scope: 'project', id: 'proj-1', spend: 20.5, limit: 20 }],
  ['#6 team', 'Budget has been exceeded! Team=team-eng Current cost: 500.0, Max budget: 500.0', { scope: 'team', id: 'team-eng', spend: 500, limit: 500 }],
  ['#7 team window', 'ExceededBudget: Team=team-eng over 1d budget. Spend=$25.0100, Limit=$25.00', { scope: 'team_window', id: 'team-eng', window: '1d', spend: 25.01, limit: 25 }],
  ['#8 key window', 'ExceededBudget: Key over 1h budget. Spend=$1.9950, Limit=$2.00', { scope: 'key_window', window: '1h', spend: 1.995, limit: 2 }],
  ['#9 organization', 'Budget has been exceeded! Organization=org-9 Current cost: 1000.0, Max budget: 1000.0', { scope: 'organization', id: 'org-9', spend: 1000, limit: 1000 }],
  ['#10 tag', 'Budget has been exceeded! Tag=marketing Current cost: 3.2, Max budget: 3.0', { scope: 'tag', id: 'marketing', spend: 3.2, limit: 3 }],
  ['#11 internal user', 'ExceededBudget: User=alice@example.com over budget. Spend=50.0, Budget=50.0', { scope: 'user', id: 'alice@example.com', spend: 50, limit: 50 }],
  ['#12 team member', 'Budget has been exceeded! User=alice in Team=team-eng Current cost: 12.0, Max budget: 10.0', { scope: 'team_member', id: 'team-eng', spend: 12, limit: 10 }],
  [
    '#13 team member per model',
    'ExceededBudget: Team member model budget exceeded. User=alice, Team=team-eng, Model=gpt-4o. Spend=$1.000100, Budget=$1.000000',
    { scope: 'team_member_model', id: 'team-eng', model: 'gpt-4o', spend: 1.0001, limit: 1 },
  ],
  ['contract §4.2: newest key wording, alias and short key', 'Budget has been exceeded! Key=demo (sk-...abcd) Current cost: 1.0004, Max budget: 1.0', { scope: 'key', spend: 1.0004, limit: 1 }],
  ['#16 reservation: key (hashed id hidden)', 'Budget has been exceeded! Key=88dc28d0f030 Current cost: 5.0, Max budget: 5.0', { scope: 'key', spend: 5, limit: 5 }],
  ['#16 reservation: key window', 'Budget has been exceeded! Key=88dc28d0f030:1h Current cost: 2.0, Max budget: 2.0', { scope: 'key_window', window: '1h', spend: 2, limit: 2 }],
  ['#16 reservation: team', 'Budget has been exceeded! Team=team-eng Current cost: 500.0, Max budget: 500.0', { scope: 'team', id: 'team-eng', spend: 500, limit: 500 }],
  ['#16 reservation: team window', 'Budget has been exceeded! Team=team-eng:30d Current cost: 99.0, Max budget: 99.0', { scope: 'team_window', id: 'team-eng', window: '30d', spend: 99, limit: 99 }],
  ['#16 reservation: team member', 'Budget has been exceeded! TeamMember=alice Current cost: 10.0, Max budget: 10.0', { scope: 'team_member', id: 'alice', spend: 10, limit: 10 }],
  ['#16 reservation: user', 'Budget has been exceeded! User=alice Current cost: 50.0, Max budget: 50.0', { scope: 'user', id: 'alice', spend: 50, limit: 50 }],
  ['#16 reservation: end user', 'Budget has been exceeded! EndUser=customer-7 Current cost: 10.0, Max budget: 10.0', { scope: 'end_user', id: 'customer-7', spend: 10, limit: 10 }],
  ['#16 reservation: tag', 'Budget has been exceeded! Tag=marketing Current cost: 3.0, Max budget: 3.0', { scope: 'tag', id: 'marketing', spend: 3, limit: 3 }],
  ['#16 reservation: organization', 'Budget has been exceeded! Organization=org-9 Current cost: 1.0, Max budget: 1.0', { scope: 'organization', id: 'org-9', spend: 1, limit: 1 }],
  ['newest handler: Requested model appended', 'Budget has been exceeded! Team=team-eng Current cost: 500.0, Max budget: 500.0 Requested model: sim-fast', { scope: 'team', id: 'team-eng', spend: 500, limit: 500, model: 'sim-fast' }],
  ['unknown wording keeps its figures', 'Spend cap reached for cost center: cost=12.5, limit=10', { scope: 'unknown', spend: 12.5, limit: 10 }],
  ['unknown wording without figures', 'Over budget.', { scope: 'unknown', spend: null, limit: null }],
];

describe('parseBudgetRefusal: every budget_exceeded wording of the addendum', () => {
  it.each(VARIANTS)('%s', (_, message, expected) => {
    expect(parseBudgetRefusal(message)).toEqual({ ...none, ...expected });
  });

  it('a model named in the message wins over the appended "Requested model"', () => {
    expect(parseBudgetRefusal('LiteLLM End User: c1, exceeded budget for model=sim-smart Requested model: sim-fast').model).toBe('sim-smart');
  });

  it('a team member is not taken for the team, nor a team window for the team', () => {
    expect(parseBudgetRefusal(VARIANTS[11]![1]).scope).toBe('team_member');
    expect(parseBudgetRefusal(VARIANTS[17]![1]).scope).toBe('team_window');
  });
});
