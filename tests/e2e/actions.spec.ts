/**
 * Issue #10: the company's use cases as actions (a real policy file), every rule enforced by the
 * worker, the panel's own cost question, and a person's own action from the settings page.
 */
import type { LogEntry } from '../../dev/gateway/control-api';
import type { ExtensionBrowser } from '../../dev/harness/chromium';
import { Tab } from './pages/panel';
import type { Popup } from './pages/popup';
import { expect, test } from './support/fixtures';

const ARTICLE = '/corpus/pages/ars-1/source.html';
const LONG_PAGE = '/corpus/pages/wikipedia/source.html';

const EXEC = {
  id: 'exec-summary',
  title: { ja: '経営層向けに要約', en: 'Summarize for an executive' },
  instructions: 'EXEC-MARKER: write three sentences on {{title}} for an executive, in {{language}}.',
  input: 'page',
  output: 'markdown',
};
const EXPLAIN = {
  id: 'explain-selection',
  title: { ja: '選択箇所を解説', en: 'Explain the selection' },
  instructions: 'EXPLAIN-MARKER: explain the passage to a new engineer.',
  input: 'selection',
  output: 'markdown',
};
const ITEMS = {
  id: 'action-items',
  title: { ja: 'アクションアイテムを抽出', en: 'Extract action items' },
  instructions: 'ITEMS-MARKER: one ticket listing the action items.',
  input: 'either',
  output: 'ticket',
  surfaces: ['popup', 'menu'],
};
const BROKEN = { id: 'broken', title: { en: 'Broken' }, instructions: 'x', input: 'tab', output: 'markdown' };

const POLICY = { adminContact: 'it-help@example.com', actions: [EXEC, EXPLAIN, ITEMS, BROKEN] };

const menuExists = (ext: ExtensionBrowser, id: string) => ext.worker.evaluate((menuId) => chrome.contextMenus.update(menuId, {}).then(() => true, () => false), id);

type Message = { role: string; content: string | { text: string }[] };
const textOf = (content: Message['content']) => (typeof content === 'string' ? content : content.map((part) => part.text).join(''));
const system = (entry: LogEntry) => textOf((entry.requestMessages as Message[]).find((m) => m.role === 'system')!.content);
const user = (entry: LogEntry) => textOf((entry.requestMessages as Message[]).find((m) => m.role === 'user')!.content);
const chats = async (gateway: { control: { log(): Promise<LogEntry[]> } }) => (await gateway.control.log()).filter((entry) => entry.path.endsWith('/chat/completions'));

