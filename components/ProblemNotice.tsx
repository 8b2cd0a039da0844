/** A problem in words, with the one next step that helps. */
import type { Problem } from '@/lib/errors/problem';
import { describeProblem, type SentenceContext } from '@/lib/errors/sentences';
import { t } from '@/lib/i18n';

/** `onSettingsPage`: the notice is on the settings page itself, where "Open settings" would lead nowhere. */
export function ProblemNotice({ problem, context, onRetry, onSettingsPage = false }: { problem: Problem; context?: SentenceContext; onRetry?: () => void; onSettingsPage?: boolean }) {
  const { text, action } = describeProblem(problem, context);
  return (
    <div className="problem" role="alert" data-testid="problem" data-kind={problem.kind}>
      <p>{text}</p>
      <div className="row">
        {action === 'open-options' && !onSettingsPage && typeof browser.runtime.openOptionsPage === 'function' && (
          <button type="button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('openSettings')}
          </button>
        )}
        {action === 'open-gateway' && /^https?:\/\//i.test(problem.message) && (
          // A link, so the browser opens the sign-in page in a tab of its own; the message holds the gateway's URL.
          <a className="button" data-testid="open-gateway" href={problem.message} target="_blank" rel="noreferrer">
            {t('openGateway')}
          </a>
        )}
        {action === 'retry' && onRetry && (
          <button type="button" data-testid="retry-problem" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
      </div>
      {problem.message && (
        <details>
          <summary>{t('details')}</summary>
          <code className="raw">{problem.message}</code>
        </details>
      )}
    </div>
  );
}
