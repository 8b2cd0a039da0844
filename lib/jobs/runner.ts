/**
 * Runs jobs in the background: read the page, do the feature's work through the gateway,
 * record cost. The outside world comes in through `JobDeps` and each feature's work through
 * `FeatureWork`, so tests drive all of it without a browser.
 */
import { failureOf, GatewayError } from '../gateway/errors';
import type { ChatResult, GatewayConnection, RequestTags } from '../gateway/client';
import type { ChatMessage, ChatRequest, Usage } from '../gateway/wire';
import { pageProblem, type Problem, ProblemError } from '../errors/problem';
import type { Extracted } from '../extract/result';
import type { TicketDraft } from '../jira/ticket';
import type { Feature, Settings } from '../settings/schema';
import { isRunning, type Job } from './job';
import { holdWorkerAlive } from './keep-alive';
import { orphanedJobs, readJob, writeJob } from './store';

export interface CallRequest {
  messages: ChatMessage[];
  maxTokens: number;
  responseFormat?: ChatRequest['response_format'];
  /** Streams the answer's text into the job as it arrives. */
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
}

export interface CallOutcome {
  text: string;
  usage: Usage | null;
  cost: number | null;
}

/** What a feature's work may do while its job runs. */
export interface WorkContext {
  readonly job: Job;
  readonly signal: AbortSignal;
  readonly settings: Settings;
  call(request: CallRequest): Promise<CallOutcome>;
  update(patch: Partial<Job>): void;
  /** Shows the estimate and waits for the person; resolves to false when they decline. */
  confirm(estimate: NonNullable<Job['estimate']>): Promise<boolean>;
}

/** A feature's work on extracted text; returns the job's final fields. */
export type FeatureWork = (context: WorkContext, extracted: Extracted) => Promise<Partial<Job>>;

export interface StartOptions {
  surface?: Job['surface'];
  /** Draft the ticket from the tab's finished summary instead of the page. */
  fromSummary?: boolean;
  /** Regenerate a draft but keep the fields the person edited in it. */
  keepEdits?: { draft: TicketDraft; touched: string[] };
}

export interface JobDeps {
  workerId: string;
  now(): number;
  /** Why this job may not run (a feature or model the organization turned off, a budget used up), or null. */
  admission(feature: Feature, model: string): Promise<Problem | null>;
  connection(): Promise<GatewayConnection | null>;
  settings(): Promise<Settings>;
  /** `onProgress` reports how much of a long source (a PDF's pages) has been read. */
  extract(tabId: number, feature: Feature, onProgress?: (done: number, total: number) => void): Promise<Extracted>;
  work(feature: Feature): FeatureWork;
  tags(feature: Feature): Promise<RequestTags>;
  stream(conn: GatewayConnection, request: ChatRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult>;
  /** Cost of one call, the budget update that follows it, and its line in the usage history (with the material, kept only if the person asked). */
  settle(job: Job, result: ChatResult, material: string): Promise<number | null>;
  /** The gateway refused client-side tags: remember it so the next requests go without. */
  tagsRejected(): Promise<void>;
  /** Every state a job goes through, for surfaces that cannot watch storage (the in-page panel). */
  published?(job: Job): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

/** How often a growing answer is written to storage: often enough to look live, rarely enough to be cheap. */
const WRITE_EVERY_MS = 60;
/** LiteLLM's rate-limit window when it does not say (contract §4.2: `retry-after: 60`). */
const DEFAULT_RETRY_S = 60;

function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof GatewayError) return error.failure;
  return { ...failureOf(error), kind: 'internal' };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

const isRateLimit = (error: unknown) => error instanceof GatewayError && error.failure.kind === 'rate_limited';
const isTagsRejected = (error: unknown) => error instanceof GatewayError && error.failure.kind === 'tags_rejected';

export class JobRunner {
  private readonly controllers = new Map<number, AbortController>();
  private readonly confirmations = new Map<number, (proceed: boolean) => void>();
  /** Settles once jobs an earlier worker instance left running are marked interrupted. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: JobDeps) {
    this.ready = this.markInterrupted();
  }

  async start(tabId: number, feature: Feature, model: string, options: StartOptions = {}): Promise<Job> {
    const refused = await this.deps.admission(feature, model);
    if (refused) {
      this.controllers.get(tabId)?.abort();
      const job: Job = { ...this.newJob(tabId, feature, model, options.surface ?? 'popup', []), status: 'error', problem: refused };
      await this.publish(job);
      return job;
    }
    const previous = options.fromSummary ? await readJob(tabId) : null;
    this.controllers.get(tabId)?.abort();
    const controller = new AbortController();
    this.controllers.set(tabId, controller);
    const job = this.newJob(tabId, feature, model, options.surface ?? 'popup', options.keepEdits?.touched ?? []);
    await this.publish(job);
    void this.run(job, controller, previous?.status === 'done' ? previous : null, options.keepEdits ?? null);
    return job;
  }

  async stop(tabId: number): Promise<Job | null> {
    this.controllers.get(tabId)?.abort();
    this.confirmations.get(tabId)?.(false);
    const job = await readJob(tabId);
    if (job && isRunning(job)) {
      const stopped: Job = { ...job, status: 'stopped', retryAt: null, updatedAt: this.deps.now() };
      await this.publish(stopped);
      return stopped;
    }
    return job;
  }

  async retry(tabId: number): Promise<Job | null> {
    const job = await readJob(tabId);
    if (!job) return null;
    return this.start(tabId, job.feature, job.model, { surface: job.surface });
  }

  /** A job that failed before it could start (no model to run it with, say), so its surface can say why. */
  async report(tabId: number, feature: Feature, surface: Job['surface'], problem: Problem): Promise<void> {
    await this.publish({ ...this.newJob(tabId, feature, '', surface, []), status: 'error', problem });
  }

