import { describe, expect, it } from 'vitest';
import { JIRA_ERROR_KINDS, type JiraError } from '../jira/errors';
import { describeJiraError, describeProblem, jiraErrorMessageKey, lengthCutSentence } from './sentences';

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

/** One failure of each kind, as the client reports them against Jira (client.test.ts). */
const JIRA_FAILURES: JiraError[] = [
  { kind: 'field-errors', status: 400, fieldErrors: { priority: 'Priority is required.' }, messages: [] },
  { kind: 'unauthorized', status: 401, loginReason: 'AUTHENTICATED_FAILED' },
  { kind: 'forbidden', status: 403, messages: ['You do not have permission to create issues in this project.'], loginReason: null },
  { kind: 'xsrf-rejected', status: 403 },
  { kind: 'project-not-found', status: 404, messages: ["No project could be found with key 'NOPE'.", 'Check the key.'] },
  { kind: 'rate-limited', status: 429, retryAfterSeconds: 30 },
  { kind: 'network', message: 'Failed to fetch' },
  { kind: 'unexpected', status: 200, detail: '<html>Log in</html>' },
];

describe('describeJiraError', () => {
  it('gives every kind its own sentence from the catalogue', () => {
    expect(JIRA_FAILURES.map((error) => error.kind).sort()).toEqual([...JIRA_ERROR_KINDS].sort());
    const texts = JIRA_FAILURES.map((error) => describeJiraError(error).text);
    // t() answers with the key itself when the catalogue lacks it.
    for (const [index, text] of texts.entries()) expect(text).not.toBe(jiraErrorMessageKey(JIRA_FAILURES[index]!.kind));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('says what happened and what to do next', () => {
    expect(describeJiraError(JIRA_FAILURES[1]!).text).toBe(
      'Jira did not accept your credentials. Check the email and API token (Cloud) or personal access token (Data Center) in the settings.',
    );
    expect(describeJiraError(JIRA_FAILURES[6]!).text).toMatch(/Cannot reach Jira\. Check the Jira URL/);
  });

  it("adds Jira's own messages as they were written, and nothing when there are none", () => {
    expect(describeJiraError(JIRA_FAILURES[4]!).detail).toBe("No project could be found with key 'NOPE'. Check the key.");
    expect(describeJiraError(JIRA_FAILURES[2]!).detail).toBe('You do not have permission to create issues in this project.');
    expect(describeJiraError(JIRA_FAILURES[0]!).detail).toBeNull();
    expect(describeJiraError({ kind: 'forbidden', status: 403, messages: [], loginReason: null }).detail).toBeNull();
  });

  it('never shows raw bodies: an HTML login page or a network message stays out of the sentence', () => {
    expect(describeJiraError(JIRA_FAILURES[7]!)).toEqual({ text: expect.not.stringContaining('<html>'), detail: null });
    expect(describeJiraError(JIRA_FAILURES[6]!).detail).toBeNull();
  });
});

describe('lengthCutSentence', () => {
  it('says the answer is cut and names both ways to a whole one', () => {
    expect(lengthCutSentence()).toBe('The answer was cut at the length limit. Set Length to Detailed in Summary options, or select part of the page and summarize it in parts.');
  });
});
