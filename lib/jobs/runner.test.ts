import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../gateway/errors';
import type { ChatResult } from '../gateway/client';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { Job } from './job';
import { JobRunner, type FeatureWork, type JobDeps } from './runner';
import { readJob, writeJob } from './store';

const extracted = { kind: 'page' as const, title: 'T', url: 'http://x/', lang: 'en', contentType: 'text/html', byline: null, text: 'Some article text.', method: 'readability' as const };
const result: ChatResult = { text: 'Hello world', usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 }, headers: { responseCost: null, keySpend: 1, keyMaxBudget: 5, callId: null }, finishReason: 'stop' };

/** The simplest feature: one streamed call whose text is the answer. */
const echoWork: FeatureWork = async (context) => {
  let text = '';
  const outcome = await context.call({ messages: [{ role: 'user', content: 'x' }], maxTokens: 10, onDelta: (d) => context.update({ status: 'streaming', text: (text += d) }) });
  return { text: outcome.text };
};

function deps(overrides: Partial<JobDeps> = {}): JobDeps {
  return {
    workerId: 'w1',
    now: () => Date.now(),
    admission: async () => null,
    connection: async () => ({ root: 'http://gw', key: 'sk-x' }),
    settings: async () => DEFAULT_SETTINGS,
    extract: async () => extracted,
    work: () => echoWork,
    tagsRejected: async () => undefined,
    tags: async (feature) => ({ tags: [`gateway-assistant:${feature}`], user: 'u1' }),
    stream: async (_c, _r, _t, onDelta) => {
      onDelta('Hello ');
      onDelta('world');
      return result;
    },
    settle: async () => 0.0042,
    ...overrides,
  };
}

const settled = async (tabId: number) => {
  await vi.waitFor(async () => expect(['done', 'error', 'stopped', 'interrupted']).toContain((await readJob(tabId))?.status));
  return (await readJob(tabId))!;
};