  private newJob(tabId: number, feature: Feature, model: string, surface: Job['surface'], touched: string[]): Job {
    const now = this.deps.now();
    return {
      id: `${tabId}-${now}`,
      tabId,
      feature,
      model,
      surface,
      status: 'extracting',
      text: '',
      problem: null,
      cost: null,
      source: null,
      progress: null,
      estimate: null,
      retryAt: null,
      draft: null,
      touched,
      worker: this.deps.workerId,
      startedAt: now,
      updatedAt: now,
    };
  }

  /** The person's answer to a cost confirmation. */
  confirm(tabId: number, proceed: boolean): void {
    this.confirmations.get(tabId)?.(proceed);
  }

  /** Updates a finished draft the person edited, so closing the popup keeps their edits. */
  async saveDraft(tabId: number, draft: NonNullable<Job['draft']>, touched: string[]): Promise<Job | null> {
    const job = await readJob(tabId);
    if (!job || job.feature !== 'jira-draft' || isRunning(job)) return job;
    const edited = { ...job, draft, touched, updatedAt: this.deps.now() };
    await this.publish(edited);
    return edited;
  }

  private async publish(job: Job): Promise<void> {
    await writeJob(job);
    this.deps.published?.(job);
  }

  private async markInterrupted(): Promise<void> {
    for (const job of await orphanedJobs(this.deps.workerId)) {
      await this.publish({ ...job, status: 'interrupted', problem: interruptedProblem(), retryAt: null, updatedAt: this.deps.now() });
    }
  }

  private async run(initial: Job, controller: AbortController, summaryJob: Job | null, keepEdits: StartOptions['keepEdits'] | null): Promise<void> {
    const release = holdWorkerAlive();
    const { signal } = controller;
    let job = initial;
    let lastWrite = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(pending);
      pending = undefined;
      lastWrite = this.deps.now();
      if (!signal.aborted) void this.publish(job);
    };
    const update = (patch: Partial<Job>, force = true) => {
      job = { ...job, ...patch, updatedAt: this.deps.now() };
      if (signal.aborted) return;
      if (force || this.deps.now() - lastWrite >= WRITE_EVERY_MS) flush();
      else pending ??= setTimeout(flush, WRITE_EVERY_MS);
    };
    const sleep = this.deps.sleep ?? abortableSleep;

