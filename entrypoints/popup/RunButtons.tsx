/**
 * What the person can run from the popup: the built-in features, then the organization's and their
 * own actions; past a few actions, those fold into a "More actions" list so the popup stays short.
 */
import type { Runnable } from '@/lib/features/runnables';
import { t } from '@/lib/i18n';

/** More actions than this fold into the list. */
const OPEN_ACTIONS = 3;

function RunButton({ run, disabled, onRun }: { run: Runnable; disabled: boolean; onRun(run: Runnable): void }) {
  return (
    <button type="button" className={run.primary ? 'primary' : undefined} data-testid={run.buttonId} disabled={disabled} onClick={() => onRun(run)}>
      {run.title}
    </button>
  );
}

export function RunButtons({ runs, disabled, onRun }: { runs: Runnable[]; disabled: boolean; onRun(run: Runnable): void }) {
  const builtIn = runs.filter((run) => run.action === null);
  const actions = runs.filter((run) => run.action !== null);
  const folded = actions.length > OPEN_ACTIONS;
  return (
    <>
      <div className="actions">
        {builtIn.map((run) => (
          <RunButton key={run.key} run={run} disabled={disabled} onRun={onRun} />
        ))}
      </div>
      {actions.length > 0 &&
        (folded ? (
          <details className="more-actions" data-testid="more-actions">
            <summary>{t('popupMoreActions')}</summary>
            <div className="actions" role="group" aria-label={t('actionsTitle')}>
              {actions.map((run) => (
                <RunButton key={run.key} run={run} disabled={disabled} onRun={onRun} />
              ))}
            </div>
          </details>
        ) : (
          <div className="actions" role="group" aria-label={t('actionsTitle')} data-testid="actions">
            {actions.map((run) => (
              <RunButton key={run.key} run={run} disabled={disabled} onRun={onRun} />
            ))}
          </div>
        ))}
    </>
  );
}