describe('JobRunner', () => {
  it('streams into storage and records the cost', async () => {
    const runner = new JobRunner(deps());
    await runner.start(7, 'summarize', 'sim-fast');
    const job = await settled(7);
    expect(job.status).toBe('done');
    expect(job.text).toBe('Hello world');
    expect(job.cost).toEqual({ usd: 0.0042, promptTokens: 10, completionTokens: 2, calls: 1 });
  });

  it('a job the rules refuse ends at once with their problem, and nothing is read or sent', async () => {
    const extract = vi.fn(async () => extracted);
    const stream = vi.fn(async () => result);
    const problem = { kind: 'feature_disabled' as const, status: null, message: 'off', retryAfterS: null, scope: null };
    const runner = new JobRunner(deps({ admission: async () => problem, extract, stream }));
    const job = await runner.start(6, 'jira-draft', 'sim-fast');
    expect(job).toMatchObject({ status: 'error', problem });
    expect((await readJob(6))?.problem).toEqual(problem);
    expect(extract).not.toHaveBeenCalled();
    expect(stream).not.toHaveBeenCalled();
  });

  it('records a gateway failure as the job’s problem', async () => {
    const failure = { kind: 'budget_exceeded' as const, status: 429, message: 'Budget has been exceeded!', retryAfterS: null, scope: 'key' };
    const runner = new JobRunner(deps({ stream: async () => Promise.reject(new GatewayError(failure)) }));
    await runner.start(8, 'summarize', 'sim-fast');
    expect((await settled(8)).problem).toEqual(failure);
  });

  it('says "not connected" before touching the page when there is no key', async () => {
    const extract = vi.fn();
    const runner = new JobRunner(deps({ connection: async () => null, extract }));
    await runner.start(9, 'summarize', 'sim-fast');
    expect((await settled(9)).problem?.kind).toBe('not_configured');
    expect(extract).not.toHaveBeenCalled();
  });

  it('Stop aborts the request and keeps the text so far', async () => {
    let signal: AbortSignal | undefined;
    const runner = new JobRunner(
      deps({
        stream: (_c, _r, _t, onDelta, s) => {
          signal = s;
          onDelta('partial');
          return new Promise<ChatResult>((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted'))));
        },
      }),
    );
    await runner.start(10, 'summarize', 'sim-fast');
    await vi.waitFor(async () => expect((await readJob(10))?.text).toBe('partial'));
    await runner.stop(10);
    expect(signal?.aborted).toBe(true);
    const job = await settled(10);
    expect(job.status).toBe('stopped');
    expect(job.text).toBe('partial');
  });

  it('a selection found while summarizing the page is tagged as a selection summary', async () => {
    const tags = vi.fn(async (feature: string) => ({ tags: [feature], user: null }));
    const runner = new JobRunner(deps({ extract: async () => ({ ...extracted, kind: 'selection', method: 'selection' }), tags }));
    await runner.start(11, 'summarize', 'sim-fast');
    expect((await settled(11)).feature).toBe('summarize-selection');
    expect(tags).toHaveBeenCalledWith('summarize-selection', null);
  });

  it('a new worker marks jobs an old one left running as interrupted, keeping their text', async () => {
    const orphan: Job = Job.parse({ id: 'a', tabId: 12, feature: 'summarize', model: 'm', status: 'streaming', text: 'half an answer', problem: null, cost: null, source: null, worker: 'old', startedAt: 1, updatedAt: 1 });
    await writeJob(orphan);
    const runner = new JobRunner(deps({ workerId: 'new' }));
    await runner.ready;
    const job = await readJob(12);
    expect(job?.status).toBe('interrupted');
    expect(job?.text).toBe('half an answer');
  });
});

describe("JobRunner: the gateway's limits", () => {
  it('waits out an RPM/TPM 429 with a visible retry time, then retries once and succeeds', async () => {
    const limited = { kind: 'rate_limited' as const, status: 429, message: 'Rate limit exceeded', retryAfterS: 7, scope: null };
    let calls = 0;
    const slept: number[] = [];
    const runner = new JobRunner(
      deps({
        stream: async (_c, _r, _t, onDelta) => {
          calls++;
          if (calls === 1) throw new GatewayError(limited);
          onDelta('ok');
          return result;
        },
        sleep: async (ms) => {
          slept.push(ms);
          const job = await readJob(20);
          expect(job?.status).toBe('rate-limited');
          expect(job?.retryAt).toBeGreaterThan(Date.now());
        },
      }),
    );
    await runner.start(20, 'summarize', 'sim-fast');
    expect((await settled(20)).status).toBe('done');
    expect(calls).toBe(2);
    expect(slept).toEqual([7000]);
  });

  it('never retries a budget 429', async () => {
    const budget = { kind: 'budget_exceeded' as const, status: 429, message: 'Budget has been exceeded!', retryAfterS: null, scope: 'key' };
    const stream = vi.fn(async () => Promise.reject(new GatewayError(budget)));
    const runner = new JobRunner(deps({ stream }));
    await runner.start(21, 'summarize', 'sim-fast');
    expect((await settled(21)).problem?.kind).toBe('budget_exceeded');
    expect(stream).toHaveBeenCalledTimes(1);
  });

  it('when the gateway rejects client-side tags, retries once without them and remembers', async () => {
    const rejected = { kind: 'tags_rejected' as const, status: 400, message: "Client-side 'metadata.tags' not allowed", retryAfterS: null, scope: null };
    const seen: string[][] = [];
    const tagsRejected = vi.fn(async () => undefined);
    const runner = new JobRunner(
      deps({
        tagsRejected,
        stream: async (_c, _r, tags, onDelta) => {
          seen.push(tags.tags);
          if (tags.tags.length > 0) throw new GatewayError(rejected);
          onDelta('ok');
          return result;
        },
      }),
    );
    await runner.start(22, 'summarize', 'sim-fast');
    expect((await settled(22)).status).toBe('done');
    expect(seen).toEqual([['gateway-assistant:summarize'], []]);
    expect(tagsRejected).toHaveBeenCalledOnce();
  });
});
