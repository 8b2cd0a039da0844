// Counts tokens exactly: the o200k table, installed here rather than for every test file (1.2 s each).
import '../../summarize/tokens-bundled';
import { describe, expect, it } from 'vitest';
import type { ChatResult, RequestTags } from '../../gateway/client';
import { GatewayError } from '../../gateway/errors';
import type { ChatRequest } from '../../gateway/wire';
import { RateQueue } from '../../jobs/rate-queue';
import type { Extracted } from '../../extract/result';
import type { Conversation } from './conversation';
import { DEFAULT_SETTINGS } from '../../settings/schema';
import { AskService, type AskDeps, citedParts, partBudget, PART_TOKENS, questionBudget, RETRIEVAL_TOKENS, wholeBatches } from './session';

const page = (url: string, text: string): Extracted => ({ kind: 'page', title: 'Notes', url, lang: 'en', contentType: 'text/html', byline: null, text, method: 'readability' });

function harness(initialUrl: string, text: string, overrides: Partial<AskDeps> = {}) {
  const stored = new Map<number, Conversation>();
  const earlier: Conversation[] = [];
  const calls: { request: ChatRequest; tags: RequestTags }[] = [];
  let url = initialUrl;
  let sessions = 0;
  const deps: AskDeps = {
    now: () => 0,
    newSessionId: () => `session-${++sessions}`,
    read: async (tabId) => stored.get(tabId) ?? null,
    write: async (c) => void stored.set(c.tabId, structuredClone(c)),
    keepEarlier: async (c) => void earlier.unshift(c),
    tabUrl: async () => url,
    extract: async () => page(url, text),
    summary: async () => null,
    exactTokens: async () => undefined,
    connection: async () => ({ root: 'http://gw.test', key: 'sk-x' }),
    admission: async () => null,
    contextTokens: async () => null,
    promptCaching: async () => null,
    settings: async () => DEFAULT_SETTINGS,
    estimate: async (_model, promptTokens, answerTokens) => promptTokens * 1e-6 + answerTokens * 4e-6,
    tags: async () => ({ tags: ['gateway-assistant:ask'], user: 'ann' }),
    tagsRejected: async () => undefined,
    async stream(_conn, request, tags, onDelta) {
      calls.push({ request, tags });
      const text = `Answer ${calls.length} [1].`;
      onDelta(text);
      return { text, usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }, headers: { responseCost: 0.01, keySpend: null, keyMaxBudget: null, callId: null }, finishReason: 'stop' } as ChatResult;
    },
    settle: async (_model, result) => result.headers.responseCost,
  };
  const merged = { ...deps, ...overrides };
  return { deps: merged, service: new AskService(merged), stored, earlier, calls, moveTo: (next: string) => void (url = next) };
}

