/**
 * Runs jobs in the background: read the page, do the feature's work through the gateway,
 * record cost. The outside world comes in through `JobDeps` and each feature's work through
 * `FeatureWork`, so tests drive all of it without a browser.
 */
import { failureOf, GatewayError } from '../gateway/errors';
import { guardrailMessage } from '../gateway/guardrail';
import type { ChatResult, GatewayConnection, RequestTags } from '../gateway/client';
import type { ChatMessage, ChatRequest, Usage } from '../gateway/wire';
import { pageProblem, type Problem, ProblemError } from '../errors/problem';
import type { Extracted } from '../extract/result';
import type { TicketDraft } from '../jira/ticket';
import type { ActionRef } from '../features/action/action';
import type { FeatureOutput } from '../features/feature';
import { featureById } from '../features/registry';
import { Feature } from '../features/feature-schema';
import type { Settings } from '../settings/schema';
import type { Job } from './job';
import { isRunning } from './running';
import { holdWorkerAlive } from './keep-alive';
import { callInTurn, type QueueWait, RateQueue } from './rate-queue';
import type { JobDelta } from './live';
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
  /** What the surface handed this feature when it started the job (the jira-draft feature: the edits to keep). */
  readonly carry: unknown;
  call(request: CallRequest): Promise<CallOutcome>;
  update(patch: Partial<Job>): void;
  /** Shows the estimate and waits for the person; resolves to false when they decline. */
  confirm(estimate: NonNullable<Job['estimate']>): Promise<boolean>;
}

/** A feature's work on extracted text; returns the job's final fields. */
export type FeatureWork = (context: WorkContext, extracted: Extracted) => Promise<Partial<Job>>;

export interface StartOptions {
  surface?: Job['surface'];
  /** The action (features/action) this job runs, when `feature` is 'action'. */
  action?: ActionRef | null;
  /** What it produces; the feature's own output unless an action says otherwise. */
  output?: FeatureOutput;
  /** Work on the tab's finished answer instead of the page ("turn a summary into a ticket"). */
  fromAnswer?: boolean;
  /** Handed to the feature's work as `carry`; only the feature knows its shape. */
  carry?: unknown;
  /** Work on this instead of reading the page: material the worker made itself (Ask's conversation), never a surface's text. */
  material?: Extracted;
}

export interface JobDeps {
  workerId: string;
  now(): number;
  /** Why this job may not run (a feature, action or model the organization turned off, a budget used up), or null. */
  admission(feature: Feature, model: string, action: ActionRef | null): Promise<Problem | null>;
  connection(): Promise<GatewayConnection | null>;
  settings(): Promise<Settings>;
  /** Reads what the job works on; `onProgress` reports how much of a long source (a PDF's pages) has been read. */
  extract(job: Job, onProgress?: (done: number, total: number) => void): Promise<Extracted>;
  work(feature: Feature): FeatureWork;
  tags(feature: Feature, action: ActionRef | null): Promise<RequestTags>;
  stream(conn: GatewayConnection, request: ChatRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult>;
  /** Cost of one call, the budget update that follows it, and its line in the usage history (with the material, kept only if the person asked). */
  settle(job: Job, result: ChatResult, material: string): Promise<number | null>;
  /** The gateway refused client-side tags: remember it so the next requests go without. */
  tagsRejected(): Promise<void>;
  /** Every state a job goes through, for surfaces that cannot watch storage (the in-page panel). */
  published?(job: Job): void;
  /** The tab's Ask conversation as material (its finished answers), or null when it has none: a ticket drafted from it is redrafted from it. */
  conversation?(tabId: number): Promise<Extracted | null>;
  /** The line calls wait in while the key is rate-limited; one for the worker unless a test gives its own. */
  rateQueue?: RateQueue;
  /** Text added to a job's answer since the last state published or streamed (live.ts). */
  streamed?(job: Job, delta: JobDelta): void;
}

/**
 * How often a growing answer is written to storage. Surfaces see it live through `streamed`;
 * storage is for a popup opened later or a worker restarted, so once a second is enough, and
 * writing the whole job every 60 ms cost 169 bytes written per byte of answer (issue #17).
 */
const WRITE_EVERY_MS = 1000;
/**
 * …and only once the answer has doubled since the last write: the whole job is written each time,
 * so equal steps would make a long answer cost its length squared; doubling keeps all the writes
 * of one answer under three times its size (issue #17). A surface that opens mid-answer gets the
 * rest from the worker (live.ts); storage is what a restarted worker keeps.
 */
const TEXT_GROWTH = 2;

function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof GatewayError) return error.failure;
  return { ...failureOf(error), kind: 'internal' };
}

