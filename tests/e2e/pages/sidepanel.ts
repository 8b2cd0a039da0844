/**
 * Ask's side panel as a person uses it (entrypoints/sidepanel/AskPanel.tsx): the document, the
 * question box, the turns with their citation chips.
 */
import type { Locator, Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';
import { JobView } from './job';

export class SidePanel {
  constructor(readonly page: Page) {}

  /** The side panel's page in a tab of its own, for the tab `tabId` (as Popup.open does for the popup). */
  static async open(ext: ExtensionBrowser, tabId: number, selection = false): Promise<SidePanel> {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/sidepanel.html?tabId=${tabId}${selection ? '&selection=1' : ''}`);
    return new SidePanel(page);
  }

  document(): Locator {
    return this.page.getByTestId('ask-document');
  }

  turns(): Locator {
    return this.page.getByTestId('ask-turn');
  }

  /** Types the question and presses Enter, as a person does. */
  async ask(question: string): Promise<void> {
    const input = this.page.getByTestId('ask-input');
    await input.fill(question);
    await input.press('Enter');
  }

  /** The citation chips of turn `n` (0-based) that a passage backs. */
  verifiedCitations(n: number): Locator {
    return this.turns().nth(n).locator('button.cite[data-verified="true"]');
  }

  totalCost(): Locator {
    return this.page.getByTestId('ask-total-cost');
  }

  /** "Turn into a ticket", offered once an answer is finished. */
  turnIntoTicketButton(): Locator {
    return this.page.getByTestId('ask-turn-into-ticket');
  }

  async turnIntoTicket(): Promise<void> {
    await this.turnIntoTicketButton().click();
  }

  /** The ticket drafted from the conversation, shown in the panel as the popup shows a draft. */
  ticket(): JobView {
    return new JobView(this.page.getByTestId('ask-ticket'));
  }
}