describe('AskService', () => {
  it('a rate-limited question waits its turn in the shared line, showing its position, and is answered', async () => {
    const rateQueue = new RateQueue();
    const writes: Conversation[] = [];
    const stored = new Map<number, Conversation>();
    let limitedOnce = false;
    const ok = (text: string) => ({ text, usage: null, headers: { responseCost: 0.01, keySpend: null, keyMaxBudget: null, callId: null, appliedGuardrails: [] }, finishReason: 'stop' }) as ChatResult;
    const { service } = harness('https://a.test/doc', 'The budget resets monthly.', {
      rateQueue,
      now: () => Date.now(),
      read: async (tabId) => stored.get(tabId) ?? null,
      write: async (c) => {
        writes.push(structuredClone(c));
        stored.set(c.tabId, structuredClone(c));
      },
      async stream(_conn, _request, _tags, onDelta) {
        if (!limitedOnce) {
          limitedOnce = true;
          throw new GatewayError({ kind: 'rate_limited', status: 429, message: 'Rate limit reached', retryAfterS: 0.05, scope: null });
        }
        onDelta('Monthly.');
        return ok('Monthly.');
      },
    });
    await service.open(7, false);
    await service.open(8, false);
    const first = service.ask(7, 'When does the budget reset?', 'gpt-4o-mini');
    // Tab 8 asks while tab 7's refused call holds the gate closed: it waits behind it.
    await expect.poll(() => limitedOnce).toBe(true);
    const second = service.ask(8, 'And the keys?', 'gpt-4o-mini');
    await Promise.all([first, second]);
    expect(writes.some((c) => c.tabId === 8 && c.turns.at(-1)?.status === 'waiting' && c.turns.at(-1)?.queuePosition === 2)).toBe(true);
    expect([stored.get(7), stored.get(8)].map((c) => [c?.turns.at(-1)?.status, c?.turns.at(-1)?.answer, c?.turns.at(-1)?.problem])).toEqual([
      ['done', 'Monthly.', null],
      ['done', 'Monthly.', null],
    ]);
  });

  it('searches the whole document only with the figures the person agreed to, and refuses other figures or none', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `## Part ${i}\n\n${'Budgets reset monthly and keys expire yearly. '.repeat(60)}`).join('\n\n');
    const { service, calls, stored } = harness('https://a.test/doc', text, { contextTokens: async () => 8000 });
    await service.open(7, false);
    await service.ask(7, 'When does the budget reset?', 'gpt-4o-mini');
    const estimate = (await service.wholeEstimate(7, 'gpt-4o-mini'))!;
    expect(estimate.calls).toBeGreaterThan(2);
    const asked = calls.length;
    await service.searchWhole(7, 'gpt-4o-mini', { calls: estimate.calls - 1, inputTokens: estimate.inputTokens });
    expect(stored.get(7)!.turns.at(-1)).toMatchObject({ whole: true, status: 'error', problem: { kind: 'estimate_changed' } });
    await service.searchWhole(7, 'gpt-4o-mini', { calls: estimate.calls, inputTokens: estimate.inputTokens + 1 });
    expect(stored.get(7)!.turns.at(-1)).toMatchObject({ status: 'error', problem: { kind: 'estimate_changed' } });
    await service.searchWhole(7, 'gpt-4o-mini', {} as never);
    expect(stored.get(7)!.turns.at(-1)).toMatchObject({ status: 'error', problem: { kind: 'estimate_changed' } });
    expect(calls.length).toBe(asked);
    await service.searchWhole(7, 'gpt-4o-mini', { calls: estimate.calls, inputTokens: estimate.inputTokens });
    expect(stored.get(7)!.turns.at(-1)).toMatchObject({ whole: true, status: 'done' });
    expect(calls.length).toBe(asked + estimate.calls);
  });

  it('refuses to search the whole document in more parts than the organization allows per job', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `## Part ${i}\n\n${'Budgets reset monthly and keys expire yearly. '.repeat(60)}`).join('\n\n');
    const { service, calls, stored } = harness('https://a.test/doc', text, { contextTokens: async () => 8000, settings: async () => ({ ...DEFAULT_SETTINGS, maxPartsPerJob: 1 }) });
    await service.open(7, false);
    await service.ask(7, 'When does the budget reset?', 'gpt-4o-mini');
    const estimate = (await service.wholeEstimate(7, 'gpt-4o-mini'))!;
    // Named with the estimate, before the person is asked to pay; and refused by the worker whatever the page sends.
    expect(estimate.problem).toMatchObject({ kind: 'too_many_parts', message: `${estimate.calls - 1}/1` });
    const asked = calls.length;
    await service.searchWhole(7, 'gpt-4o-mini', { calls: estimate.calls, inputTokens: estimate.inputTokens });
    expect(stored.get(7)!.turns.at(-1)).toMatchObject({ whole: true, status: 'error', problem: { kind: 'too_many_parts', message: `${estimate.calls - 1}/1` } });
    expect(calls.length).toBe(asked);
  });

  it('makes one suggestion call for a tab however often it is asked while it runs', async () => {
    let finish = () => undefined as void;
    let suggestCalls = 0;
    const { service, stored } = harness('https://a.test/doc', 'The budget resets monthly. Keys expire.', {
      async stream() {
        suggestCalls += 1;
        await new Promise<void>((resolve) => (finish = resolve));
        return { text: '1. When does the budget reset?\n2. When do keys expire?', usage: null, headers: { responseCost: 0.01, keySpend: null, keyMaxBudget: null, callId: null, appliedGuardrails: [] }, finishReason: 'stop' } as ChatResult;
      },
    });
    await service.open(7, false);
    const first = service.suggest(7, 'gpt-4o-mini');
    const second = service.suggest(7, 'gpt-4o-mini');
    await expect.poll(() => suggestCalls).toBe(1);
    finish();
    expect(await Promise.all([first, second])).toEqual([null, null]);
    expect(suggestCalls).toBe(1);
    expect(stored.get(7)!.suggestions?.questions.length).toBeGreaterThan(0);
    // Once it is over, asking again is the stored conversation's business (it has suggestions): still no call.
    await service.suggest(7, 'gpt-4o-mini');
    expect(suggestCalls).toBe(1);
  });

  it('a follow-up carries the earlier turn, and every turn the same session id and the ask tag', async () => {
    const { service, calls, stored } = harness('https://a.test/doc', 'The budget resets monthly. Keys expire.');
    await service.open(7, false);
    await service.ask(7, 'When does the budget reset?', 'gpt-4o-mini');
    await service.ask(7, 'And the keys?', 'gpt-4o-mini');
    expect(calls).toHaveLength(2);
    const second = calls[1]!.request.messages.map((m) => m.content);
    expect(second[2]).toBe('When does the budget reset?');
    expect(second[3]).toBe('Answer 1 [1].');
    expect(String(second.at(-1))).toMatch(/Question: And the keys\?$/);
    expect(calls.map((c) => c.tags.sessionId)).toEqual(['session-1', 'session-1']);
    expect(calls[0]!.tags.tags).toEqual(['gateway-assistant:ask']);
    const conversation = stored.get(7)!;
    expect(conversation.turns.map((t) => [t.status, t.cost])).toEqual([
      ['done', 0.01],
      ['done', 0.01],
    ]);
  });

  it('a document that does not fit carries the summary the person made earlier; one that fits is sent whole without asking for it', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} tells of gateway budgets, keys and teams in some detail.`).join('\n\n');
    const asked: string[] = [];
    const summary = async (_tabId: number, url: string) => (asked.push(url), 'SUMMARY: budgets reset monthly.');
    const { service, calls, stored } = harness('https://a.test/long', long, { contextTokens: async () => 4096, summary });
    await service.open(7, false);
    await service.ask(7, 'When do budgets reset?', 'm');
    const material = String(calls[0]!.request.messages[1]!.content);
    expect(asked).toEqual(['https://a.test/long']);
    expect(material).toContain('A summary of the whole document, made earlier');
    expect(material).toContain('SUMMARY: budgets reset monthly.');
    // The summary sits inside its own data block, after the parts' block.
    expect(material.lastIndexOf('<document>')).toBeLessThan(material.indexOf('SUMMARY:'));
    expect(stored.get(7)!.turns[0]!.withSummary).toBe(true);

    const short = harness('https://a.test/short', 'Budgets reset monthly.', { summary });
    await short.service.open(8, false);
    await short.service.ask(8, 'When?', 'm');
    expect(asked).toHaveLength(1);
    expect(String(short.calls[0]!.request.messages[1]!.content)).not.toContain('SUMMARY');
    expect(short.stored.get(8)!.turns[0]!.withSummary).toBe(false);
  });

  it('keeps the conversation while the tab shows the same document, and on another starts anew with the old one kept as earlier', async () => {
    const { service, moveTo, earlier } = harness('https://a.test/doc', 'Text.');
    const first = await service.open(7, false);
    await service.ask(7, 'q?', 'm');
    moveTo('https://a.test/doc#section');
    expect((await service.open(7, false)).turns).toHaveLength(1);
    expect(earlier).toEqual([]);
    moveTo('https://a.test/other');
    const next = await service.open(7, false);
    expect(next.turns).toEqual([]);
    expect(next.sessionId).not.toBe(first.sessionId);
    expect(next.url).toBe('https://a.test/other');
    expect(earlier.map((c) => [c.sessionId, c.url, c.turns[0]?.question])).toEqual([[first.sessionId, 'https://a.test/doc', 'q?']]);
  });

  it('asking about the selection, then about the whole page, starts a conversation for each', async () => {
    const { service } = harness('https://a.test/doc', 'Text.', {
      extract: async (_tabId, selection) => ({ ...page('https://a.test/doc', 'Text.'), kind: selection ? 'selection' : 'page' }),
    });
    expect((await service.open(7, true)).document?.kind).toBe('selection');
    expect((await service.open(7, true)).sessionId).toBe('session-1');
    const whole = await service.open(7, false);
    expect(whole.document?.kind).toBe('page');
    expect(whole.sessionId).toBe('session-2');
  });

  it('retry replaces the last answer instead of adding a turn', async () => {
    const { service, stored } = harness('https://a.test/doc', 'Text.');
    await service.open(7, false);
    await service.ask(7, 'q?', 'm');
    await service.retry(7, 'm');
    expect(stored.get(7)!.turns.map((t) => t.answer)).toEqual(['Answer 2 [1].']);
  });

  it('records a refusal as the turn’s problem without calling the gateway', async () => {
    const refused = { kind: 'budget_exceeded' as const, status: 400, message: 'over', retryAfterS: null, scope: null };
    const { service, calls, stored } = harness('https://a.test/doc', 'Text.', { admission: async () => refused });
    await service.open(7, false);
    await service.ask(7, 'q?', 'm');
    expect(calls).toHaveLength(0);
    expect(stored.get(7)!.turns[0]).toMatchObject({ status: 'error', problem: { kind: 'budget_exceeded' } });
  });
});

describe('an answer cut off by a worker restart', () => {
  it('streams the answer to the pages as added text and writes it to storage about once a second; Stop keeps the text the pages saw', async () => {
    let clock = 0;
    const writes: Conversation[] = [];
    const published: { status?: string; answer?: string }[] = [];
    const deltas: string[] = [];
    let release: () => void = () => undefined;
    const pieces = Array.from({ length: 30 }, (_, i) => `w${i} `);
    const { service, stored } = harness('https://a.test/doc', 'The budget resets monthly.', {
      now: () => clock,
      write: async (c) => {
        writes.push(structuredClone(c));
        stored.set(c.tabId, structuredClone(c));
      },
      published: (c) => published.push({ status: c.turns.at(-1)?.status, answer: c.turns.at(-1)?.answer }),
      streamed: (_tabId, delta) => deltas.push(delta.text),
      async stream(_conn, _request, _tags, onDelta, signal) {
        // 30 pieces, 100 ms apart on the worker's clock; then it waits until released or stopped.
        for (const piece of pieces) {
          onDelta(piece);
          clock += 100;
        }
        await new Promise<void>((resolve) => {
          release = resolve;
          signal.addEventListener('abort', () => resolve());
        });
        if (signal.aborted) throw signal.reason;
        return { text: pieces.join(''), usage: null, headers: { responseCost: 0.01, keySpend: null, keyMaxBudget: null, callId: null, appliedGuardrails: [] }, finishReason: 'stop' } as ChatResult;
      },
    });
    await service.open(5, false);
    const writesBefore = writes.length;
    published.length = 0;
    const answered = service.ask(5, 'When?', 'gpt-4o-mini');
    await expect.poll(() => deltas.length).toBe(29);
    // The first piece came with the streaming state, whole; the rest as added text, in order.
    expect(published.map((p) => p.status)).toEqual(['waiting', 'waiting', 'streaming']);
    expect(published.at(-1)?.answer).toBe('w0 ');
    expect(deltas.join('')).toBe(pieces.slice(1).join(''));
    // 3 s of answer: the states (waiting, the parts chosen, the first text) and about one write a second, not one per piece.
    const streamingWrites = writes.slice(writesBefore).filter((c) => c.turns.at(-1)?.status === 'streaming');
    expect(streamingWrites.length).toBeGreaterThanOrEqual(2);
    expect(streamingWrites.length).toBeLessThanOrEqual(4);
    const storedAnswer = stored.get(5)!.turns.at(-1)!.answer;
    expect(storedAnswer.length).toBeLessThan(pieces.join('').length);
    // Stop while storage is behind: the stopped turn keeps everything the pages were shown.
    const stopped = await service.stop(5);
    await answered;
    expect(stopped?.turns.at(-1)).toMatchObject({ status: 'stopped', answer: pieces.join('') });
    expect(stored.get(5)!.turns.at(-1)).toMatchObject({ status: 'stopped', answer: pieces.join('') });
    release();
  });

  it('is reported as interrupted when the panel opens under a new worker, so the person can retry', async () => {
    const first = harness('https://a.test/doc', 'Text.');
    await first.service.open(7, false);
    const conversation = first.stored.get(7)!;
    first.stored.set(7, { ...conversation, turns: [{ question: 'q?', answer: 'half', status: 'streaming', problem: null, model: 'm', cost: null, usedParts: [1] }] });
    // A new worker: a new service over the same storage.
    const restarted = new AskService(first.deps);
    const reopened = await restarted.open(7, false);
    expect(reopened.turns[0]).toMatchObject({ status: 'error', answer: 'half', problem: { kind: 'interrupted' } });
    expect(first.stored.get(7)!.turns[0]!.status).toBe('error');
  });
});

describe('partBudget', () => {
  it('leaves room for the history and the answer, never less than one part', () => {
    expect(partBudget(8_000, 0)).toBeLessThan(8_000);
    expect(partBudget(8_000, 1_000)).toBe(partBudget(8_000, 0) - 1_000);
    expect(partBudget(1_000, 5_000)).toBe(PART_TOKENS);
  });
});

describe('questionBudget', () => {
  it('sends a document that fits whole, and of one that does not only retrieval’s share, however large the window', () => {
    const parts = (n: number) => Array.from({ length: n }, () => ({ tokens: PART_TOKENS }));
    expect(questionBudget(parts(10), 128_000, 0)).toBe(partBudget(128_000, 0));
    expect(questionBudget(parts(1_000), 128_000, 0)).toBe(RETRIEVAL_TOKENS);
    expect(questionBudget(parts(1_000), 4_096, 0)).toBe(partBudget(4_096, 0));
  });
});

describe('wholeBatches and citedParts', () => {
  it('covers every part once, in order, each run within the budget', () => {
    const parts = [100, 200, 150, 300, 50].map((tokens, i) => ({ id: i + 1, tokens }));
    expect(wholeBatches(parts, 350)).toEqual([[1, 2], [3], [4, 5]]);
  });

  it('keeps only parts whose passage backs a claim, most cited first', () => {
    const parts = [
      { id: 1, text: 'The budget resets monthly.', tokens: 5 },
      { id: 2, text: 'Keys expire after ninety days.', tokens: 5 },
    ];
    expect(citedParts(['Keys expire after ninety days [2].', 'The budget resets monthly [1]. Keys expire after ninety days [2]. Cheese [1].'], parts)).toEqual([2, 1]);
  });
});
