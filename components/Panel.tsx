/**
 * The in-page panel: the job of this tab, streamed in, with Copy, Stop, Close and the cost. It is
 * an extension page framed on the web page (lib/panel/mount.ts); it talks only `panel.` messages,
 * whose tab is the frame's, and never sees the key. What spends or changes anything runs only on
 * the person's own input: the page cannot reach into the frame, and this holds even if it could.
 */
import { useEffect, useRef, useState } from 'react';
import type { SentenceContext } from '@/lib/errors/sentences';
import { t } from '@/lib/i18n';
import type { Job } from '@/lib/jobs/job';
import { DEFAULT_TEMPLATES } from '@/lib/jira/templates';
import { onTabMessage, type PanelRun, send } from '@/lib/messaging';
import { isRunning } from '@/lib/jobs/running';
import { byPerson, touchedByPerson } from '@/lib/panel/frame';
import { applyDelta } from '@/lib/jobs/live';
import type { JobActions } from './job-actions';
import { JobView } from './JobView';

export function Panel({ onClose }: { onClose(): void }) {
  const [job, setJob] = useState<Job | null>(null);
  const [context, setContext] = useState<SentenceContext>({});
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const unlisten = onTabMessage('bg.jobUpdate', setJob);
    const unlistenDelta = onTabMessage('bg.jobDelta', (delta) => setJob((shown) => applyDelta(shown, delta)));
    void send('panel.getJob', {}).then((current) => current && setJob((shown) => shown ?? current));
    dialog.current?.focus();
    return () => {
      unlisten();
      unlistenDelta();
    };
  }, []);
  // Fetched again when a job fails: the sentence may name the admin contact and the budget's reset.
  const failed = job?.status === 'error';
  useEffect(() => void send('panel.sentenceContext', {}).then(setContext), [failed]);
  const [runs, setRuns] = useState<PanelRun[]>([]);
  useEffect(() => void send('panel.runs', {}).then(setRuns), []);

  const onRun = (run: Pick<PanelRun, 'feature' | 'action'>, carry?: unknown) => {
    if (byPerson()) void send('panel.startJob', { feature: run.feature, action: run.action ?? undefined, carry });
  };
  const actions: JobActions = {
    stop: () => {
      if (byPerson()) void send('panel.stopJob', {});
    },
    retry: () => job && onRun(job),
    confirm: (proceed) => {
      if (byPerson()) void send('panel.confirmJob', { proceed });
    },
    // Saved a moment after the last keystroke, so the person's input may just have ended.
    saveDraft: (draft, touched) => {
      if (touchedByPerson()) void send('panel.saveDraft', { draft, touched });
    },
    regenerate: (keep) => job && onRun(job, keep),
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape') onClose();
    if (event.key === 'Tab' && dialog.current) keepFocusInside(dialog.current, event);
  };

  return (
    <div ref={dialog} className="panel" role="dialog" aria-label={t('panelTitle')} tabIndex={-1} onKeyDown={onKeyDown} data-testid="panel">
      <header className="panel-header">
        <strong>{t('panelTitle')}</strong>
        <button type="button" className="close" data-testid="panel-close" aria-label={t('close')} onClick={onClose}>
          ×
        </button>
      </header>
      {job ? (
        <>
          <JobView job={job} context={context} templates={DEFAULT_TEMPLATES} jiraReady={false} actions={actions} />
          {job.output === 'ticket' && job.status === 'done' && <p className="hint">{t('panelOpenPopupToCreate')}</p>}
          {!isRunning(job) && runs.length > 0 && <RunAnother runs={runs} onRun={onRun} />}
        </>
      ) : (
        <p className="muted">{t('extracting')}</p>
      )}
    </div>
  );
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** A dialog keeps Tab and Shift+Tab among its own controls (WAI-ARIA dialog pattern, #13). */
function keepFocusInside(dialog: HTMLElement, event: React.KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.checkVisibility({ visibilityProperty: true }));
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  const active = document.activeElement;
  if (event.shiftKey && (active === first || active === dialog)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/** Another feature or action on the same page, without leaving it. */
function RunAnother({ runs, onRun }: { runs: PanelRun[]; onRun(run: PanelRun): void }) {
  return (
    <details className="run-another" data-testid="run-another">
      <summary>{t('panelRunAnother')}</summary>
      <ul>
        {runs.map((run) => (
          <li key={run.key}>
            <button type="button" data-testid={`panel-run-${run.key}`} onClick={() => onRun(run)}>
              {run.title}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
