import { describe, expect, it } from 'vitest';
import { JiraCreateResult } from './create-result';

describe('JiraCreateResult at the message boundary', () => {
  it('accepts each failure the client reports', () => {
    const failures = [
      { kind: 'field-errors', status: 400, fieldErrors: { priority: 'Priority is required.' }, messages: [] },
      { kind: 'unauthorized', status: 401, loginReason: null },
      { kind: 'rate-limited', status: 429, retryAfterSeconds: null },
      { kind: 'network', message: 'Failed to fetch' },
    ];
    for (const error of failures) expect(JiraCreateResult.parse({ ok: false, error })).toEqual({ ok: false, error });
  });

  it('refuses a failure of an unknown kind, or one missing what its sentence or form needs', () => {
    expect(JiraCreateResult.safeParse({ ok: false, error: { kind: 'teapot' } }).success).toBe(false);
    // The form marks fields from fieldErrors: without it the popup would have nothing to show.
    expect(JiraCreateResult.safeParse({ ok: false, error: { kind: 'field-errors', status: 400, messages: [] } }).success).toBe(false);
    expect(JiraCreateResult.safeParse({ ok: false, error: { kind: 'forbidden', status: 403, loginReason: null } }).success).toBe(false);
    expect(JiraCreateResult.safeParse({ ok: false, error: { kind: 'unauthorized', status: 500, loginReason: null } }).success).toBe(false);
  });
});
