/**
 * The popup as a person uses it (entrypoints/popup/Popup.tsx): the budget and its alerts, the
 * model, the summary options, the actions, and the job they start (pages/job.ts).
 */
import type { Locator, Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';
import { JobView } from './job';

export class Popup extends JobView {
  constructor(readonly page: Page) {
    super(page);
  }

  /**
   * Opens the popup in a tab of its own, acting on the tab `tabId`: what the toolbar button shows,
   * where a test can reach it (mv3-facts §4).
   */
  static async open(ext: ExtensionBrowser, tabId: number): Promise<Popup> {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
    return new Popup(page);
  }

  /** The first-run screen: not connected yet. */
  notConnected(): Locator {
    return this.page.getByTestId('not-connected');
  }

  async openSettings(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open settings' }).click();
  }

  /** The budget header; `aria-busy` while it is being refreshed. */
  budget(): Locator {
    return this.page.getByTestId('budget');
  }

  /** "$4.00 left". */
  budgetLeft(): Locator {
    return this.page.getByTestId('budget-left');
  }

  /** "not current" beside the figures when the gateway did not answer the refresh. */
  budgetStale(): Locator {
    return this.page.getByTestId('budget-stale');
  }

  /** The name of the budget the meter shows: the one that binds ("Team budget"). */
  budgetScope(): Locator {
    return this.page.getByTestId('budget-scope');
  }

  /** "Resets Dec 1, 2026" under the meter. */
  budgetReset(): Locator {
    return this.page.getByTestId('budget-reset');
  }

  /** Opens the disclosure listing every budget the key is under, and returns its rows (`data-scope`, `data-binding`). */
  async budgetScopeRows(): Promise<Locator> {
    await this.page.getByTestId('budget-details').locator('summary').click();
    return this.page.getByTestId('budget-scope-row');
  }

  /** The one budget or key alert that matters now; `data-kind` names it. */
  budgetAlert(): Locator {
    return this.page.getByTestId('budget-alert');
  }

  async dismissBudgetAlert(): Promise<void> {
    await this.page.getByTestId('dismiss-alert').click();
  }

  /** "Check again" on a budget known used up only from the gateway's refusal. */
  async checkBudgetAgain(): Promise<void> {
    await this.page.getByTestId('check-budget-again').click();
  }

  /** The model picker. */
  model(): Locator {
    return this.page.getByTestId('model');
  }

  /** After a result, the model and summary options fold into a disclosure; opens it as a person would. */
  async unfoldControls(): Promise<void> {
    const controls = this.page.getByTestId('controls');
    if ((await controls.count()) > 0 && (await controls.getAttribute('open')) === null) await controls.locator('> summary').click();
  }

  async chooseModel(model: string): Promise<void> {
    await this.unfoldControls();
    await this.model().selectOption(model);
  }

  summaryLength(): Locator {
    return this.page.getByTestId('popup-summaryLength');
  }

  async chooseSummaryOptions(options: { length: string; form: string; language: string }): Promise<void> {
    await this.unfoldControls();
    await this.page.getByText('Summary options').click();
    await this.summaryLength().selectOption(options.length);
    await this.page.getByTestId('popup-summaryForm').selectOption(options.form);
    await this.page.getByTestId('popup-summaryLanguage').selectOption(options.language);
  }

  summarizeButton(): Locator {
    return this.page.getByTestId('summarize-page');
  }

  async summarize(): Promise<void> {
    await this.summarizeButton().click();
  }

  async summarizeSelection(): Promise<void> {
    await this.page.getByTestId('summarize-selection').click();
  }

  draftTicketButton(): Locator {
    return this.page.getByTestId('draft-ticket');
  }

  async draftTicket(): Promise<void> {
    await this.draftTicketButton().click();
  }

  /** The button of an action the organization (`policy`) or the person (`personal`) defined. */
  actionButton(origin: 'policy' | 'personal', id: string): Locator {
    return this.page.getByTestId(`action-${origin}-${id}`);
  }

  async runAction(origin: 'policy' | 'personal', id: string): Promise<void> {
    await this.actionButton(origin, id).click();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