test.describe('actions defined by policy', () => {
  test('appear in the popup and the right-click menu, and a malformed one is named on the settings page', async ({ ext, policy, connect, openPopupFor, openOptions, site }) => {
    await policy.set(POLICY);
    await connect();
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await expect(popup.actionButton('policy', 'exec-summary')).toHaveText('Summarize for an executive');
    await expect(popup.actionButton('policy', 'action-items')).toHaveText('Extract action items');
    // A selection action waits for a selection; the malformed one is nowhere.
    await expect(popup.actionButton('policy', 'explain-selection')).toHaveCount(0);
    await expect(popup.actionButton('policy', 'broken')).toHaveCount(0);

    // The menus are rebuilt whenever settings or policy change (serially, all at once): wait for the
    // set as a whole, not one item that a rebuild still in progress may remove again.
    const menus = ['exec-summary@page', 'explain-selection@selection', 'explain-selection@page', 'action-items@page', 'action-items@selection', 'broken@page'];
    await expect.poll(() => Promise.all(menus.map((id) => menuExists(ext, `action-policy-${id}`)))).toEqual([true, true, false, true, true, false]);

    const options = await openOptions();
    const problem = options.actionProblem();
    await expect(problem).toHaveCount(1);
    await expect(problem).toHaveAttribute('data-action', 'broken');
    await expect(problem).toHaveAttribute('data-field', 'input');
    await expect(options.policyActionRows()).toHaveCount(3);
  });

  test('run with their instructions as the instruction part, tagged by action, and My usage shows cost by action', async ({ ext, policy, connect, openPopupFor, openOptions, site, gateway }) => {
    test.slow();
    await policy.set(POLICY);
    await connect();
    const { page, popup, tabId } = await openPopupFor(site.url(ARTICLE));
    await popup.runJob(() => popup.runAction('policy', 'exec-summary'));
    await expect(popup.answer()).toContainText(/\w{4,}/);
    await popup.runJob(() => popup.runAction('policy', 'action-items'));
    await expect(popup.ticketSummary()).not.toHaveValue('');

    await page.bringToFront();
    const passage = await new Tab(ext, page, tabId).selectParagraph(1);
    await popup.page.reload();
    await popup.runJob(() => popup.runAction('policy', 'explain-selection'));

    const log = await chats(gateway);
    const byAction = (id: string) => log.filter((entry) => entry.tags.includes(`action:${id}`));
    expect(byAction('exec-summary').length).toBeGreaterThanOrEqual(1);
    expect(byAction('action-items').length).toBeGreaterThanOrEqual(1);
    expect(byAction('explain-selection').length).toBeGreaterThanOrEqual(1);
    for (const entry of log) {
      // 100 % of requests: the action's tag, the feature's tag and the user.
      expect(entry.tags.filter((tag) => tag.startsWith('action:'))).toHaveLength(1);
      expect(entry.tags).toContain('gateway-assistant:action');
      expect(entry.user).toBe('demo.user@example.com');
    }
    const marker = { 'exec-summary': 'EXEC-MARKER', 'action-items': 'ITEMS-MARKER', 'explain-selection': 'EXPLAIN-MARKER' } as const;
    for (const [id, text] of Object.entries(marker)) {
      for (const entry of byAction(id)) {
        // The instructions are the system part; the user part carries the page only inside the data block.
        expect(system(entry)).toContain(text);
        expect(user(entry)).not.toContain(text);
        expect(user(entry)).toMatch(/<document>[\s\S]+<\/document>/);
      }
    }
    // {{title}} points at the document, never splices the page's title into the instructions.
    expect(system(byAction('exec-summary')[0]!)).toContain('the document title (given with the document)');
    expect(system(byAction('exec-summary')[0]!)).not.toContain('Minecraft');
    expect(user(byAction('explain-selection')[0]!)).toContain(passage.slice(0, 40));

    const options = await openOptions();
    const breakdown = options.usageByAction();
    await expect(breakdown).toContainText('Summarize for an executive');
    await expect(breakdown).toContainText('Extract action items');
    await expect(breakdown).toContainText('Explain the selection');
    const { text } = await options.exportUsageCsv();
    const rows = text.slice(1).trimEnd().split('\r\n').slice(1).map((line) => line.split(','));
    expect(rows).toHaveLength(log.length);
    const csvActions = rows.map((cells) => cells[4]).sort();
    expect(csvActions).toEqual(log.map((entry) => entry.tags.find((tag) => tag.startsWith('action:'))!.slice('action:'.length)).sort());
  });

  test('on a long document an action goes through map-reduce with progress, its instructions shaping the final step', async ({ policy, connect, openPopupFor, site, gateway }) => {
    await policy.set(POLICY);
    await connect(undefined, 'sim-tiny');
    await gateway.control.faults({ ttftMs: 2_000 });
    const { popup } = await openPopupFor(site.url(LONG_PAGE));
    await popup.runAction('policy', 'exec-summary');
    await expect(popup.progress()).toContainText(/part \d+ of \d+/i);
    await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const log = await chats(gateway);
    const maps = log.filter((entry) => user(entry).includes('Take notes on part'));
    expect(maps.length).toBeGreaterThan(2);
    // The notes keep what the task needs; the final step carries the task out.
    for (const entry of maps) expect(system(entry)).toContain('EXEC-MARKER');
    const final = log.at(-1)!;
    expect(user(final)).toContain('Carry out the task on');
    expect(system(final)).toContain('EXEC-MARKER');
    for (const entry of log) expect(entry.tags).toContain('action:exec-summary');
  });
});

test.describe('actions in Japanese', () => {
  test.use({ lang: 'ja' });
  test('the popup and the settings page name actions in Japanese', async ({ policy, connect, openPopupFor, openOptions, site }) => {
    await policy.set(POLICY);
    await connect();
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await expect(popup.actionButton('policy', 'exec-summary')).toHaveText('経営層向けに要約');
    await expect(popup.actionButton('policy', 'action-items')).toHaveText('アクションアイテムを抽出');
    const options = await openOptions();
    await expect(options.actionProblem()).toContainText('アクション「broken」は表示されません');
  });
});

