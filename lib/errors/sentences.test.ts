import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import ja from '../../public/_locales/ja/messages.json';
import type { BudgetRefusal } from '../budget/refusal';
import { JIRA_ERROR_KINDS, type JiraError } from '../jira/errors';
import { describeJiraError, describeProblem, jiraErrorMessageKey, lengthCutSentence } from './sentences';

const problem = (kind: Parameters<typeof describeProblem>[0]['kind'], extra = {}) => ({ kind, status: null, message: '', retryAfterS: null, scope: null, ...extra });

describe('describeProblem', () => {
  it('a rate limit that outlasted the one retry says how long to wait', () => {
    expect(describeProblem(problem('rate_limited', { retryAfterS: 37.2 })).text).toBe('Too many requests for your key right now. Try again in 38 seconds.');
    expect(describeProblem(problem('rate_limited')).text).toMatch(/Wait a minute/);
  });

  it('a spent budget says when it resets, whose limit it was, and whom to ask', () => {
    const { text, action } = describeProblem(problem('budget_exceeded', { scope: refusal({ scope: 'team', id: 't1', spend: 500, limit: 500 }) }), {
      resets: { team: '2026-12-01T00:00:00Z', key: '2026-12-24T00:00:00Z' },
      adminContact: 'it-help@example.com',
    });
    expect(text).toBe('The team budget is used up ($500.00 of $500.00). It resets Dec 1, 2026; until then, ask your administrator to raise it. Contact: it-help@example.com');
    expect(action).toBe('none');
  });

  it('a PDF too large to read names its size and the limit, not damage', () => {
    const { text } = describeProblem(problem('pdf_too_large', { message: `${100 * 2 ** 20}/${45 * 2 ** 20}` }));
    expect(text).toBe('This PDF is too large to read here: it is 100 MB, and PDFs of up to 45 MB can be read. Summarize a smaller part of it (for example, save the pages you need as a new PDF).');
    expect(text).not.toMatch(/damaged/);
  });

  it('a frameset page and a page inside an iframe are told apart from an empty page', () => {
    expect(describeProblem(problem('frameset_page')).text).toMatch(/made of frames.*Open the frame you want to summarize in its own tab/);
    expect(describeProblem(problem('framed_page')).text).toMatch(/embedded frame/);
    expect(describeProblem(problem('empty_page')).text).toMatch(/no readable text/);
  });

  it('offers the way out that fits', () => {
    expect(describeProblem(problem('invalid_key')).action).toBe('open-options');
    expect(describeProblem(problem('model_not_allowed')).action).toBe('pick-model');
    expect(describeProblem(problem('interrupted')).action).toBe('retry');
  });
});

const refusal = (fields: Partial<BudgetRefusal>): BudgetRefusal => ({ scope: 'unknown', id: null, spend: null, limit: null, model: null, window: null, ...fields });

function speakJapanese() {
  const catalog = ja as Record<string, { message: string }>;
  fakeBrowser.i18n.getMessage = ((key: string, subs: string[] = []) =>
    (catalog[key]?.message ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '')) as typeof fakeBrowser.i18n.getMessage;
}