const isTagsRejected = (error: unknown) => error instanceof GatewayError && error.failure.kind === 'tags_rejected';

export class JobRunner {
  private readonly controllers = new Map<number, AbortController>();
  private readonly confirmations = new Map<number, (proceed: boolean) => void>();
  /** Each tab's running job as the run last changed it: storage lags by up to a second and half the text (issue #17), Stop keeps what was seen. */
  private readonly live = new Map<number, Job>();
  private readonly rateQueue: RateQueue;
  /** Settles once jobs an earlier worker instance left running are marked interrupted. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: JobDeps) {
    this.rateQueue = deps.rateQueue ?? new RateQueue();
    this.ready = this.markInterrupted();
  }

  async start(tabId: number, feature: Feature, model: string, options: StartOptions = {}): Promise<Job> {
    const action = options.action ?? null;
    const refused = await this.deps.admission(feature, model, action);
    if (refused) {
      this.controllers.get(tabId)?.abort();
      this.live.delete(tabId);
      const job: Job = { ...this.newJob(tabId, feature, model, options, action), status: 'error', problem: refused };
      await this.publish(job);
      return job;
    }
    const previous = options.fromAnswer ? await readJob(tabId) : null;
    this.controllers.get(tabId)?.abort();
    const controller = new AbortController();
    this.controllers.set(tabId, controller);
    const job = this.newJob(tabId, feature, model, options, action);
    this.live.set(tabId, job);
    // The run starts while the job's first write is under way (issue #17: the click waited on it):
    // storage takes one worker's writes in order, so the run's own writes land after this one.
    const written = this.publish(job);
    const material = options.material ?? (previous?.status === 'done' ? answerAsMaterial(previous) : null);
    void this.run(job, controller, material, options.carry);
    try {
      await written;
    } catch (error) {
      controller.abort();
      throw error;
    }
    return job;
  }

  async stop(tabId: number): Promise<Job | null> {
    // Taken before the abort: the run may end, and drop its entry, within abort() itself (Chrome
    // ran the run's ending there, in Ask's stop handler: features/ask/session.ts), and storage is
    // up to a second behind the text on screen.
    const live = this.live.get(tabId);
    this.controllers.get(tabId)?.abort();
    this.confirmations.get(tabId)?.(false);
    const job = live ?? (await readJob(tabId));
    this.live.delete(tabId);
    if (job && isRunning(job)) {
      const stopped: Job = { ...job, status: 'stopped', retryAt: null, queuePosition: null, updatedAt: this.deps.now() };
      await this.publish(stopped);
      return stopped;
    }
    return job;
  }

  /** Runs the tab's job again on what it worked on: a ticket drafted from Ask's conversation is redrafted from it, never from the page. */
  async retry(tabId: number, carry?: unknown): Promise<Job | null> {
    const job = await readJob(tabId);
    if (!job) return null;
    const options: StartOptions = { surface: job.surface, action: job.action, output: job.output, carry };
    if (!isConversationDraft(job)) return this.start(tabId, job.feature, job.model, options);
    const material = (await this.deps.conversation?.(tabId)) ?? null;
    // Never redrafted from the page: the surface says why there is nothing to draft from.
    if (!material) return this.report(tabId, job.feature, job.surface, pageProblem('no_conversation'));
    return this.start(tabId, job.feature, job.model, { ...options, material });
  }

  /** A job that failed before it could start (no model to run it with, say), so its surface can say why. */
  async report(tabId: number, feature: Feature, surface: Job['surface'], problem: Problem): Promise<Job> {
    const job: Job = { ...this.newJob(tabId, feature, '', { surface }, null), status: 'error', problem };
    await this.publish(job);
    return job;
  }