async function blockedByPolicyMessage(popup: Popup, tabId: number) {
  // What a compromised or buggy extension page could send: the worker must refuse it all the same.
  return popup.page.evaluate(
    (tab) => chrome.runtime.sendMessage({ id: 1, type: 'popup.startJob', data: { tabId: tab, feature: 'jira-draft', model: 'sim-fast' }, timestamp: Date.now() }) as Promise<{ res?: { status: string; problem: { kind: string } } }>,
    tabId,
  );
}

test('a feature the organization turned off cannot run, even when its message is sent straight to the worker', async ({ policy, connect, openPopupFor, site, gateway }) => {
  await policy.set({ disabledFeatures: ['jira-draft'] });
  await connect();
  const { popup, tabId } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.summarizeButton()).toBeEnabled();
  await expect(popup.draftTicketButton()).toHaveCount(0);
  const answer = await blockedByPolicyMessage(popup, tabId);
  expect(answer.res).toMatchObject({ status: 'error', problem: { kind: 'feature_disabled' } });
  await expect(popup.problem()).toHaveAttribute('data-kind', 'feature_disabled');
  await expect(popup.problem()).toContainText('turned off');
  expect(await chats(gateway)).toHaveLength(0);
});

test('the in-page panel asks the cost question itself: Cancel sends nothing, Continue completes', async ({ ext, policy, connect, site, gateway }) => {
  // Any request above a hundredth of a cent is worth a question: the long page is, from right-click.
  await policy.set({ costConfirmUsd: 0.0001 });
  await connect(undefined, 'sim-cache');
  const tab = await Tab.open(ext, site.url(LONG_PAGE));
  await tab.rightClick('summarize@page');
  const confirm = tab.panel.costQuestion();
  await expect(confirm).toBeVisible({ timeout: 20_000 });
  await tab.panel.cancelForCost();
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'stopped');
  expect(await chats(gateway)).toHaveLength(0);

  await tab.rightClick('summarize@page');
  await expect(confirm).toBeVisible({ timeout: 20_000 });
  await tab.panel.continueDespiteCost();
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(tab.panel.answer()).toContainText(/\w{4,}/);
  expect((await chats(gateway)).length).toBeGreaterThan(0);
});

test('after an answer, the panel runs another action on the same page, the organization’s included', async ({ ext, policy, connect, site, gateway }) => {
  await policy.set(POLICY);
  await connect();
  const tab = await Tab.open(ext, site.url(ARTICLE));
  await tab.rightClick('summarize@page');
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  // The panel lists what its surface offers: exec-summary yes, action-items (popup and menu only) no.
  await expect(tab.panel.runAnotherItem('action-policy-exec-summary')).toHaveCount(1);
  await expect(tab.panel.runAnotherItem('action-policy-action-items')).toHaveCount(0);
  await tab.panel.runAnother('action-policy-exec-summary');
  await expect(tab.panel.job()).toHaveAttribute('data-feature', 'action');
  await expect(tab.panel.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  const last = (await chats(gateway)).at(-1)!;
  expect(last.tags).toContain('action:exec-summary');
  expect(system(last)).toContain('EXEC-MARKER');
});

test('a personal action made in the settings page runs from the popup and is tagged action:personal', async ({ connect, openOptions, openPopupFor, site, gateway }) => {
  await connect();
  const options = await openOptions();
  await options.addAction();
  await options.saveAction();
  // Nothing filled in: the form says which fields, and nothing is saved.
  await expect(options.actionFieldError('id')).toBeVisible();
  await expect(options.actionFieldError('instructions')).toBeVisible();
  await options.enterAction({ id: 'tldr', titleEn: 'TL;DR', titleJa: 'ひとことで', instructions: 'PERSONAL-MARKER: one line, no more.' });
  await options.saveAction();
  await expect(options.personalActionRows()).toHaveAttribute('data-action', 'tldr');

  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.runJob(() => popup.runAction('personal', 'tldr'));
  const [entry] = await chats(gateway);
  expect(entry!.tags).toEqual(expect.arrayContaining(['action:personal', 'gateway-assistant:action']));
  expect(system(entry!)).toContain('PERSONAL-MARKER');

  // Deleted, it is gone from the popup.
  await options.page.bringToFront();
  await options.deleteAction();
  await popup.page.reload();
  await expect(popup.summarizeButton()).toBeVisible();
  await expect(popup.actionButton('personal', 'tldr')).toHaveCount(0);
});
