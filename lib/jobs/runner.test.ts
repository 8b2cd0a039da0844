import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GatewayError } from '../gateway/errors';
import type { ChatResult } from '../gateway/client';
import { DEFAULT_SETTINGS } from '../settings/schema';
import { Job } from './job';
import { JobRunner, type FeatureWork, type JobDeps } from './runner';
import { RateQueue } from './rate-queue';
import { readJob, writeJob } from './store';

const extracted = { kind: 'page' as const, title: 'T', url: 'http://x/', lang: 'en', contentType: 'text/html', byline: null, text: 'Some article text.', method: 'readability' as const };
const result: ChatResult = { text: 'Hello world', usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 }, headers: { responseCost: null, keySpend: 1, keyMaxBudget: 5, callId: null, appliedGuardrails: [] }, finishReason: 'stop' };

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

// A streaming job is written about once a second (issue #17): a refused write may come only after that.
const settled = async (tabId: number) => {
  await vi.waitFor(async () => expect(['done', 'error', 'stopped', 'interrupted']).toContain((await readJob(tabId))?.status), { timeout: 5000 });
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

  it('hands surfaces only the added text, in order after each state, and writes storage far less often than it streams', async () => {
    const writes: string[] = [];
    const seen: { type: string; status?: string; from?: number; text?: string }[] = [];
    let now = 0;
    const pieces = Array.from({ length: 200 }, (_, i) => `word${i} `);
    const runner = new JobRunner(
      deps({
        now: () => now,
        published: (job) => seen.push({ type: 'job', status: job.status, text: job.text }),
        streamed: (_job, delta) => seen.push({ type: 'delta', from: delta.from, text: delta.text }),
        stream: async (_c, _r, _t, onDelta) => {
          for (const piece of pieces) {
            now += 20; // 200 deltas over 4 s of simulated time
            onDelta(piece);
          }
          return { ...result, text: pieces.join('') };
        },
      }),
    );
    const { storage } = await import('wxt/utils/storage');
    const unwatch = storage.watch<Job>('session:job:5', (job) => job && writes.push(job.status));
    await runner.start(5, 'summarize', 'sim-fast');
    const job = await settled(5);
    unwatch();
    expect(job.text).toBe(pieces.join(''));
    // Rebuilt from what surfaces were handed: each delta continues the text exactly.
    let shown = '';
    for (const message of seen) {
      if (message.type === 'job') shown = message.text!;
      else {
        expect(message.from).toBe(shown.length);
        shown += message.text;
      }
    }
    expect(shown).toBe(pieces.join(''));
    expect(seen.filter((m) => m.type === 'delta').length).toBe(pieces.length - 1);
    expect(writes.at(-1)).toBe('done');
    expect(writes.filter((status) => status === 'streaming').length).toBeLessThanOrEqual(6);
  });

  it('a long answer costs storage less than three times its size, however long it streams', async () => {
    let now = 0;
    const pieces = Array.from({ length: 2000 }, (_, i) => `token ${String(i).padStart(5, '0')} and more. `); // ~56 KB over 400 s
    const answer = pieces.join('');
    const runner = new JobRunner(
      deps({
        now: () => now,
        stream: async (_c, _r, _t, onDelta) => {
          for (const piece of pieces) {
            now += 200;
            onDelta(piece);
          }
          return { ...result, text: answer };
        },
      }),
    );
    let textBytes = 0;
    const { storage } = await import('wxt/utils/storage');
    const unwatch = storage.watch<Job>('session:job:4', (job) => {
      if (job) textBytes += job.text.length;
    });
    await runner.start(4, 'summarize', 'sim-fast');
    expect((await settled(4)).text).toBe(answer);
    unwatch();
    expect(textBytes).toBeGreaterThanOrEqual(answer.length);
    expect(textBytes).toBeLessThanOrEqual(3 * answer.length);
  });

  it("the run reads the page while the job's first write is still under way (issue #17), and the job still ends done", async () => {
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    // Chrome applies one worker's writes in the order they were made: each waits for the one before;
    // the job's first write takes as long as the test says.
    let queue: Promise<unknown> = firstHeld;
    vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation((items) => {
      const write = queue.then(() => set(items));
      queue = write;
      return write;
    });
    try {
      const extract = vi.fn(async () => extracted);
      const runner = new JobRunner(deps({ extract }));
      const started = runner.start(11, 'summarize', 'sim-fast');
      await vi.waitFor(() => expect(extract).toHaveBeenCalled());
      releaseFirst();
      expect((await started).tabId).toBe(11);
      expect((await settled(11)).text).toBe('Hello world');
    } finally {
      vi.restoreAllMocks();
    }
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
    const failure = { kind: 'budget_exceeded' as const, status: 429, message: 'Budget has been exceeded!', retryAfterS: null, scope: { scope: 'key' as const, id: null, spend: 5.01, limit: 5, model: null, window: null } };
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

  it('Stop keeps all the text streamed before it, though storage has only part of it (issue #17)', async () => {
    let streamedText = '';
    let release: (() => void) | undefined;
    const runner = new JobRunner(
      deps({
        stream: (_c, _r, _t, onDelta, s) => {
          for (const delta of ['One ', 'two ', 'three ', 'four ', 'five']) {
            onDelta(delta);
            streamedText += delta;
          }
          release?.();
          return new Promise<ChatResult>((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted'))));
        },
      }),
    );
    const streaming = new Promise<void>((resolve) => (release = resolve));
    await runner.start(13, 'summarize', 'sim-fast');
    await streaming;
    expect((await readJob(13))?.text).not.toBe(streamedText);
    await runner.stop(13);
    const job = await settled(13);
    expect(job.status).toBe('stopped');
    expect(job.text).toBe('One two three four five');
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
  it('waits out an RPM/TPM 429 in line with a visible retry time, then retries and succeeds', async () => {
    const limited = { kind: 'rate_limited' as const, status: 429, message: 'Rate limit exceeded', retryAfterS: 7, scope: null };
    let calls = 0;
    const timers: { fn: () => void; ms: number }[] = [];
    const rateQueue = new RateQueue({ now: () => Date.now(), setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => undefined });
    const runner = new JobRunner(
      deps({
        rateQueue,
        stream: async (_c, _r, _t, onDelta) => {
          calls++;
          if (calls === 1) throw new GatewayError(limited);
          onDelta('ok');
          return result;
        },
      }),
    );
    await runner.start(20, 'summarize', 'sim-fast');
    await vi.waitFor(async () => expect((await readJob(20))?.status).toBe('rate-limited'));
    const waiting = (await readJob(20))!;
    expect(waiting.queuePosition).toBe(1);
    expect(waiting.retryAt).toBeGreaterThan(Date.now());
    expect(timers.map((timer) => timer.ms)).toEqual([7000]);
    timers[0]!.fn();
    expect(await settled(20)).toMatchObject({ status: 'done', queuePosition: null, retryAt: null });
    expect(calls).toBe(2);
  });

  it('never retries a budget 429', async () => {
    const budget = { kind: 'budget_exceeded' as const, status: 429, message: 'Budget has been exceeded!', retryAfterS: null, scope: { scope: 'key' as const, id: null, spend: 5.01, limit: 5, model: null, window: null } };
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

describe('JobRunner: one session per job', () => {
  it('every call of a job, retries included, carries the job id as its session; another job has its own', async () => {
    const rejected = { kind: 'tags_rejected' as const, status: 400, message: "Client-side 'metadata.tags' not allowed", retryAfterS: null, scope: null };
    const sessions: (string | null | undefined)[] = [];
    const runner = new JobRunner(
      deps({
        stream: async (_c, _r, tags, onDelta) => {
          sessions.push(tags.sessionId);
          if (tags.tags.length > 0) throw new GatewayError(rejected);
          onDelta('ok');
          return result;
        },
      }),
    );
    await runner.start(31, 'summarize', 'sim-fast');
    const first = await settled(31);
    await runner.start(32, 'summarize', 'sim-fast');
    const second = await settled(32);
    expect(sessions).toEqual([first.id, first.id, second.id, second.id]);
    expect(first.id).not.toBe(second.id);
  });
});

describe('JobRunner: guardrails', () => {
  it('notes the guardrails that ran on an answer', async () => {
    const runner = new JobRunner(deps({ stream: async (_c, _r, _t, onDelta) => (onDelta('ok'), { ...result, headers: { ...result.headers, appliedGuardrails: ['pii-mask', 'toxicity'] } }) }));
    await runner.start(41, 'summarize', 'sim-fast');
    expect(await settled(41)).toMatchObject({ status: 'done', guardrails: ['pii-mask', 'toxicity'] });
  });

  it('a 200 with finish_reason content_filter is a block by the guardrail named in the header, not an answer', async () => {
    const runner = new JobRunner(
      deps({
        stream: async (_c, _r, _t, onDelta) => {
          onDelta('Violated content policy');
          return { ...result, text: 'Violated content policy', finishReason: 'content_filter', headers: { ...result.headers, appliedGuardrails: ['pii-mask'] } };
        },
      }),
    );
    await runner.start(42, 'summarize', 'sim-fast');
    expect(await settled(42)).toMatchObject({
      status: 'error',
      text: '',
      problem: { kind: 'guardrail_blocked', status: 200, message: 'Guardrail raised an exception, Guardrail: pii-mask, Message: Violated content policy' },
    });
  });
});

describe('JobRunner: answers cut at the length limit', () => {
  const ending = (finishReason: string) => async (_c: unknown, _r: unknown, _t: unknown, onDelta: (text: string) => void) => {
    onDelta('Hello world');
    return { ...result, finishReason };
  };

  it('an answer that ran out of max_tokens is done, keeps its text, and is marked cut', async () => {
    const runner = new JobRunner(deps({ stream: ending('length') }));
    await runner.start(30, 'summarize', 'sim-fast');
    const job = await settled(30);
    expect(job).toMatchObject({ status: 'done', text: 'Hello world', truncated: true, problem: null });
  });

  it('an answer that finished on its own is not marked, nor is the next job after a cut one', async () => {
    let finishReason = 'length';
    let now = 1_000;
    const runner = new JobRunner(deps({ now: () => now++, stream: async (c, r, t, onDelta) => ending(finishReason)(c, r, t, onDelta) }));
    await runner.start(31, 'summarize', 'sim-fast');
    const cut = await settled(31);
    expect(cut.truncated).toBe(true);
    finishReason = 'stop';
    // retry() has stored the new job before it returns, so `settled` waits for that one.
    const retried = await runner.retry(31);
    expect(retried).toMatchObject({ truncated: false });
    expect(retried?.id).not.toBe(cut.id);
    expect(await settled(31)).toMatchObject({ id: retried?.id, status: 'done', truncated: false });
  });

  it('a retry of a ticket drafted from the Ask conversation redrafts from the conversation, never from the page', async () => {
    const conversation = { ...extracted, kind: 'conversation' as const, text: 'Q: why?\nA: because.' };
    const seen: string[] = [];
    const readsOf: FeatureWork = async (context, material) => {
      seen.push(material.text);
      context.update({ source: { title: material.title, url: material.url, words: 0, kind: material.kind, language: material.lang, pages: null } });
      return { text: 'draft' };
    };
    const extract = vi.fn(async () => extracted);
    const runner = new JobRunner(deps({ work: () => readsOf, extract, conversation: async () => conversation }));
    await runner.start(32, 'jira-draft', 'sim-fast', { surface: 'sidepanel', material: conversation });
    await settled(32);
    const retried = await runner.retry(32);
    expect(await settled(32)).toMatchObject({ id: retried?.id, status: 'done' });
    expect(seen).toEqual([conversation.text, conversation.text]);
    expect(extract).not.toHaveBeenCalled();
  });

  it('a retry of a conversation ticket whose conversation is gone is refused with its reason, not run on the page', async () => {
    const extract = vi.fn(async () => extracted);
    const runner = new JobRunner(deps({ extract, conversation: async () => null }));
    await runner.start(33, 'jira-draft', 'sim-fast', { surface: 'sidepanel', material: { ...extracted, kind: 'conversation' } });
    await settled(33);
    const refused = await runner.retry(33);
    expect(refused).toMatchObject({ feature: 'jira-draft', surface: 'sidepanel', status: 'error', problem: { kind: 'no_conversation' } });
    expect(await readJob(33)).toMatchObject({ status: 'error', problem: { kind: 'no_conversation' } });
    expect(extract).not.toHaveBeenCalled();
  });

  /** Map-reduce's shape: notes on each part (not shown), then one streamed call that writes the summary. */
  const notesThenSummary: FeatureWork = async (context) => {
    const notes = await Promise.all([1, 2, 3].map(() => context.call({ messages: [{ role: 'user', content: 'part' }], maxTokens: 10 })));
    let text = '';
    const final = await context.call({
      messages: [{ role: 'user', content: notes.map((n) => n.text).join('\n') }],
      maxTokens: 10,
      onDelta: (d) => context.update({ status: 'streaming', text: (text += d) }),
    });
    return { text: final.text };
  };
  const notesEnd = (notes: string, summary: string): JobDeps['stream'] => async (_c, request, _t, onDelta) => {
    const isSummary = request.messages[0]?.content !== 'part';
    if (isSummary) onDelta('Summary');
    return { ...result, text: isSummary ? 'Summary' : 'notes', finishReason: isSummary ? summary : notes };
  };

  it('judges the answer on screen: notes cut at their limit do not mark a whole summary', async () => {
    const runner = new JobRunner(deps({ work: () => notesThenSummary, stream: notesEnd('length', 'stop') }));
    await runner.start(32, 'summarize', 'sim-fast');
    expect(await settled(32)).toMatchObject({ status: 'done', text: 'Summary', truncated: false, cost: { calls: 4 } });
  });

  it('a summary whose final combining call ran out of max_tokens is marked cut', async () => {
    const runner = new JobRunner(deps({ work: () => notesThenSummary, stream: notesEnd('stop', 'length') }));
    await runner.start(33, 'summarize', 'sim-fast');
    expect(await settled(33)).toMatchObject({ status: 'done', text: 'Summary', truncated: true, cost: { calls: 4 } });
  });
});

describe('JobRunner: storage refusing a write (issue #15)', () => {
  /** storage.session over its quota: refuses any write whose job text is longer than `limit`, as Chrome does. */
  function quota(limit: number) {
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    return vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementation(async (items: Record<string, unknown>) => {
      const text = Object.values(items).map((value) => (value as { text?: string } | null)?.text ?? '').join('');
      if (text.length > limit) throw new Error('Session storage quota bytes exceeded. Values were not stored.');
      return set(items);
    });
  }

  it('an answer too large to store ends as "storage full" with the text stored so far, and no rejection escapes', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const spy = quota(30);
    try {
      const stream: JobDeps['stream'] = async (_c, _r, _t, onDelta, signal) => {
        for (let i = 0; i < 20 && !signal.aborted; i++) {
          onDelta('0123456789');
          await new Promise((resolve) => setTimeout(resolve, 70));
        }
        return result;
      };
      const runner = new JobRunner(deps({ stream }));
      await runner.start(40, 'summarize', 'sim-fast');
      const job = await settled(40);
      expect(job.status).toBe('error');
      expect(job.problem?.kind).toBe('storage_full');
      expect(job.text.length).toBeGreaterThan(0);
      expect(job.text.length).toBeLessThanOrEqual(30);
      // One macrotask: Node reports an unhandled rejection by then.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(rejections).toEqual([]);
    } finally {
      spy.mockRestore();
      process.off('unhandledRejection', onRejection);
    }
  });
});
