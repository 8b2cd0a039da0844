/**
 * A job as the popup and the in-page panel both show it (components/JobView.tsx): where it is, the
 * answer or the ticket draft, what it cost, and the buttons that stop, retry, copy or confirm it.
 * Popup and Panel extend it, each over its own part of the screen.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class JobView {
  constructor(private readonly scope: Page | Locator) {}

  /** Where the job is shown; the in-page panel finds its frame anew each time. */
  protected get root(): Page | Locator {
    return this.scope;
  }

  /** The job on screen; its `data-status`, `data-feature`, `data-job-id` and `data-started-at` say which and where. */
  job(): Locator {
    return this.root.getByTestId('job');
  }

  /**
   * Does `start` (a click that starts a job) and waits for the job that click started, not one
   * shown before it, to reach `status`. A freshly opened popup may paint the tab's previous job
   * after the click, so the job is told by its start time, not by what was on screen.
   */
  async runJob(start: () => Promise<void>, status: string | RegExp = 'done', timeout = 30_000): Promise<void> {
    const job = this.job();
    const clickedAt = Date.now();
    await start();
    await expect.poll(async () => Number((await job.getAttribute('data-started-at', { timeout: 1_000 }).catch(() => null)) ?? 0), { timeout }).toBeGreaterThanOrEqual(clickedAt);
    await expect(job).toHaveAttribute('data-status', status, { timeout });
  }

  answer(): Locator {
    return this.root.getByTestId('answer');
  }

  /** "This answer cost $… (… tokens in, … out)". */
  cost(): Locator {
    return this.root.getByTestId('answer-cost');
  }

  /** What was summarized: the title and how many words (or PDF pages). */
  source(): Locator {
    return this.root.getByTestId('answer-source');
  }

  /** A problem in words (components/ProblemNotice.tsx); `data-kind` names it. */
  problem(): Locator {
    return this.root.getByTestId('problem');
  }

  /** The problem's sentence alone, without its buttons and raw details. */
  problemSentence(): Locator {
    return this.problem().locator('p').first();
  }

  /** The small note under an answer naming the gateway guardrails that checked it. */
  guardrailsNote(): Locator {
    return this.root.getByTestId('guardrails-note');
  }

  async retryAfterProblem(): Promise<void> {
    await this.root.getByTestId('retry-problem').click();
  }

  /** "Reading part 3 of 8" and the like, for long documents and PDFs. */
  progress(): Locator {
    return this.root.getByTestId('progress');
  }

  rateLimitCountdown(): Locator {
    return this.root.getByTestId('rate-limit-countdown');
  }

  /** The note that the answer was cut at the length limit, with how to get a whole one. */
  lengthCutNote(): Locator {
    return this.root.getByTestId('length-cut');
  }

  /** The note that the worker stopped mid-answer. */
  interruptedNote(): Locator {
    return this.root.getByTestId('interrupted');
  }

  async stop(): Promise<void> {
    await this.root.getByTestId('stop').click();
  }

  async retry(): Promise<void> {
    await this.root.getByTestId('retry').click();
  }

  copyButton(): Locator {
    return this.root.getByTestId('copy');
  }

  async turnIntoTicket(): Promise<void> {
    await this.root.getByTestId('turn-into-ticket').click();
  }

  /** The question before an expensive request. */
  costQuestion(): Locator {
    return this.root.getByTestId('cost-confirm');
  }

  async continueDespiteCost(): Promise<void> {
    await this.root.getByTestId('confirm-continue').click();
  }

  async cancelForCost(): Promise<void> {
    await this.root.getByTestId('confirm-cancel').click();
  }

  /** The model's text when it was not a valid ticket. */
  rawAnswer(): Locator {
    return this.root.getByTestId('raw-answer');
  }

  ticketSummary(): Locator {
    return this.root.getByTestId('ticket-summary');
  }

  ticketType(): Locator {
    return this.root.getByTestId('ticket-type');
  }

  ticketPriority(): Locator {
    return this.root.getByTestId('ticket-priority');
  }

  /** What Jira said about the priority, shown next to it. */
  ticketPriorityError(): Locator {
    return this.root.locator('label', { has: this.ticketPriority() }).getByTestId('field-error');
  }

  ticketLabels(): Locator {
    return this.root.getByTestId('ticket-labels');
  }

  async regenerate(): Promise<void> {
    await this.root.getByTestId('regenerate').click();
  }

  /** "Copy for Jira" (wiki markup); it says "Copied" once done. */
  copyForJiraButton(): Locator {
    return this.root.getByTestId('copy-wiki');
  }

  async copyForJira(): Promise<void> {
    await this.copyForJiraButton().click();
  }

  async copyAsMarkdown(): Promise<void> {
    await this.root.getByTestId('copy-markdown').click();
  }

  /** "Create in Jira": shows what will be sent, before anything is. */
  async createInJira(): Promise<void> {
    await this.root.getByTestId('create-jira').click();
  }

  jiraPreview(): Locator {
    return this.root.getByTestId('jira-preview');
  }

  async confirmCreate(): Promise<void> {
    await this.root.getByTestId('confirm-create').click();
  }

  /** "Created PROJ-1", linking to the new issue. */
  jiraCreated(): Locator {
    return this.root.getByTestId('jira-created');
  }

  jiraError(): Locator {
    return this.root.getByTestId('jira-error');
  }
}
