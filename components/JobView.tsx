/** One job as the person sees it: progress, the streamed answer or the draft, and what it cost. */
import { lazy, Suspense, useEffect, useState } from 'react';
import { lengthCutSentence, type SentenceContext } from '@/lib/errors/sentences';
import { formatUsd, t } from '@/lib/i18n';
import type { Job } from '@/lib/jobs/job';
import { isRunning } from '@/lib/jobs/running';
import type { JiraTemplates } from '@/lib/jira/templates';
import { BudgetLeftNote } from './BudgetLeftNote';
import type { JobActions } from './job-actions';
import { ProblemNotice } from './ProblemNotice';

// The Markdown renderer (marked + DOMPurify) and the ticket view with its converters are not needed
// for the first paint: separate chunks, fetched once an answer or a draft exists (issue #17).
const loadMarkdown = () => import('./Markdown');
const loadDraftView = () => import('./DraftView');
const DraftView = lazy(() => loadDraftView().then((m) => ({ default: m.DraftView })));

let renderer: Promise<void> | undefined;
/** The renderer once its chunk is here: rendered in the same pass from then on (React.lazy suspends on its first render even then). */
let ready: typeof import('./Markdown') | undefined;
/** Fetches the renderer and warms it, once: the first token then neither waits for its chunk nor runs it cold. */
const readyRenderer = () =>
  (renderer ??= loadMarkdown().then((m) => {
    m.warmRenderer();
    ready = m;
  }));
const LazyMarkdown = lazy(() => readyRenderer().then(() => ({ default: ready!.Markdown })));

/** The answer, rendered; as plain text in the same box until the renderer's chunk is here, so nothing jumps. */
function Answer({ text, streaming }: { text: string; streaming: boolean }) {
  if (ready) return <ready.Markdown text={text} testId="answer" streaming={streaming} />;
  return (
    <Suspense fallback={<PlainText text={text} />}>
      <LazyMarkdown text={text} testId="answer" streaming={streaming} />
    </Suspense>
  );
}

/** Readies the renderer when the page is idle; a job that starts before that readies it then. */
export function preloadRenderer(): void {
  const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
  idle(() => void readyRenderer());
}

/** What shows while the renderer's chunk loads: the text as it is, in the answer's box, so nothing jumps. */
function PlainText({ text }: { text: string }) {
  return (
    <div className="markdown" aria-busy="true">
      <p style={{ whiteSpace: 'pre-wrap' }}>{text}</p>
    </div>
  );
}

function CostLine({ job }: { job: Job }) {
  if (!job.cost) return null;
  const { usd, promptTokens, completionTokens, calls } = job.cost;
  const text =
    usd === null
      ? t('answerCostUnknown', promptTokens, completionTokens)
      : calls > 1
        ? t('answerCostCalls', formatUsd(usd), calls, promptTokens, completionTokens)
        : t('answerCost', formatUsd(usd), promptTokens, completionTokens);
  return (
    <p className="muted cost" data-testid="answer-cost">
      {text}
    </p>
  );
}

function SourceLine({ job }: { job: Job }) {
  const source = job.source;
  if (!source || job.output === 'ticket') return null;
  const title = source.title || source.url;
  const words = source.words.toLocaleString();
  const text = source.pages ? t('sourcePdf', title, source.pages, words) : t(source.kind === 'selection' ? 'sourceSelection' : 'sourceLine', title, words);
  return (
    <p className="muted source" data-testid="answer-source">
      {text}
    </p>
  );
}

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return (
    <p className="warning" role="status" data-testid="rate-limit-countdown">
      {t('rateLimitedWait', Math.max(0, Math.ceil((until - now) / 1000)))}
    </p>
  );
}

function Progress({ job }: { job: Job }) {
  if (job.status === 'extracting' && job.progress?.stage === 'read') {
    return (
      <div className="progress" data-testid="progress">
        <p className="muted">{t('progressRead', Math.min(job.progress.done + 1, job.progress.total), job.progress.total)}</p>
        <progress max={job.progress.total} value={job.progress.done} />
      </div>
    );
  }
  if (job.status === 'extracting') return <p className="muted progress">{t('extracting')}</p>;
  if (job.status === 'rate-limited' && job.retryAt && (job.queuePosition ?? 1) <= 1) return <Countdown until={job.retryAt} />;
  if (job.status === 'rate-limited' && job.queuePosition) {
    return (
      <p className="warning" role="status" data-testid="queue-position">
        {t('rateLimitedQueue', job.queuePosition)}
      </p>
    );
  }
  if (job.progress && job.progress.total > 1 && job.status !== 'streaming') {
    const { stage, done, total } = job.progress;
    return (
      <div className="progress" data-testid="progress">
        <p className="muted">{t(stage === 'reduce' ? 'progressReduce' : stage === 'read' ? 'progressRead' : 'progressMap', Math.min(done + 1, total), total)}</p>
        <progress max={total} value={done} />
      </div>
    );
  }
  if (job.status === 'waiting') return <p className="muted progress">{t(job.output === 'ticket' ? 'drafting' : 'waitingFirstToken')}</p>;
  if (job.status === 'streaming') return <p className="muted progress">{t('streaming')}</p>;
  return null;
}