    try {
      const conn = await this.deps.connection();
      if (!conn) throw new ProblemError(pageProblem('not_configured'));
      const settings = await this.deps.settings();
      // Throttled like the answer's text: a PDF of hundreds of pages would otherwise write the job once a page.
      const readProgress = (done: number, total: number) => update({ progress: { stage: 'read', done, total } }, false);
      const extracted = summaryJob ? summaryAsMaterial(summaryJob) : await this.deps.extract(job.tabId, job.feature, readProgress);
      // With text selected, "summarize this page" summarizes the selection; tag it as what it was.
      const feature: Feature = extracted.kind === 'selection' && job.feature === 'summarize' ? 'summarize-selection' : job.feature;
      if (settings.disabledFeatures.includes(feature)) throw new ProblemError(pageProblem('feature_disabled', `${feature} is turned off by your organization`));
      // Reading is over: its "page n of N" must not stand in for the map stage's progress.
      update({ feature, status: 'waiting', progress: null });

      const call = async (request: CallRequest): Promise<CallOutcome> => {
        const attempt = async (tags: RequestTags, retriesLeft: { rate: number; tags: number }): Promise<ChatResult> => {
          const chat: ChatRequest = { model: job.model, messages: request.messages, max_tokens: request.maxTokens, ...(request.responseFormat ? { response_format: request.responseFormat } : {}) };
          try {
            return await this.deps.stream(conn, chat, tags, (delta) => request.onDelta?.(delta), request.signal ?? signal);
          } catch (error) {
            if (isRateLimit(error) && retriesLeft.rate > 0) {
              const waitS = (error as GatewayError).failure.retryAfterS ?? DEFAULT_RETRY_S;
              update({ status: 'rate-limited', retryAt: this.deps.now() + waitS * 1000 });
              await sleep(waitS * 1000, request.signal ?? signal);
              update({ status: 'waiting', retryAt: null });
              return attempt(tags, { ...retriesLeft, rate: 0 });
            }
            if (isTagsRejected(error) && retriesLeft.tags > 0 && tags.tags.length > 0) {
              await this.deps.tagsRejected();
              return attempt({ ...tags, tags: [] }, { ...retriesLeft, tags: 0 });
            }
            throw error;
          }
        };
        const result = await attempt(await this.deps.tags(feature), { rate: 1, tags: 1 });
        const cost = await this.deps.settle(job, result, extracted.text);
        const before = job.cost ?? { usd: 0, promptTokens: 0, completionTokens: 0, calls: 0 };
        update({
          cost: {
            usd: before.usd === null || cost === null ? null : before.usd + cost,
            promptTokens: before.promptTokens + (result.usage?.prompt_tokens ?? 0),
            completionTokens: before.completionTokens + (result.usage?.completion_tokens ?? 0),
            calls: before.calls + 1,
          },
        });
        return { text: result.text, usage: result.usage, cost };
      };

      const context: WorkContext = {
        get job() {
          return job;
        },
        signal,
        settings,
        call,
        update: (patch) => update(patch, patch.text === undefined),
        confirm: (estimate) => {
          update({ status: 'confirm', estimate });
          return new Promise<boolean>((resolve) => {
            this.confirmations.set(job.tabId, (proceed) => {
              this.confirmations.delete(job.tabId);
              if (proceed) update({ status: 'waiting', estimate: null });
              resolve(proceed);
            });
          });
        },
      };
      const final = await this.deps.work(feature)(context, extracted);
      if (signal.aborted) return;
      if (keepEdits && final.draft) final.draft = keepTouched(final.draft, keepEdits.draft, keepEdits.touched);
      update({ status: 'done', progress: null, retryAt: null, ...final });
    } catch (error) {
      if (signal.aborted) return;
      update({ status: 'error', problem: problemOf(error), retryAt: null });
    } finally {
      clearTimeout(pending);
      release();
      this.confirmations.delete(job.tabId);
      if (this.controllers.get(job.tabId) === controller) this.controllers.delete(job.tabId);
    }
  }
}

/** The new draft, except for the fields the person edited (`description.background` style paths). */
export function keepTouched(fresh: TicketDraft, edited: TicketDraft, touched: readonly string[]): TicketDraft {
  const merged: TicketDraft = { ...fresh, description: { ...fresh.description } };
  for (const path of touched) {
    const [field, section] = path.split('.') as [keyof TicketDraft, string | undefined];
    if (field === 'description' && section && section in edited.description) {
      (merged.description as Record<string, unknown>)[section] = edited.description[section as keyof TicketDraft['description']];
    } else if (field in edited && field !== 'description') {
      (merged as Record<string, unknown>)[field] = edited[field];
    }
  }
  return merged;
}

/** "Turn into ticket": the finished summary is the material, with its page as the source. */
function summaryAsMaterial(summary: Job): Extracted {
  return {
    kind: 'summary',
    title: summary.source?.title ?? '',
    url: summary.source?.url ?? '',
    lang: summary.source?.language ?? '',
    contentType: 'text/markdown',
    byline: null,
    text: summary.text,
    method: 'readability',
  };
}

function interruptedProblem(): Problem {
  return { kind: 'interrupted', status: null, message: 'The extension restarted while the answer was being written.', retryAfterS: null, scope: null };
}
