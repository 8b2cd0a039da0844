/**
 * Issue #12: the budget that actually binds (key, team, window, one model), named in the popup
 * and on the badge, against the simulator's LiteLLM-ordered checks and self-info routes.
 */
import { startGateway, type RunningGateway } from '../../dev/gateway/server';
import { simControl } from '../../dev/gateway/control';
import type { ExtensionBrowser } from '../../dev/harness/chromium';
import type { KeyRecord } from '../../dev/gateway/keys';
import type { GatewayOptions } from '../../dev/gateway/state';
import type { Popup } from './pages/popup';
import { expect, test } from './support/fixtures';
import { ageFigures, seed } from './support/state';

const ARTICLE = '/corpus/pages/v8-blog/source.html';
/** How long the popup trusts the figures it has (lib/background/status.ts, BUDGET_FRESH_MS). */
const A_MINUTE = 60_000;

const badge = (ext: ExtensionBrowser) => ext.worker.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}) }));
const dollarsLeft = async (popup: Popup) => Number(/\$(\d+\.\d+)/.exec(await popup.budgetLeft().innerText())![1]);

let gateway: RunningGateway | undefined;
test.afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

async function connectTo(ext: ExtensionBrowser, key: KeyRecord, options: GatewayOptions, model = 'sim-fast', userId = ''): Promise<RunningGateway> {
  gateway = await startGateway({ port: 0, batchWriteS: 0, keys: [key], ...options });
  await seed(ext, { key: key.key, settings: { gatewayUrl: gateway.url, defaultModel: model, userId } });
  return gateway;
}

/** A summary the gateway refuses: the job ends in error, and the one chat call is in the log with that status. */
async function summarizeRefused(popup: Popup, g: RunningGateway, status: number) {
  await expect(popup.summarizeButton()).toBeEnabled();
  await popup.runJob(() => popup.summarize(), 'error');
  const calls = await simControl(g.url).log();
  expect(calls.map((entry) => entry.status)).toEqual([status]);
  return calls[0]!;
}

// The article is about JavaScript engines, so a guardrail set to block that word blocks its summary.
const BLOCKED_WORD = 'javascript';

async function summarize(popup: Popup) {
  await expect(popup.summarizeButton()).toBeEnabled();
  await popup.runJob(() => popup.summarize());
}

test('a key without a limit in a team with $1 left: the team is named with its figure and reset, moves with answers, and blocks by name when used up', async ({
  ext,
  openPopupFor,
  site,
}) => {
  const g = await connectTo(ext, { key: 'sk-team-only', key_alias: 'no-limit', user_id: 'alice', team_id: 'eng' }, {
    teams: [{ team_id: 'eng', team_alias: 'Engineering', max_budget: 500, spend: 499, budget_reset_at: '2026-12-01T00:00:00Z', members: [{ user_id: 'alice' }] }],
  });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.budgetScope()).toHaveText('Team budget: ');
  await expect(popup.budgetLeft()).toHaveText('$1.00 left');
  await expect(popup.budget()).toContainText('of $500.00');
  await expect(popup.budgetReset()).toHaveText('Resets Dec 1, 2026');
  await expect.poll(async () => (await badge(ext)).text).toBe('$1');
  expect((await badge(ext)).title).toContain('Team budget');
  const rows = await popup.budgetScopeRows();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-scope', 'key');
  await expect(rows.nth(1)).toHaveAttribute('data-scope', 'team');
  await expect(rows.nth(1)).toHaveAttribute('data-binding', 'true');
  await expect(rows.nth(1)).toContainText('(Engineering)');

  await summarize(popup);
  const charged = (await simControl(g.url).log()).reduce((sum, entry) => sum + entry.cost, 0);
  expect(charged).toBeGreaterThan(0);
  await expect.poll(() => dollarsLeft(popup)).toBeCloseTo(1 - charged, 2);
  await expect.poll(async () => (await badge(ext)).text).toBe(`${Math.floor((1 - charged) * 100)}¢`);
  await popup.close();

  // The team is spent (the gateway refuses past the limit): the blocked state names it and its reset.
  await simControl(g.url).teams({ team_id: 'eng', spend: 500.5 });
  await ageFigures(ext, A_MINUTE); // a minute after the popup last asked the gateway
  const { popup: blocked } = await openPopupFor(site.url(ARTICLE));
  await expect(blocked.budgetAlert()).toHaveAttribute('data-kind', 'exhausted');
  await expect(blocked.budgetAlert()).toContainText('The team budget is used up ($500.50 of $500.00). It resets Dec 1, 2026');
  await expect(blocked.summarizeButton()).toBeDisabled();
  await expect.poll(async () => (await badge(ext)).text).toBe('!');
});