/** Each scope's sentence, in English and Japanese: the budget named, its figures, and what follows. */
const SCOPE_SENTENCES: [Partial<BudgetRefusal>, string, string][] = [
  [{ scope: 'key', spend: 5.0012, limit: 5 }, "Your key's budget is used up ($5.00 of $5.00).", 'このキーの予算を使い切りました（$5.00 / $5.00）。'],
  [{ scope: 'key_window', window: '1h', spend: 1.995, limit: 2 }, "Your key's 1-hour budget is used up ($2.00 of $2.00).", 'このキーの1時間枠の予算を使い切りました（$2.00 / $2.00）。'],
  [
    { scope: 'key_model', model: 'gpt-4o' },
    "Your key's budget for gpt-4o is used up. Other models still work.",
    'このキーのgpt-4o用の予算を使い切りました。ほかのモデルは引き続き使えます。',
  ],
  [{ scope: 'team', id: 't1', spend: 500, limit: 500 }, 'The team budget is used up ($500.00 of $500.00).', 'チームの予算を使い切りました（$500.00 / $500.00）。'],
  [{ scope: 'team_window', id: 't1', window: '30d', spend: 99, limit: 99 }, "The team's 30-day budget is used up ($99.00 of $99.00).", 'チームの30日枠の予算を使い切りました（$99.00 / $99.00）。'],
  [{ scope: 'team_member', id: 't1', spend: 12, limit: 10 }, 'Your share of the team budget is used up ($12.00 of $10.00).', 'チーム内のあなたの予算を使い切りました（$12.00 / $10.00）。'],
  [
    { scope: 'team_member_model', model: 'gpt-4o', spend: 1, limit: 1 },
    'Your share of the team budget for gpt-4o is used up ($1.00 of $1.00). Other models still work.',
    'チーム内のあなたのgpt-4o用の予算を使い切りました（$1.00 / $1.00）。ほかのモデルは引き続き使えます。',
  ],
  [{ scope: 'user', id: 'alice', spend: 50, limit: 50 }, 'Your personal budget is used up ($50.00 of $50.00).', 'あなた個人の予算を使い切りました（$50.00 / $50.00）。'],
  [{ scope: 'end_user', id: 'c7', spend: 10.5, limit: 10 }, 'The end-user budget is used up ($10.50 of $10.00).', 'エンドユーザーの予算を使い切りました（$10.50 / $10.00）。'],
  [
    { scope: 'end_user_model', model: 'sim-smart' },
    'The end-user budget for sim-smart is used up. Other models still work.',
    'エンドユーザーのsim-smart用の予算を使い切りました。ほかのモデルは引き続き使えます。',
  ],
  [{ scope: 'project', spend: 20.5, limit: 20 }, 'The project budget is used up ($20.50 of $20.00).', 'プロジェクトの予算を使い切りました（$20.50 / $20.00）。'],
  [{ scope: 'organization', spend: 1000, limit: 1000 }, "The organization's budget is used up ($1000.00 of $1000.00).", '組織の予算を使い切りました（$1000.00 / $1000.00）。'],
  [{ scope: 'tag', id: 'marketing', spend: 3.2, limit: 3 }, 'The budget for the tag “marketing” is used up ($3.20 of $3.00).', 'タグ「marketing」の予算を使い切りました（$3.20 / $3.00）。'],
  [{ scope: 'unknown', spend: 12.5, limit: 10 }, 'A budget on the gateway is used up ($12.50 of $10.00).', 'ゲートウェイ側のいずれかの予算を使い切りました（$12.50 / $10.00）。'],
  [{ scope: 'unknown' }, 'A budget on the gateway is used up.', 'ゲートウェイ側のいずれかの予算を使い切りました。'],
];

describe('describeProblem: a spent budget names its scope', () => {
  it.each(SCOPE_SENTENCES)('%o in English', (fields, english) => {
    expect(describeProblem(problem('budget_exceeded', { scope: refusal(fields) })).text).toBe(`${english} Ask your administrator to raise it.`);
  });

  it.each(SCOPE_SENTENCES)('%o in Japanese', (fields, _, japanese) => {
    speakJapanese();
    expect(describeProblem(problem('budget_exceeded', { scope: refusal(fields) })).text).toBe(`${japanese}管理者に増額を依頼してください。`);
  });

  it("gives the scope's own reset date, never another scope's", () => {
    const resets = { key: '2026-12-24T00:00:00Z', 'key_window:1h': '2026-11-30T19:00:00Z' };
    const window = describeProblem(problem('budget_exceeded', { scope: refusal({ scope: 'key_window', window: '1h', spend: 2, limit: 2 }) }), { resets }).text;
    // A one-hour window resets within the day: its time is what matters.
    expect(window).toMatch(/It resets Nov 30, \d{1,2}:00 [AP]M;/);
    const team = describeProblem(problem('budget_exceeded', { scope: refusal({ scope: 'team', spend: 1, limit: 1 }) }), { resets }).text;
    expect(team).not.toMatch(/resets/);
  });

  it('in Japanese, with the reset date and the contact', () => {
    speakJapanese();
    const { text } = describeProblem(problem('budget_exceeded', { scope: refusal({ scope: 'team', spend: 500, limit: 500 }) }), {
      resets: { team: '2026-12-01T00:00:00Z' },
      adminContact: 'it-help@example.com',
    });
    expect(text).toBe('チームの予算を使い切りました（$500.00 / $500.00）。2026年12月1日にリセットされます。それまでに必要なら管理者に増額を依頼してください。連絡先: it-help@example.com');
  });
});

describe('describeProblem: a guardrail names itself', () => {
  const blocked = problem('guardrail_blocked', { message: 'Guardrail raised an exception, Guardrail: pii-mask, Message: email address found' });

  it('in English and Japanese', () => {
    expect(describeProblem(blocked).text).toBe("The gateway's guardrail “pii-mask” blocked this request. Remove the sensitive text and try again, or ask your administrator what it allows.");
    speakJapanese();
    expect(describeProblem(blocked).text).toBe('ゲートウェイのガードレール「pii-mask」がこのリクエストをブロックしました。問題のある部分を除いてもう一度試すか、何が許可されているか管理者に確認してください。');
  });

  it('a block that names no guardrail still says a guardrail blocked it', () => {
    expect(describeProblem(problem('guardrail_blocked', { message: '{"error":"Violated guardrail policy"}' })).text).toMatch(/^A guardrail on the gateway blocked this request\./);
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
