/**
 * Everything a person can do to a job, as callbacks. The popup and the in-page panel each
 * implement it once (they speak different messages); the shared components only call it.
 */
import type { DraftEdits } from '@/lib/features/jira-draft/edits';
import type { JiraCreateResult, JiraPreview } from '@/lib/jira/create-result';
import type { TicketDraft } from '@/lib/jira/ticket';

export interface JobActions {
  stop(): void;
  retry(): void;
  /** The answer to the cost question. */
  confirm(proceed: boolean): void;
  saveDraft(draft: TicketDraft, touched: string[]): void;
  /** A new draft; `keep` carries the edits to keep in it. */
  regenerate(keep?: DraftEdits): void;
  /** Draft a ticket from the finished answer; absent where that feature is off. */
  turnIntoTicket?(): void;
  /** Creating in Jira; absent in the in-page panel, a content script not trusted to create issues. */
  jira?: {
    preview(draft: TicketDraft): Promise<JiraPreview>;
    create(draft: TicketDraft): Promise<JiraCreateResult>;
  };
}
