/**
 * Runs jobs in the background: extract the page, stream the answer, record cost. Everything it
 * needs from the outside world comes in through `JobDeps`, so tests drive it without a browser.
 */
import { failureOf, GatewayError } from '../gateway/errors';
import type { ChatResult, GatewayConnection, RequestTags } from '../gateway/client';
import type { ChatMessage } from '../gateway/wire';
import { pageProblem, type Problem, ProblemError } from '../errors/problem';
import type { Extracted } from '../extract/result';
import type { Feature, Settings } from '../settings/schema';
import { isRunning, type Job, type JobCost } from './job';
import { holdWorkerAlive } from './keep-alive';
import { orphanedJobs, readJob, writeJob } from './store';

export interface PreparedRequest {
  messages: ChatMessage[];
  maxTokens: number;
  source: NonNullable<Job['source']>;
}

export interface JobDeps {
  workerId: string;
  now(): number;
  connection(): Promise<GatewayConnection | null>;
  settings(): Promise<Settings>;
  extract(tabId: number, feature: Feature): Promise<Extracted>;
  prepare(extracted: Extracted, settings: Settings, feature: Feature): PreparedRequest;
  tags(feature: Feature): Promise<RequestTags>;
  stream(conn: GatewayConnection, model: string, prepared: PreparedRequest, tags: RequestTags, onDelta: (text: string) => void, signal: AbortSignal): Promise<ChatResult>;
  /** Cost of one call, and the budget update that follows it. */
  settle(model: string, result: ChatResult): Promise<number | null>;
}

/** How often a growing answer is written to storage: often enough to look live, rarely enough to be cheap. */
const WRITE_EVERY_MS = 60;

function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof GatewayError) return error.failure;
  return { ...failureOf(error), kind: 'internal' };
}

export class JobRunner {
  private readonly controllers = new Map<number, AbortController>();

  /** Settles once jobs an earlier worker instance left running are marked interrupted. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: JobDeps) {
    this.ready = this.markInterrupted();
  }

  async start(tabId: number, feature: Feature, model: string): Promise<Job> {
    this.controllers.get(tabId)?.abort();
    const controller = new AbortController();
    this.controllers.set(tabId, controller);
    const now = this.deps.now();
    const job: Job = {
      id: `${tabId}-${now}`,
      tabId,
      feature,
      model,
      status: 'extracting',
      text: '',
      problem: null,
      cost: null,
      source: null,
      worker: this.deps.workerId,
      startedAt: now,
      updatedAt: now,
    };
    await writeJob(job);
    void this.run(job, controller);
    return job;
  }

  async stop(tabId: number): Promise<Job | null> {
    const controller = this.controllers.get(tabId);
    controller?.abort();
    const job = await readJob(tabId);
    if (job && isRunning(job)) {
      const stopped = { ...job, status: 'stopped' as const, updatedAt: this.deps.now() };
      await writeJob(stopped);
      return stopped;
    }
    return job;
  }

  async retry(tabId: number): Promise<Job | null> {
    const job = await readJob(tabId);
    if (!job) return null;
    return this.start(tabId, job.feature, job.model);
  }

  private async markInterrupted(): Promise<void> {
    for (const job of await orphanedJobs(this.deps.workerId)) {
      await writeJob({ ...job, status: 'interrupted', problem: interruptedProblem(), updatedAt: this.deps.now() });
    }
  }

  private async run(initial: Job, controller: AbortController): Promise<void> {
    const release = holdWorkerAlive();
    let job = initial;
    let lastWrite = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const save = async (next: Job, force: boolean) => {
      job = next;
      if (controller.signal.aborted) return;
      const now = this.deps.now();
      if (force || now - lastWrite >= WRITE_EVERY_MS) {
        clearTimeout(pending);
        pending = undefined;
        lastWrite = now;
        await writeJob(job);
      } else {
        pending ??= setTimeout(() => {
          pending = undefined;
          lastWrite = this.deps.now();
          if (!controller.signal.aborted) void writeJob(job);
        }, WRITE_EVERY_MS);
      }
    };

    try {
      const conn = await this.deps.connection();
      if (!conn) throw new ProblemError(pageProblem('not_configured'));
      const settings = await this.deps.settings();
      const extracted = await this.deps.extract(job.tabId, job.feature);
      // With text selected, "summarize this page" summarizes the selection; tag it as what it was.
      const feature: Feature = extracted.kind === 'selection' && job.feature === 'summarize' ? 'summarize-selection' : job.feature;
      const prepared = this.deps.prepare(extracted, settings, feature);
      await save({ ...job, feature, status: 'waiting', source: prepared.source, updatedAt: this.deps.now() }, true);
      const tags = await this.deps.tags(job.feature);
      let first = true;
      const result = await this.deps.stream(
        conn,
        job.model,
        prepared,
        tags,
        (delta) => {
          const next: Job = { ...job, status: 'streaming', text: job.text + delta, updatedAt: this.deps.now() };
          void save(next, first);
          first = false;
        },
        controller.signal,
      );
      const usd = await this.deps.settle(job.model, result);
      const cost: JobCost = {
        usd,
        promptTokens: result.usage?.prompt_tokens ?? 0,
        completionTokens: result.usage?.completion_tokens ?? 0,
        calls: 1,
      };
      await save({ ...job, status: 'done', text: result.text, cost, updatedAt: this.deps.now() }, true);
    } catch (error) {
      if (controller.signal.aborted) return;
      await save({ ...job, status: 'error', problem: problemOf(error), updatedAt: this.deps.now() }, true);
    } finally {
      clearTimeout(pending);
      release();
      if (this.controllers.get(job.tabId) === controller) this.controllers.delete(job.tabId);
    }
  }
}

function interruptedProblem(): Problem {
  return { kind: 'interrupted', status: null, message: 'The extension restarted while the answer was being written.', retryAfterS: null, scope: null };
}
