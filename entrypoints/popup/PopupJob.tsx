/**
 * The popup's job: its view and what its buttons do. A chunk of its own, loaded once the tab has a
 * job, so the first paint carries neither the view nor the Jira settings it reads (issue #17).
 */
import { JobView } from '@/components/JobView';
import type { Job } from '@/lib/jobs/job';
import type { SentenceContext } from '@/lib/errors/sentences';
import { templatesFrom } from '@/lib/jira/settings-templates';
import { jiraConfigured } from '@/lib/jira/configured';
import type { Settings } from '@/lib/settings/schema';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import type { Input } from '@/lib/messaging';
import type * as Live from './live';

export interface PopupJobProps {
  job: Job;
  tabId: number;
  live: typeof Live;
  settings: Settings | undefined;
  context: SentenceContext;
  budgetLeft: number | null;
  /** Starts another run on the tab (Turn into ticket), or undefined when Jira drafts are off. */
  turnIntoTicket: (() => void) | undefined;
}

export function PopupJob({ job, tabId, live: { send }, settings, context, budgetLeft, turnIntoTicket }: PopupJobProps) {
  const restart = (run: Omit<Input<'popup.startJob'>, 'tabId'>) => send('popup.startJob', { tabId, ...run });
  return (
    <JobView
      job={job}
      context={context}
      budgetLeft={budgetLeft}
      templates={templatesFrom(settings ?? DEFAULT_SETTINGS)}
      jiraReady={!!settings && jiraConfigured(settings)}
      actions={{
        stop: () => void send('popup.stopJob', { tabId }),
        // A ticket drafted in Ask's side panel is drafted again from its conversation, never from the page.
        retry: () => void (job.surface === 'sidepanel' ? send('sidepanel.ticket', { tabId, model: job.model }) : send('popup.retryJob', { tabId })),
        confirm: (proceed) => void send('popup.confirmJob', { tabId, proceed }),
        saveDraft: (draft, touched) => void send('popup.saveDraft', { tabId, draft, touched }),
        regenerate: (keep) =>
          void (job.surface === 'sidepanel'
            ? send('sidepanel.ticket', { tabId, model: job.model, carry: keep })
            : restart({ feature: job.feature, action: job.action ?? undefined, model: job.model, carry: keep })),
        turnIntoTicket,
        jira: { preview: (draft) => send('popup.previewJira', { draft }), create: (draft) => send('popup.createJira', { draft, jobId: job.id }) },
      }}
    />
  );
}
