/** One job as the person sees it: progress, the streamed answer, and what it cost. */
import { useState } from 'react';
import type { SentenceContext } from '@/lib/errors/sentences';
import { formatUsd, t } from '@/lib/i18n';
import type { Job } from '@/lib/jobs/job';
import { Markdown } from './Markdown';
import { ProblemNotice } from './ProblemNotice';

function CostLine({ job }: { job: Job }) {
  if (!job.cost) return null;
  const { usd, promptTokens, completionTokens } = job.cost;
  return (
    <p className="muted cost" data-testid="answer-cost">
      {usd === null ? t('answerCostUnknown', promptTokens, completionTokens) : t('answerCost', formatUsd(usd), promptTokens, completionTokens)}
    </p>
  );
}

function SourceLine({ job }: { job: Job }) {
  if (!job.source) return null;
  const key = job.source.kind === 'selection' ? 'sourceSelection' : 'sourceLine';
  return (
    <p className="muted source" data-testid="answer-source">
      {t(key, job.source.title || job.source.url, job.source.words.toLocaleString())}
    </p>
  );
}

export function JobView({ job, context, onStop, onRetry }: { job: Job; context: SentenceContext; onStop: () => void; onRetry: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(job.text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const running = job.status === 'extracting' || job.status === 'waiting' || job.status === 'streaming';
  return (
    <section className="job" data-testid="job" data-status={job.status} aria-live="polite" aria-busy={running}>
      {job.status === 'extracting' && <p className="muted progress">{t('extracting')}</p>}
      {job.status === 'waiting' && <p className="muted progress">{t('waitingFirstToken')}</p>}
      {job.text && <Markdown text={job.text} testId="answer" />}
      {job.status === 'streaming' && <p className="muted progress">{t('streaming')}</p>}
      {job.status === 'stopped' && <p className="muted" data-testid="stopped">{t('stopped')}</p>}
      {job.status === 'interrupted' && (
        <p className="warning" data-testid="interrupted">
          {t('interrupted')}
        </p>
      )}
      {job.problem && job.status === 'error' && <ProblemNotice problem={job.problem} context={context} onRetry={onRetry} />}
      <div className="row">
        {running && (
          <button type="button" data-testid="stop" onClick={onStop}>
            {t('stop')}
          </button>
        )}
        {!running && job.text && (
          <button type="button" data-testid="copy" onClick={() => void copy()}>
            {copied ? t('copied') : t('copy')}
          </button>
        )}
        {(job.status === 'interrupted' || job.status === 'stopped') && (
          <button type="button" data-testid="retry" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
      </div>
      {job.status === 'done' && <SourceLine job={job} />}
      <CostLine job={job} />
    </section>
  );
}
