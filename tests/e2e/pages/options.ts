/**
 * The options page as a person uses it (entrypoints/options/): the connection, the defaults, the
 * Jira site, and "My usage". Fields an organization set by policy are shown locked.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';
import type { UserSettings } from '../../../lib/settings/schema';

export class Options {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionBrowser): Promise<Options> {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
    return new Options(page);
  }

  gatewayUrl(): Locator {
    return this.page.getByTestId('gateway-url');
  }

  /** The field the key is pasted into; it is emptied once the key is saved. */
  keyField(): Locator {
    return this.page.getByTestId('gateway-key');
  }

  async enterConnection(url: string, key: string): Promise<void> {
    await this.gatewayUrl().fill(url);
    await this.keyField().fill(key);
  }

  async showKey(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show' }).click();
  }

  async testConnection(): Promise<void> {
    await this.page.getByTestId('test-connection').click();
  }

  /** What "Test connection" found: "Connected as …", the reset date. */
  testResult(): Locator {
    return this.page.getByTestId('test-result');
  }

  /** Every budget the tested key is under (`data-scope`, `data-binding`). */
  testScopeRows(): Locator {
    return this.testResult().getByTestId('budget-scope-row');
  }

  testBudget(): Locator {
    return this.page.getByTestId('test-budget');
  }

  testModels(): Locator {
    return this.page.getByTestId('test-models');
  }

  /** The prompt to Save after a good test of what is not saved yet. */
  savePrompt(): Locator {
    return this.page.getByTestId('save-prompt');
  }

  saveConnectionButton(): Locator {
    return this.page.getByTestId('save-connection');
  }

  /** "Saved" under the sections that save as they change. */
  defaultsSaved(): Locator {
    return this.page.getByTestId('defaults-saved');
  }

  async saveConnection(): Promise<void> {
    await this.page.getByTestId('save-connection').click();
  }

  /** "Saved." after the connection is saved. */
  connectionNote(): Locator {
    return this.page.getByTestId('save-note');
  }

  /** The saved key, masked. */
  savedKey(): Locator {
    return this.page.getByTestId('saved-key');
  }

  problem(): Locator {
    return this.page.getByTestId('problem');
  }

  /** The note that the gateway refuses the extension's request tags. */
  tagsRejectedNote(): Locator {
    return this.page.getByTestId('tags-rejected');
  }

  /** A default in the Defaults section: the model, the summary's language, length, form. */
  setting(name: keyof UserSettings): Locator {
    return this.page.getByTestId(`setting-${name}`);
  }

  /** "Set by your organization", next to a field that policy sets. */
  lockedNote(field: Locator): Locator {
    return this.page.locator('label', { has: field }).getByTestId('locked');
  }

  /** Fills the Jira section; "Bug: bug\nTask" names the issue types and their layouts, one a line. */
  async enterJira(jira: { url: string; deployment: 'cloud' | 'datacenter'; token: string; project: string; issueTypes: string }): Promise<void> {
    await this.page.getByTestId('jira-url').fill(jira.url);
    await this.page.getByTestId('jira-deployment').selectOption(jira.deployment);
    await this.page.getByTestId('jira-token').fill(jira.token);
    await this.page.getByTestId('jira-project').fill(jira.project);
    await this.page.getByTestId('jira-issue-types').fill(jira.issueTypes);
  }

  async saveJira(): Promise<void> {
    await this.page.getByTestId('save-jira').click();
  }

  jiraNote(): Locator {
    return this.page.getByTestId('jira-note');
  }

  /** A malformed action, named with its field (`data-action`, `data-field`). */
  actionProblem(): Locator {
    return this.page.getByTestId('action-problem');
  }

  /** The organization's actions, one row each. */
  policyActionRows(): Locator {
    return this.page.getByTestId('policy-actions').getByTestId('action-row');
  }

  /** The person's own actions, one row each (`data-action` is the id). */
  personalActionRows(): Locator {
    return this.page.getByTestId('personal-actions').getByTestId('action-row');
  }

  /** "Add an action": opens the form. */
  async addAction(): Promise<void> {
    await this.page.getByTestId('action-add').click();
  }

  async enterAction(action: { id: string; titleEn: string; titleJa: string; instructions: string }): Promise<void> {
    await this.page.getByTestId('action-id').fill(action.id);
    await this.page.getByTestId('action-title-en').fill(action.titleEn);
    await this.page.getByTestId('action-title-ja').fill(action.titleJa);
    await this.page.getByTestId('action-instructions').fill(action.instructions);
  }

  async saveAction(): Promise<void> {
    await this.page.getByTestId('action-save').click();
  }

  /** What the form says is wrong with one field (`id`, `instructions`…). */
  actionFieldError(field: string): Locator {
    return this.page.getByTestId(`action-error-${field}`);
  }

  async deleteAction(): Promise<void> {
    await this.page.getByTestId('action-delete').click();
  }

  /** One row per request, newest first; `data-cost` and `data-feature` say what it was. */
  usageRows(): Locator {
    return this.page.getByTestId('usage-row');
  }

  usageRowCost(row: Locator): Locator {
    return row.getByTestId('usage-row-cost');
  }

  /** The period's total; `data-cost` holds the dollars. */
  usageTotal(): Locator {
    return this.page.getByTestId('usage-total');
  }

  /** Cost by day, one bar a day (`data-key` the day, `data-value` the dollars). */
  usageChart(): Locator {
    return this.page.getByTestId('usage-chart');
  }

  usageByFeature(): Locator {
    return this.page.getByTestId('usage-by-feature');
  }

  usageByAction(): Locator {
    return this.page.getByTestId('usage-by-action');
  }

  usageByModel(): Locator {
    return this.page.getByTestId('usage-by-model');
  }

  usageEmpty(): Locator {
    return this.page.getByTestId('usage-empty');
  }

  /** What the last usage action did: "History cleared.", the exported file. */
  usageNote(): Locator {
    return this.page.getByTestId('usage-note');
  }

  /** "Showing 50 of 59". */
  usageShowing(): Locator {
    return this.page.getByTestId('usage-showing');
  }

  showMoreUsageButton(): Locator {
    return this.page.getByTestId('usage-show-more');
  }

  async showMoreUsage(): Promise<void> {
    await this.showMoreUsageButton().click();
  }

  /** "Keep page text with each request". */
  keepPageText(): Locator {
    return this.page.getByTestId('usage-keep-text');
  }

  /** "Clear history": asks first. */
  async askToClearUsage(): Promise<void> {
    await this.page.getByTestId('usage-clear').click();
  }

  /** In the question: keep the history. */
  keepUsageButton(): Locator {
    return this.page.getByTestId('usage-clear-cancel');
  }

  /** In the question: delete it. */
  deleteUsageButton(): Locator {
    return this.page.getByTestId('usage-clear-confirm');
  }

  /** Exports the history and returns the downloaded file. */
  async exportUsageCsv(): Promise<{ fileName: string; text: string }> {
    const download = this.page.waitForEvent('download');
    await this.page.getByTestId('usage-export').click();
    const file = await download;
    return { fileName: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  }
}
