/** Issue #5: draft a JIRA ticket from the page, edit it, copy it, create it in Jira. */
import { test as base, expect, runJob } from './support/fixtures';
import { startJiraSim, type JiraSim } from '../../dev/jira/server';
import type { Page } from '@playwright/test';

const test = base.extend<{ jira: JiraSim }>({
  jira: async ({}, use) => {
    const sim = await startJiraSim({ port: 0, deployment: 'both' });
    await use(sim);
    await sim.close();
  },
});

const ARTICLE = '/corpus/pages/gitlab-blog/source.html';

async function useJira(worker: { evaluate: Page['evaluate'] }, settings: Record<string, unknown>, token: string) {
  await worker.evaluate(
    async ({ settings, token }) => {
      const current = ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>;
      await chrome.storage.local.set({ settings: { ...current, ...settings }, jiraToken: token });
    },
    { settings, token },
  );
}

async function draftFrom(popup: Page) {
  await popup.getByTestId('draft-ticket').click();
  await expect(popup.getByTestId('job')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await expect(popup.getByTestId('ticket-summary')).not.toHaveValue('');
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

  await popup.getByTestId('ticket-summary').fill('Edited: rotate the [staging] keys | *now*');
  await expect(popup.getByTestId('ticket-type')).toBeVisible();
  await popup.getByTestId('copy-wiki').click();
  await expect(popup.getByTestId('copy-wiki')).toHaveText('Copied');
  const wiki = await clipboardText(page, site.origin);
  expect(wiki).toContain('h1. Edited: rotate the \\[staging\\] keys \\| \\*now\\*');
  expect(wiki).toMatch(/^h\d\. /m);

  await popup.bringToFront();
  await popup.getByTestId('copy-markdown').click();
  const markdown = await clipboardText(page, site.origin);
  expect(markdown).toContain('Edited: rotate the \\[staging\\] keys \\| \\*now\\*');
  expect(markdown).toMatch(/^## /m);
});

test('the draft and its edits survive closing the popup; Regenerate keeps edited fields', async ({ ext, openPopupFor, connect, site }) => {
  await connect();
  const { popup, tabId } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.getByTestId('ticket-summary').fill('My own summary');
  await popup.waitForTimeout(600);
  await popup.close();
  const again = await ext.context.newPage();
  await again.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
  await expect(again.getByTestId('ticket-summary')).toHaveValue('My own summary');
  const firstId = await again.getByTestId('job').getAttribute('data-status');
  expect(firstId).toBe('done');
  await runJob(again, 'regenerate');
  await expect(again.getByTestId('ticket-summary')).toHaveValue('My own summary');
  await expect(again.getByTestId('ticket-labels')).toBeVisible();
});

for (const deployment of ['cloud', 'datacenter'] as const) {
  test(`Create in Jira (${deployment}): shows what will be sent, creates it, links the new key`, async ({ ext, openPopupFor, connect, site, jira }) => {
    await connect();
    await useJira(
      ext.worker,
      { jiraUrl: jira.url, jiraDeployment: deployment, jiraEmail: 'reporter@example.com', jiraProjectKey: 'PROJ' },
      deployment === 'cloud' ? 'sim-api-token' : 'sim-personal-access-token',
    );
    const { popup } = await openPopupFor(site.url(ARTICLE));
    await draftFrom(popup);
    await popup.getByTestId('create-jira').click();
    const preview = popup.getByTestId('jira-preview');
    await expect(preview).toContainText(deployment === 'cloud' ? '/rest/api/3/issue' : '/rest/api/2/issue');
    await expect(preview).toContainText('"key": "PROJ"');
    await popup.getByTestId('confirm-create').click();
    const created = popup.getByTestId('jira-created');
    await expect(created).toContainText(/Created PROJ-\d+/);
    const href = await created.getByRole('link').getAttribute('href');
    expect(href).toMatch(new RegExp(`^${jira.url}/browse/PROJ-\\d+$`));

    const [request] = jira.log().filter((r) => r.method === 'POST' && r.path.endsWith('/issue'));
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
  await useJira(ext.worker, { jiraUrl: jira.url, jiraDeployment: 'cloud', jiraEmail: 'reporter@example.com', jiraProjectKey: 'TEAM' }, 'sim-api-token');
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.getByTestId('create-jira').click();
  await popup.getByTestId('confirm-create').click();
  await expect(popup.getByTestId('jira-error')).toHaveAttribute('data-kind', 'field-errors');
  const priority = popup.locator('label', { has: popup.getByTestId('ticket-priority') });
  await expect(priority.getByTestId('field-error')).toBeVisible();
  await expect(popup.getByTestId('ticket-priority')).toHaveAttribute('aria-invalid', 'true');
});

test('wrong Jira credentials get their own sentence', async ({ ext, openPopupFor, connect, site, jira }) => {
  await connect();
  await useJira(ext.worker, { jiraUrl: jira.url, jiraDeployment: 'datacenter', jiraProjectKey: 'PROJ' }, 'not-a-valid-pat');
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await popup.getByTestId('create-jira').click();
  await popup.getByTestId('confirm-create').click();
  await expect(popup.getByTestId('jira-error')).toContainText('did not accept your credentials');
});

test('Turn into ticket drafts from the finished summary', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await popup.getByTestId('summarize-page').click();
  await expect(popup.getByTestId('job')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
  await runJob(popup, 'turn-into-ticket');
  await expect(popup.getByTestId('job')).toHaveAttribute('data-feature', 'jira-draft');
  const [summaryCall, draftCall] = (await gateway.control.log()).slice(-2);
  expect(JSON.stringify(draftCall!.requestMessages)).toContain('summary of a web page');
  expect(summaryCall!.tags).toContain('gateway-assistant:summarize');
});

test.describe('in Japanese', () => {
  test.use({ lang: 'ja' });
  test('the Japanese article yields a Japanese ticket', async ({ openPopupFor, connect, site, gateway }) => {
    await connect();
    const { popup } = await openPopupFor(site.url('/corpus/ja/litellm-poc-blog.html'));
    await expect(popup.getByTestId('draft-ticket')).toHaveText('JIRA チケットを下書き');
    await draftFrom(popup);
    const summary = await popup.getByTestId('ticket-summary').inputValue();
    expect(summary).toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    await expect(popup.getByText('背景')).toBeVisible();
    expect((await gateway.control.log()).at(-1)!.tags).toContain('gateway-assistant:jira-draft');
  });
});

test('invalid JSON from the model: one repair request, then the message and the raw text', async ({ openPopupFor, connect, site, gateway }) => {
  await connect();
  const { popup } = await openPopupFor(site.url(ARTICLE));
  await expect(popup.getByTestId('draft-ticket')).toBeEnabled();
  await gateway.control.faults({ nextContent: '{"summary": "cut off', times: 2 });
  await popup.getByTestId('draft-ticket').click();
  await expect(popup.getByTestId('job')).toHaveAttribute('data-status', 'error', { timeout: 20_000 });
  await expect(popup.getByTestId('problem')).toContainText('not a valid ticket');
  await expect(popup.getByTestId('raw-answer')).toContainText('{"summary": "cut off');
  const calls = (await gateway.control.log()).filter((e) => e.tags.includes('gateway-assistant:jira-draft'));
  expect(calls).toHaveLength(2);
  expect(JSON.stringify(calls[1]!.requestMessages)).toContain('cut off');

  // One bad answer is repaired by the second request.
  await gateway.control.faults({ nextContent: 'not json at all', times: 1 });
  await runJob(popup, 'retry-problem');
  await expect(popup.getByTestId('ticket-summary')).not.toHaveValue('');
});

test('the Jira settings are saved from the options page; the token is masked and never shown again', async ({ openOptions, openPopupFor, connect, site, jira }) => {
  await connect();
  const options = await openOptions();
  await options.getByTestId('jira-url').fill(jira.url);
  await options.getByTestId('jira-deployment').selectOption('datacenter');
  await options.getByTestId('jira-token').fill('sim-personal-access-token');
  await options.getByTestId('jira-project').fill('proj');
  await options.getByTestId('jira-issue-types').fill('Bug: bug\nTask\nImprovement');
  await options.getByTestId('save-jira').click();
  await expect(options.getByTestId('jira-note')).toHaveText('Saved.');
  await expect(options.getByText(/Saved token: sim…oken/)).toBeVisible();
  expect(await options.content()).not.toContain('sim-personal-access-token');

  const { popup } = await openPopupFor(site.url(ARTICLE));
  await draftFrom(popup);
  await expect(popup.getByTestId('ticket-type').locator('option')).toHaveText(['Bug', 'Task', 'Improvement']);
  await popup.getByTestId('create-jira').click();
  await expect(popup.getByTestId('jira-preview')).toContainText('"key": "PROJ"');
  await popup.getByTestId('confirm-create').click();
  await expect(popup.getByTestId('jira-created')).toContainText(/Created PROJ-\d+/);
});