/** The cost question, set against what is left: when the worst case would not fit, Cancel is the default. */
function Confirm({ job, budgetLeft, answer }: { job: Job; budgetLeft: number | null; answer(proceed: boolean): void }) {
  if (job.status !== 'confirm' || !job.estimate) return null;
  const { usd, maxUsd, promptTokens, calls } = job.estimate;
  const over = budgetLeft !== null && maxUsd !== null && maxUsd > budgetLeft;
  // Unpriced models are asked about by size: calls and tokens instead of dollars (issue #15).
  const body = usd === null || maxUsd === null ? t('confirmBodySize', calls.toLocaleString(), promptTokens.toLocaleString()) : calls > 1 ? t('confirmBody', formatUsd(usd), formatUsd(maxUsd), promptTokens.toLocaleString(), calls) : t('confirmBodyOne', formatUsd(usd), formatUsd(maxUsd), promptTokens.toLocaleString());
  return (
    <div className="confirm" role="dialog" aria-label={t('confirmTitle')} data-testid="cost-confirm">
      <p>
        <strong>{t('confirmTitle')}</strong>
      </p>
      <p data-testid="cost-confirm-body">{body}</p>
      {budgetLeft !== null && <BudgetLeftNote left={budgetLeft} over={over} testId="confirm-left" />}
      <div className="row">
        <button type="button" className={over ? undefined : 'primary'} data-testid="confirm-continue" autoFocus={!over} onClick={() => answer(true)}>
          {t('continue')}
        </button>
        <button type="button" className={over ? 'primary' : undefined} data-testid="confirm-cancel" autoFocus={over} onClick={() => answer(false)}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}

export interface JobViewProps {
  job: Job;
  context: SentenceContext;
  templates: JiraTemplates;
  jiraReady: boolean;
  actions: JobActions;
  /** Dollars left in the budget that binds, for the cost question; null when unknown or unlimited. */
  budgetLeft?: number | null;
}

export function JobView({ job, context, templates, jiraReady, actions, budgetLeft = null }: JobViewProps) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    const { copyableMarkdown } = await import('@/lib/render/copy');
    await navigator.clipboard.writeText(copyableMarkdown(job.text));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const running = isRunning(job);
  const isDraft = job.output === 'ticket';
  // A ticket is being drafted: its view's chunk loads meanwhile, so the draft shows as soon as it is done.
  useEffect(() => {
    if (isDraft) void loadDraftView();
  }, [isDraft]);
  // An answer is coming: its renderer is readied while the request is out, if the page has not yet.
  useEffect(() => {
    if (running && !isDraft) void readyRenderer();
  }, [running, isDraft]);
  return (
    <section className="job" data-testid="job" data-job-id={job.id} data-started-at={job.startedAt} data-status={job.status} data-feature={job.feature} aria-live="polite" aria-busy={running}>
      <Progress job={job} />
      <Confirm job={job} budgetLeft={budgetLeft} answer={actions.confirm} />
      {job.draft && job.status === 'done' && (
        <Suspense fallback={<p className="muted progress">{t('drafting')}</p>}>
          <DraftView job={{ ...job, draft: job.draft }} templates={templates} jiraReady={jiraReady} actions={actions} />
        </Suspense>
      )}
      {!isDraft && job.text && <Answer text={job.text} streaming={job.status === 'streaming'} />}
      {job.guardrails.length > 0 && (
        <p className="muted small" data-testid="guardrails-note">
          {t('answerGuardrails', job.guardrails.join(', '))}
        </p>
      )}
      {!isDraft && job.text && job.truncated && (
        <p className="warning" role="status" data-testid="length-cut">
          {lengthCutSentence()}
        </p>
      )}
      {isDraft && job.text && job.status === 'error' && (
        <details open>
          <summary>{t('rawAnswer')}</summary>
          <pre className="raw" data-testid="raw-answer">
            {job.text}
          </pre>
        </details>
      )}
      {job.status === 'stopped' && (
        <p className="muted" data-testid="stopped">
          {t(job.text ? 'stopped' : 'stoppedNoText')}
        </p>
      )}
      {job.status === 'interrupted' && (
        <p className="warning" data-testid="interrupted">
          {t('interrupted')}
        </p>
      )}
      {job.problem && job.status === 'error' && <ProblemNotice problem={job.problem} context={context} onRetry={actions.retry} />}
      {/* Sticks to the bottom of the popup or panel, so Copy and the cost show however long the answer is. */}
      <div className="job-footer" data-testid="job-footer">
        <div className="row">
          {running && (
            <button type="button" data-testid="stop" onClick={actions.stop}>
              {t('stop')}
            </button>
          )}
          {!running && !isDraft && job.text && (
            <button type="button" data-testid="copy" onClick={() => void copy()}>
              {copied ? t('copied') : t('copy')}
            </button>
          )}
          {job.status === 'done' && !isDraft && actions.turnIntoTicket && (
            <button type="button" data-testid="turn-into-ticket" onClick={actions.turnIntoTicket}>
              {t('turnIntoTicket')}
            </button>
          )}
          {(job.status === 'interrupted' || job.status === 'stopped') && (
            <button type="button" data-testid="retry" onClick={actions.retry}>
              {t('retry')}
            </button>
          )}
        </div>
        {job.status === 'done' && <SourceLine job={job} />}
        <CostLine job={job} />
      </div>
    </section>
  );
}