test('a key with a 1-hour window nearly used: the meter shows the window and its reset time, and the blocked state names the window', async ({ ext, openPopupFor, site }) => {
  await connectTo(ext, { key: 'sk-window', max_budget: 50, budget_limits: [{ budget_duration: '1h', max_budget: 2, spend: 1.999 }] }, {});
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.budgetScope()).toHaveText('Key 1-hour budget: ');
  await expect(popup.budget()).toContainText('of $2.00');
  await expect(popup.budgetReset()).toHaveText(/^Resets \w{3} \d{1,2}, \d{1,2}:00 [AP]M$/);
  // With $0.001 left in the window, the answer may cost more than is left: the person is asked first.
  await popup.runJob(() => popup.summarize(), 'confirm');
  // The question sets the cost against what is left, and with too little left the safe answer is the default.
  await expect(popup.costQuestion().getByTestId('confirm-left')).toHaveText(/^That could be more than the \$0\.00\d+ you have left\.$/);
  await expect(popup.page.getByTestId('confirm-cancel')).toBeFocused();
  await expect(popup.page.getByTestId('confirm-continue')).not.toHaveClass(/primary/);
  await popup.continueDespiteCost();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(popup.budgetAlert()).toHaveAttribute('data-kind', 'exhausted');
  await expect(popup.budgetAlert()).toContainText(/Your key's 1-hour budget is used up \(\$2\.\d\d of \$2\.00\)\. It resets \w{3} \d{1,2}, \d{1,2}:00 [AP]M/);
  await expect(popup.summarizeButton()).toBeDisabled();
});

