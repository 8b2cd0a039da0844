/** A finished ticket draft: edit it (edits are saved with the job), regenerate it, send it on. */
import { useEffect, useRef, useState } from 'react';
import { t } from '@/lib/i18n';
import type { Job } from '@/lib/jobs/job';
import type { JiraTemplates } from '@/lib/jira/templates';
import type { TicketDraft } from '@/lib/jira/ticket';
import type { JobActions } from './job-actions';
import { TicketActions } from './TicketActions';
import { TicketEditor } from './TicketEditor';

const SAVE_AFTER_MS = 300;

export function DraftView({ job, templates, jiraReady, actions }: { job: Job & { draft: TicketDraft }; templates: JiraTemplates; jiraReady: boolean; actions: JobActions }) {
  const [draft, setDraft] = useState(job.draft);
  const [touched, setTouched] = useState(job.touched);
  const [keepEdits, setKeepEdits] = useState(true);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const saveTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  // A regenerated draft replaces the form; our own saves come back with the same id and are ignored.
  useEffect(() => {
    setDraft(job.draft);
    setTouched(job.touched);
  }, [job.id]);

  const change = (next: TicketDraft, path: string) => {
    const nextTouched = touched.includes(path) ? touched : [...touched, path];
    setDraft(next);
    setTouched(nextTouched);
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => actions.saveDraft(next, nextTouched), SAVE_AFTER_MS);
  };
  const regenerate = () => actions.regenerate(keepEdits && touched.length > 0 ? { draft, touched } : undefined);

  return (
    <div className="draft">
      <TicketEditor draft={draft} templates={templates} fieldErrors={fieldErrors} onChange={change} />
      <TicketActions draft={draft} templates={templates} jira={jiraReady ? actions.jira : undefined} onFieldErrors={setFieldErrors} />
      <div className="row">
        <button type="button" data-testid="regenerate" onClick={regenerate}>
          {t('regenerate')}
        </button>
        <label className="inline-check">
          <input type="checkbox" data-testid="keep-edits" checked={keepEdits} onChange={(e) => setKeepEdits(e.target.checked)} /> {t('keepMyEdits')}
        </label>
      </div>
    </div>
  );
}
