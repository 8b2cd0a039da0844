/** Issue #5: draft a JIRA ticket from the page, edit it, copy it, create it in Jira. */
import { test as base, expect } from './support/fixtures';
import { startJiraSim, type JiraSim } from '../../dev/jira/server';
import type { Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../dev/harness/chromium';
import type { UserSettings } from '../../lib/settings/schema';
import { Popup } from './pages/popup';
import { read, seed } from './support/state';

const test = base.extend<{ jira: JiraSim }>({
  jira: async ({}, use) => {
    const sim = await startJiraSim({ port: 0, deployment: 'both' });
    await use(sim);
    await sim.close();
  },
});

const ARTICLE = '/corpus/pages/gitlab-blog/source.html';

/** Adds the Jira site to the settings already stored, and the token. */
async function useJira(ext: ExtensionBrowser, settings: Partial<UserSettings>, token: string) {
  const current = (await read(ext, 'settings')) ?? {};
  await seed(ext, { settings: { ...current, ...settings }, jiraToken: token });
}

async function draftFrom(popup: Popup) {
  await popup.draftTicket();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(popup.ticketSummary()).not.toHaveValue('');
}

/** The clipboard as the page's origin reads it (mv3-facts §7: the clipboard is shared). */
async function clipboardText(page: Page, origin: string): Promise<string> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.bringToFront();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('page → draft → edit the summary → Copy for Jira and Copy as Markdown carry the edit', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { page, popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  const log = await gateway.control.log();
  expect(log.at(-1)!.tags).toContain('gateway-assistant:jira-draft');
  expect(log.at(-1)!.responseFormat).toBe(true);

  await popup.ticketSummary().fill('Edited: rotate the [staging] keys | *now*');
  await expect(popup.ticketType()).toBeVisible();
  await popup.copyForJira();
  await expect(popup.copyForJiraButton()).toHaveText('Copied');
  const wiki = await clipboardText(page, site.origin);
  expect(wiki).toContain('h1. Edited: rotate the \\[staging\\] keys \\| \\*now\\*');
  expect(wiki).toMatch(/^h\d\. /m);

  await popup.page.bringToFront();
  await popup.copyAsMarkdown();
  const markdown = await clipboardText(page, site.origin);
  expect(markdown).toContain('Edited: rotate the \\[staging\\] keys \\| \\*now\\*');
  expect(markdown).toMatch(/^## /m);
});

test('the draft and its edits survive closing the popup; Regenerate keeps edited fields', async ({ ext, openPopupFor, connect, site }) => {
  await connect();
  const { popup, tabId } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.ticketSummary().fill('My own summary');
  await popup.page.waitForTimeout(600);
  await popup.close();
  const again = await Popup.open(ext, tabId);
  await expect(again.ticketSummary()).toHaveValue('My own summary');
  const firstId = await again.job().getAttribute('data-status');
  expect(firstId).toBe('done');
  await again.runJob(() => again.regenerate());
  await expect(again.ticketSummary()).toHaveValue('My own summary');
  await expect(again.ticketLabels()).toBeVisible();
});

for (const deployment of ['cloud', 'datacenter'] as const) {
  test(`Create in Jira (${deployment}): shows what will be sent, creates it, links the new key`, async ({ ext, openPopupFor, connect, site, jira }) => {
    await connect();
    await useJira(
      ext,
      { jiraUrl: jira.url, jiraDeployment: deployment, jiraEmail: 'reporter@example.com', jiraProjectKey: 'PROJ' },
      deployment === 'cloud' ? 'sim-api-token' : 'sim-personal-access-token',
    );
    const { popup, tabId } = await openPopupFor(site.url(ARTICLE));
    await draftFrom(popup);
    await popup.createInJira();
    const preview = popup.jiraPreview();
    await expect(preview).toContainText(deployment === 'cloud' ? '/rest/api/3/issue' : '/rest/api/2/issue');
    await expect(preview).toContainText('"key": "PROJ"');
    await popup.confirmCreate();
    const created = popup.jiraCreated();
    await expect(created).toContainText(/Created PROJ-\d+/);
    const href = await created.getByRole('link', { name: /Open PROJ-\d+/ }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^${jira.url}/browse/PROJ-\\d+$`));
    await expect(created.getByRole('button', { name: 'Copy link' })).toBeVisible();
    // One issue per draft: Create is gone, so a second click cannot make a duplicate.
    await expect(popup.page.getByTestId('create-jira')).toHaveCount(0);
    await expect(popup.page.getByTestId('confirm-create')).toHaveCount(0);

    // The worker holds to it too: a new popup on the same draft gets the same issue back, not a second one.
    const key = /PROJ-\d+/.exec((await created.textContent()) ?? '')![0];
    await popup.close();
    const again = await Popup.open(ext, tabId);
    await again.createInJira();
    await again.confirmCreate();
    await expect(again.jiraCreated()).toContainText(`Created ${key}`);

    const posts = jira.log().filter((r) => r.method === 'POST' && r.path.endsWith('/issue'));
    expect(posts).toHaveLength(1);
    const [request] = posts;
    expect(request!.status).toBe(201);
    expect(request!.auth).toBe('valid');
    const body = request!.body as { fields: { description: unknown; summary: string } };
    if (deployment === 'cloud') expect((body.fields.description as { type: string }).type).toBe('doc');
    else expect(typeof body.fields.description).toBe('string');
  });
}

test('Jira field errors are shown next to the fields', async ({ ext, openPopupFor, connect, site, jira }) => {
  await connect();
  // TEAM is team-managed: its create screen has no priority, so Jira refuses the field.
  await useJira(ext, { jiraUrl: jira.url, jiraDeployment: 'cloud', jiraEmail: 'reporter@example.com', jiraProjectKey: 'TEAM' }, 'sim-api-token');
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.createInJira();
  await popup.confirmCreate();
  await expect(popup.jiraError()).toHaveAttribute('data-kind', 'field-errors');
  await expect(popup.ticketPriorityError()).toBeVisible();
  await expect(popup.ticketPriority()).toHaveAttribute('aria-invalid', 'true');

  // "No priority" sends none, and the team-managed project takes the issue.
  await popup.ticketPriority().selectOption({ label: 'No priority' });
  await popup.createInJira();
  await popup.confirmCreate();
  await expect(popup.jiraCreated()).toContainText(/Created TEAM-\d+/);
  const post = jira.log().filter((r) => r.method === 'POST' && r.path.endsWith('/issue')).at(-1)!;
  expect((post.body as { fields: object }).fields).not.toHaveProperty('priority');
});

test('Markdown the model writes does not reach the plain summary field', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.draftTicketButton()).toBeEnabled();
  const answer = {
    summary: '## 1\\. `Save` fails on **drafts**',
    issueType: 'Bug',
    priority: 'High',
    description: { background: 'b', stepsToReproduce: ['s'], expected: 'e', actual: 'a', whatToDo: '', acceptanceCriteria: [] },
    labels: [],
  };
  await gateway.control.faults({ nextContent: JSON.stringify(answer), times: 1 });
  await draftFrom(popup);
  await expect(popup.ticketSummary()).toHaveValue('1. Save fails on drafts');
});

test('wrong Jira credentials get their own sentence', async ({ ext, openPopupFor, connect, site, jira }) => {
  await connect();
  await useJira(ext, { jiraUrl: jira.url, jiraDeployment: 'datacenter', jiraProjectKey: 'PROJ' }, 'not-a-valid-pat');
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.createInJira();
  await popup.confirmCreate();
  await expect(popup.jiraError()).toContainText('did not accept your credentials');
});

test('Turn into ticket drafts from the finished summary', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.summarize();
  await expect(popup.job()).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await popup.runJob(() => popup.turnIntoTicket());
  await expect(popup.job()).toHaveAttribute('data-feature', 'jira-draft');
  const [summaryCall, draftCall] = (await gateway.control.log()).slice(-2);
  expect(JSON.stringify(draftCall!.requestMessages)).toContain('summary of a web page');
  expect(summaryCall!.tags).toContain('gateway-assistant:summarize');
});

test.describe('in Japanese', () => {
  test.use({ lang: 'ja' });
  test("a Jira field error reads in Japanese, Jira's English only under Details", async ({ ext, openPopupFor, connect, site, jira }) => {
    await connect();
    await useJira(ext, { jiraUrl: jira.url, jiraDeployment: 'cloud', jiraEmail: 'reporter@example.com', jiraProjectKey: 'TEAM' }, 'sim-api-token');
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await draftFrom(popup);
    await popup.createInJira();
    await popup.confirmCreate();
    await expect(popup.ticketPriorityError()).toContainText('Jiraがこの項目を受け付けませんでした');
    const jiraText = popup.ticketPriorityError().getByText(/cannot be set/);
    await expect(jiraText).toBeHidden();
    await popup.ticketPriorityError().getByText('詳細').click();
    await expect(jiraText).toBeVisible();
  });
  test('the Japanese article yields a Japanese ticket', async ({ openPopupFor, connect, site, gateway }) => {
    await connect();
    const { popup } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
    await expect(popup.draftTicketButton()).toHaveText('Jira課題を下書き');
    await draftFrom(popup);
    const summary = await popup.ticketSummary().inputValue();
    expect(summary).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    await expect(popup.page.getByText('背景')).toBeVisible();
    expect((await gateway.control.log()).at(-1)!.tags).toContain('gateway-assistant:jira-draft');
  });
});

test('invalid JSON from the model: one repair request, then the message and the raw text', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.draftTicketButton()).toBeEnabled();
  await gateway.control.faults({ nextContent: '{"summary": "cut off', times: 2 });
  await popup.draftTicket();
  await expect(popup.job()).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(popup.problem()).toContainText('not a valid ticket');
  await expect(popup.rawAnswer()).toContainText('{"summary": "cut off');
  const calls = (await gateway.control.log()).filter((e) => e.tags.includes('gateway-assistant:jira-draft'));
  expect(calls).toHaveLength(2);
  expect(JSON.stringify(calls[1]!.requestMessages)).toContain('cut off');

  // One bad answer is repaired by the second request.
  await gateway.control.faults({ nextContent: 'not json at all', times: 1 });
  await popup.runJob(() => popup.retryAfterProblem());
  await expect(popup.ticketSummary()).not.toHaveValue('');
});

test('the Jira settings are saved from the options page; the token is masked and never shown again', async ({ openOptions, openPopupFor, connect, site, jira }) => {
  await connect();
  const options = await openOptions();
  await options.enterJira({ url: jira.url, deployment: 'datacenter', token: 'sim-personal-access-token', project: 'proj', issueTypes: 'Bug: bug\nTask\nImprovement' });
  await options.saveJira();
  await expect(options.jiraNote()).toHaveText('Saved.');
  await expect(options.page.getByText(/Saved token: sim…oken/)).toBeVisible();
  expect(await options.page.content()).not.toContain('sim-personal-access-token');

  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await expect(popup.ticketType().locator('option')).toHaveText(['Bug', 'Task', 'Improvement']);
  await popup.createInJira();
  await expect(popup.jiraPreview()).toContainText('"key": "PROJ"');
  await popup.confirmCreate();
  await expect(popup.jiraCreated()).toContainText(/Created PROJ-\d+/);
});