test('a key whose budget for one model is used up: that model is marked unavailable, another still answers', async ({ ext, openPopupFor, site }) => {
  const g = await connectTo(ext, { key: 'sk-per-model', max_budget: 50, model_max_budget: { 'sim-fast': { budget_limit: 0.0001, time_period: '1d' } } }, {});
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await summarize(popup);
  await popup.close();
  // The gateway now refuses sim-fast with its per-model message.
  const refused = await fetch(`${g.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-per-model', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'sim-fast', messages: [{ role: 'user', content: 'hi' }] }),
  });
  expect(refused.status).toBe(429);
  await ageFigures(ext, A_MINUTE); // a minute after the popup last asked the gateway
  const { popup: again } = await openPopupFor(site.url(ARTICLE));
  const fast = again.model().locator('option[value="sim-fast"]');
  await expect(fast).toBeDisabled();
  await expect(fast).toHaveText('sim-fast (its budget is used up)');
  await again.chooseModel('sim-tiny');
  await summarize(again);
  await expect(again.job()).toHaveAttribute('data-status', 'done');
  const log = await simControl(g.url).log();
  // sim-tiny's small context splits the page into several calls: all of them answered.
  const calls = log.map((entry) => [entry.model, entry.status]);
  expect(calls.slice(0, 2)).toEqual([
    ['sim-fast', 200],
    ['sim-fast', 429],
  ]);
  expect(calls.length).toBeGreaterThan(2);
  expect(calls.slice(2).every(([model, status]) => model === 'sim-tiny' && status === 200)).toBe(true);
});

test('a key that may not read /team/info: everything else works, and the details say the team budget is not visible', async ({ ext, openPopupFor, openOptions, site }) => {
  await connectTo(ext, { key: 'sk-no-team-info', max_budget: 5, user_id: 'alice', team_id: 'eng', allowed_routes: ['llm_api_routes', '/key/info'] }, {
    teams: [{ team_id: 'eng', max_budget: 1 }],
  });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.budgetScope()).toHaveText('Key budget: ');
  await expect(popup.budgetLeft()).toHaveText('$5.00 left');
  const rows = await popup.budgetScopeRows();
  await expect(rows.nth(0)).toHaveAttribute('data-binding', 'true');
  await expect(rows.nth(1)).toHaveAttribute('data-scope', 'team');
  await expect(rows.nth(1)).toContainText('Team budget: not visible to this key');
  await summarize(popup);
  await expect(popup.job()).toHaveAttribute('data-status', 'done');

  // The options page's Test connection lists the same budgets.
  const options = await openOptions();
  await options.enterConnection(gateway!.url, 'sk-no-team-info');
  await options.testConnection();
  await expect(options.testScopeRows()).toHaveCount(2);
  await expect(options.testScopeRows().nth(0)).toHaveAttribute('data-binding', 'true');
  await expect(options.testScopeRows().nth(1)).toContainText('Team budget: not visible to this key');
});

test('a person whose own budget is spent, which the key may not read in advance: the refusal names their personal budget', async ({ ext, openPopupFor, site }) => {
  // The key may read /key/info (so it knows its user) but not /user/info: only the gateway's refusal tells.
  const g = await connectTo(ext, { key: 'sk-own-budget', max_budget: 50, user_id: 'alice', allowed_routes: ['llm_api_routes', '/key/info'] }, {
    users: [{ user_id: 'alice', max_budget: 2, spend: 2 }],
  });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.budgetScope()).toHaveText('Key budget: ');
  await summarizeRefused(popup, g, 429);
  await expect(popup.problemSentence()).toHaveText('Your personal budget is used up ($2.00 of $2.00). Ask your administrator to raise it.');
});

test('a personal budget the gateway refused is remembered: blocked by name with whom to ask, nothing more is sent, and "Check again" lets a request through once it is raised', async ({
  ext,
  openPopupFor,
  site,
  policy,
}) => {
  await policy.set({ adminContact: 'it-help@example.com' });
  const g = await connectTo(ext, { key: 'sk-own-remembered', max_budget: 50, user_id: 'alice', allowed_routes: ['llm_api_routes', '/key/info'] }, {
    users: [{ user_id: 'alice', max_budget: 2, spend: 2 }],
  });
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await summarizeRefused(popup, g, 429);
  await popup.close();

  const { popup: again, tabId } = await openPopupFor(site.url(ARTICLE));
  await expect(again.budgetAlert()).toHaveAttribute('data-kind', 'exhausted');
  await expect(again.budgetAlert()).toContainText('Your personal budget is used up ($2.00 of $2.00). Ask your administrator to raise it. Contact: it-help@example.com');
  await expect(again.summarizeButton()).toBeDisabled();
  // The toolbar says so too: blocked, with the refused budget in the badge's tooltip.
  await expect.poll(async () => (await badge(ext)).text).toBe('!');
  expect((await badge(ext)).title).toContain('Your personal budget is used up ($2.00 of $2.00).');
  // The same request sent straight to the worker (as the panel or the context menu would): refused there, never sent.
  const answer = await again.page.evaluate(
    (tab) => chrome.runtime.sendMessage({ id: 1, type: 'popup.startJob', data: { tabId: tab, feature: 'summarize', model: 'sim-fast' }, timestamp: Date.now() }) as Promise<{ res?: unknown }>,
    tabId,
  );
  expect(answer.res).toMatchObject({ status: 'error', problem: { kind: 'budget_exceeded', scope: { scope: 'user', id: 'alice' } } });
  expect((await simControl(g.url).log()).map((entry) => entry.status)).toEqual([429]);

  // The admin raises the budget; nothing the key reads shows it, so the person asks for a check.
  await simControl(g.url).users({ user_id: 'alice', max_budget: 10 });
  await again.checkBudgetAgain();
  await expect(again.budgetAlert()).toHaveCount(0);
  // The key's own dollars left again, instead of the refusal's `!`.
  await expect.poll(async () => (await badge(ext)).text).toMatch(/^\$\d+$/);
  await summarize(again);
  await expect(again.job()).toHaveAttribute('data-status', 'done');
  const statuses = (await simControl(g.url).log()).map((entry) => entry.status);
  expect(statuses[0]).toBe(429);
  expect(statuses.length).toBeGreaterThan(1);
  expect(statuses.slice(1).every((status) => status === 200)).toBe(true);
});

test('guardrails: the ones that ran are noted under an answer, and a block with an object message names its guardrail and what to do', async ({ ext, openPopupFor, site }) => {
  const g = await connectTo(ext, { key: 'sk-guarded', max_budget: 50 }, {});
  await simControl(g.url).guardrails([{ guardrail_name: 'pii-mask' }, { guardrail_name: 'toxicity' }]);
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await summarize(popup);
  await expect(popup.answer()).not.toBeEmpty();
  await expect(popup.guardrailsNote()).toHaveText('Checked by: pii-mask, toxicity');
  await popup.close();

  await simControl(g.url).reset();
  await simControl(g.url).guardrails([{ guardrail_name: 'aporia-pre', block_on: BLOCKED_WORD, on_block: 'raise_object' }]);
  const { popup: again } = await openPopupFor(site.url(ARTICLE));
  await summarizeRefused(again, g, 400);
  await expect(again.problem()).toHaveAttribute('data-kind', 'guardrail_blocked');
  await expect(again.problemSentence()).toHaveText("The gateway's guardrail “aporia-pre” blocked this request. Remove the sensitive text and try again, or ask your administrator what it allows.");
});

test.describe('budgets in Japanese', () => {
  test.use({ lang: 'ja' });
  test('the team that binds is named in Japanese on the meter, and its used-up state says so with its reset', async ({ ext, openPopupFor, site }) => {
    const g = await connectTo(ext, { key: 'sk-team-ja', user_id: 'alice', team_id: 'eng' }, {
      teams: [{ team_id: 'eng', max_budget: 500, spend: 487.6, budget_reset_at: '2026-12-01T00:00:00Z' }],
    });
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await expect(popup.budgetScope()).toHaveText('チームの予算: ');
    await expect(popup.budgetLeft()).toHaveText('残り$12.40');
    await expect(popup.budget()).toContainText('/ $500.00');
    await expect(popup.budgetReset()).toHaveText('2026年12月1日にリセット');
    await popup.close();
    await simControl(g.url).teams({ team_id: 'eng', spend: 500.5 });
    await ageFigures(ext, A_MINUTE); // a minute after the popup last asked the gateway
    const { popup: blocked } = await openPopupFor(site.url(ARTICLE));
    await expect(blocked.budgetAlert()).toContainText('チームの予算を使い切りました（$500.50 / $500.00）。2026年12月1日にリセットされます。');
  });

  test('an end user (the person named in each request) whose budget is spent: the refusal names the end-user budget in Japanese', async ({ ext, openPopupFor, site }) => {
    const g = await connectTo(ext, { key: 'sk-end-user', max_budget: 50 }, { endUsers: [{ user_id: 'customer-7', max_budget: 1, spend: 1.5 }] }, 'sim-fast', 'customer-7');
    const { popup } = await openPopupFor(site.url(ARTICLE));
    const refused = await summarizeRefused(popup, g, 429);
    expect(refused.user).toBe('customer-7');
    await expect(popup.problemSentence()).toHaveText('エンドユーザーの予算を使い切りました（$1.50 / $1.00）。管理者に増額を依頼してください。');
  });

  test('a guardrail in passthrough mode (200, finish_reason content_filter): its violation text is no answer, and the sentence names it in Japanese', async ({ ext, openPopupFor, site }) => {
    const g = await connectTo(ext, { key: 'sk-passthrough', max_budget: 50 }, {});
    await simControl(g.url).guardrails([{ guardrail_name: 'pii-mask', block_on: BLOCKED_WORD, on_block: 'passthrough', message: 'Sensitive content was blocked.' }]);
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await popup.runJob(() => popup.summarize(), 'error');
    expect((await simControl(g.url).log()).map((entry) => [entry.status, entry.cost])).toEqual([[200, 0]]);
    await expect(popup.problem()).toHaveAttribute('data-kind', 'guardrail_blocked');
    await expect(popup.problemSentence()).toHaveText('ゲートウェイのガードレール「pii-mask」がこのリクエストをブロックしました。問題のある部分を除いてもう一度試すか、何が許可されているか管理者に確認してください。');
    // The violation text is no answer: no answer is shown (the problem's details keep the text).
    await expect(popup.answer()).toHaveCount(0);
  });
});
