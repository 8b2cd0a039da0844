import { describe, expect, it } from 'vitest';
import { describeProblem } from './sentences';

const problem = (kind: Parameters<typeof describeProblem>[0]['kind'], extra = {}) => ({ kind, status: null, message: '', retryAfterS: null, scope: null, ...extra });

describe('describeProblem', () => {
  it('a rate limit that outlasted the one retry says how long to wait', () => {
    expect(describeProblem(problem('rate_limited', { retryAfterS: 37.2 })).text).toBe('Too many requests for your key right now. Try again in 38 seconds.');
    expect(describeProblem(problem('rate_limited')).text).toMatch(/Wait a minute/);
  });

  it('a spent budget says when it resets, whose limit it was, and whom to ask', () => {
    const { text, action } = describeProblem(problem('budget_exceeded', { scope: 'team' }), { resetAt: '2026-12-01T00:00:00Z', adminContact: 'it-help@example.com' });
    expect(text).toMatch(/resets Dec 1, 2026/);
    expect(text).toContain('team');
    expect(text).toContain('it-help@example.com');
    expect(action).toBe('none');
  });

  it('offers the way out that fits', () => {
    expect(describeProblem(problem('invalid_key')).action).toBe('open-options');
    expect(describeProblem(problem('model_not_allowed')).action).toBe('pick-model');
    expect(describeProblem(problem('interrupted')).action).toBe('retry');
  });
});