  private newJob(tabId: number, feature: Feature, model: string, options: StartOptions, action: ActionRef | null): Job {
    const now = this.deps.now();
    return {
      id: `${tabId}-${now}`,
      tabId,
      feature,
      model,
      surface: options.surface ?? 'popup',
      output: options.output ?? featureById(feature)?.output ?? 'markdown',
      status: 'extracting',
      text: '',
      problem: null,
      cost: null,
      source: null,
      progress: null,
      estimate: null,
      retryAt: null,
      queuePosition: null,
      truncated: false,
      guardrails: [],
      draft: null,
      touched: [],
      action,
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
  async saveDraft(tabId: number, draft: TicketDraft, touched: string[]): Promise<Job | null> {
    const job = await readJob(tabId);
    if (!job || job.draft === null || isRunning(job)) return job;
    const edited = { ...job, draft, touched, updatedAt: this.deps.now() };
    await this.publish(edited);
    return edited;
  }

  private async publish(job: Job): Promise<void> {
    // Surfaces first: a delta streamed while the write is pending must reach them after this state.
    this.deps.published?.(job);
    await writeJob(job);
  }

  /**
   * Ends a job whose writes storage refused, keeping the text it last stored; when even that is
   * refused (other tabs filled the quota meanwhile) the job still ends, without its text.
   */
  private async publishFailure(stored: Job, problem: Problem): Promise<void> {
    const failed: Job = { ...stored, status: 'error', problem, progress: null, retryAt: null, queuePosition: null, updatedAt: this.deps.now() };
    try {
      await this.publish(failed);
    } catch {
      await this.publish({ ...failed, text: '', draft: null }).catch(() => undefined);
    }
  }

  private async markInterrupted(): Promise<void> {
    for (const job of await orphanedJobs(this.deps.workerId)) {
      await this.publish({ ...job, status: 'interrupted', problem: interruptedProblem(), retryAt: null, queuePosition: null, updatedAt: this.deps.now() });
    }
  }

  private async run(initial: Job, controller: AbortController, material: Extracted | null, carry: unknown): Promise<void> {
    const release = holdWorkerAlive();
    const { signal } = controller;
    let job = initial;
    let lastWrite = 0;
    let written = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    // What storage last accepted: what every surface shows. A write it refuses (its quota is 10 MB
    // for all tabs) ends the job with that text kept and the reason named, never a job left "streaming".
    let stored = job;
    let refused = false;
    // A growing answer has one write in flight at a time, the latest text written after it:
    // megabytes written faster than storage takes them would queue without end.
    let writing = 0;
    let dirty = false;
    const flush = (force = true) => {
      clearTimeout(pending);
      pending = undefined;
      lastWrite = this.deps.now();
      if (signal.aborted || refused) return;
      written = job.text.length;
      if (writing > 0 && !force) {
        dirty = true;
        return;
      }
      writing += 1;
      const snapshot = job;
      this.publish(snapshot)
        .then(
          () => {
            stored = snapshot;
          },
          (error: unknown) => {
            refused = true;
            controller.abort();
            return this.publishFailure(stored, storageProblem(error));
          },
        )
        .finally(() => {
          writing -= 1;
          if (dirty && writing === 0) {
            dirty = false;
            flush(false);
          }
        })
        .catch(() => undefined);
    };
    const due = () => this.deps.now() - lastWrite >= WRITE_EVERY_MS && job.text.length >= written * TEXT_GROWTH;
    const update = (patch: Partial<Job>, force = true) => {
      const before = job;
      job = { ...job, ...patch, updatedAt: this.deps.now() };
      if (signal.aborted) return;
      this.live.set(job.tabId, job);
      // Only the added text goes to the surfaces; a state change goes whole, when it is written.
      if (!force && before.status === job.status && job.text.length > before.text.length && job.text.startsWith(before.text)) {
        this.deps.streamed?.(job, { id: job.id, from: before.text.length, text: job.text.slice(before.text.length) });
      } else if (!force) force = job.status !== before.status || job.text !== before.text;
      if (force || due()) flush();
      else
        pending ??= setTimeout(() => {
          pending = undefined;
          if (due()) flush();
        }, WRITE_EVERY_MS);
    };

    try {
      const conn = await this.deps.connection();
      if (!conn) throw new ProblemError(pageProblem('not_configured'));
      const settings = await this.deps.settings();
      // Throttled like the answer's text: a PDF of hundreds of pages would otherwise write the job once a page.
      const readProgress = (done: number, total: number) => update({ progress: { stage: 'read', done, total } }, false);
      const extracted = material ?? (await this.deps.extract(job, readProgress));
      // A page feature given a selection may count as its selection twin (summarize → summarize-selection).
      const twin = featureById(job.feature)?.onSelection;
      const feature: Feature = extracted.kind === 'selection' && twin ? Feature.parse(twin) : job.feature;
      if (settings.disabledFeatures.includes(feature)) throw new ProblemError(pageProblem('feature_disabled', `${feature} is turned off by your organization`));
      // Reading is over: its "page n of N" must not stand in for the map stage's progress.
      update({ feature, status: 'waiting', progress: null });

      const call = async (request: CallRequest): Promise<CallOutcome> => {
        const callSignal = request.signal ?? signal;
        const chat: ChatRequest = { model: job.model, messages: request.messages, max_tokens: request.maxTokens, ...(request.responseFormat ? { response_format: request.responseFormat } : {}) };
        // Waits for its turn in the rate-limit line, showing where it stands meanwhile.
        const onWait = (wait: QueueWait | null) =>
          update(wait ? { status: 'rate-limited', retryAt: wait.reopensAt, queuePosition: wait.position } : { status: 'waiting', retryAt: null, queuePosition: null });
        const send = (tags: RequestTags) =>
          callInTurn(this.rateQueue, { signal: callSignal, now: () => this.deps.now(), onWait }, (admitted) =>
            this.deps.stream(
              conn,
              chat,
              tags,
              (delta) => {
                admitted();
                request.onDelta?.(delta);
              },
              callSignal,
            ),
          );
        const attempt = async (tags: RequestTags): Promise<ChatResult> => {
          try {
            return await send(tags);
          } catch (error) {
            // Once: a gateway that refuses client-side tags takes the call without them.
            if (!isTagsRejected(error) || tags.tags.length === 0) throw error;
            await this.deps.tagsRejected();
            return send({ ...tags, tags: [] });
          }
        };
        const result = await attempt({ ...(await this.deps.tags(feature, job.action)), sessionId: job.id });
        // The call streamed into the job is the answer on screen (a summary's last call; notes on
        // parts are not shown); when it ran out of max_tokens its end is missing.
        if (request.onDelta && result.finishReason === 'length') update({ truncated: true });
        if (result.headers.appliedGuardrails.some((name) => !job.guardrails.includes(name))) {
          update({ guardrails: [...new Set([...job.guardrails, ...result.headers.appliedGuardrails])] });
        }
        const cost = await this.deps.settle(job, result, extracted.text);
        // A guardrail in passthrough mode answers 200 with its violation text (addendum §5): that
        // text is no answer, so the job fails with the guardrail named, after the call is paid for;
        // the streamed text leaves the answer (the problem's details keep it).
        if (result.finishReason === 'content_filter') {
          if (request.onDelta) update({ text: '' });
          throw new ProblemError(guardrailProblem(result.text, result.headers.appliedGuardrails));
        }
        const before = job.cost ?? { usd: 0, promptTokens: 0, completionTokens: 0, calls: 0 };
        // Not written on its own: the job's next state (done, the next call) carries it to storage.
        update(
          {
            cost: {
              usd: before.usd === null || cost === null ? null : before.usd + cost,
              promptTokens: before.promptTokens + (result.usage?.prompt_tokens ?? 0),
              completionTokens: before.completionTokens + (result.usage?.completion_tokens ?? 0),
              calls: before.calls + 1,
            },
          },
          false,
        );
        return { text: result.text, usage: result.usage, cost };
      };

      const context: WorkContext = {
        get job() {
          return job;
        },
        signal,
        settings,
        carry,
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
      update({ status: 'done', progress: null, retryAt: null, queuePosition: null, ...final });
    } catch (error) {
      if (signal.aborted) return;
      update({ status: 'error', problem: problemOf(error), retryAt: null, queuePosition: null });
    } finally {
      clearTimeout(pending);
      release();
      this.confirmations.delete(job.tabId);
      if (this.controllers.get(job.tabId) === controller) {
        this.controllers.delete(job.tabId);
        if (this.live.get(job.tabId)?.id === job.id) this.live.delete(job.tabId);
      }
    }
  }
}

/** A ticket Ask's side panel drafted from its conversation (sidepanel.ticket): its material is that conversation. */
export function isConversationDraft(job: Job): boolean {
  return job.feature === 'jira-draft' && (job.surface === 'sidepanel' || job.source?.kind === 'conversation');
}

/** "Turn into ticket": the finished answer is the material, with its page as the source. */
function answerAsMaterial(summary: Job): Extracted {
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

function guardrailProblem(text: string, guardrails: string[]): Problem {
  return { kind: 'guardrail_blocked', status: 200, message: guardrailMessage(text, guardrails), retryAfterS: null, scope: null };
}

/** A refused storage write: over the quota is the answer's size; anything else is the extension's fault. */
function storageProblem(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return pageProblem(/quota/i.test(message) ? 'storage_full' : 'internal', message);
}

function interruptedProblem(): Problem {
  return { kind: 'interrupted', status: null, message: 'The extension restarted while the answer was being written.', retryAfterS: null, scope: null };
}
