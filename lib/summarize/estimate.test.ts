// Counts tokens exactly: the o200k table, installed here rather than for every test file (1.2 s each).
import './tokens-bundled';
import { describe, expect, it } from 'vitest';
import { estimateSummary, needsConfirmation, needsSizeConfirmation, SIZE_CONFIRM_CALLS, SIZE_CONFIRM_INPUT_TOKENS, TYPICAL_ANSWER_TOKENS } from './estimate';
import { expectedCalls, planSummary } from './map-reduce';
import { ANSWER_TOKENS, type SummaryRequest } from './prompt';

const PRICES = { input_cost_per_token: 1.5e-6, output_cost_per_token: 6e-6 };
const request = (text: string): SummaryRequest => ({ title: 'T', url: 'https://example.com/', text, isSelection: false, language: 'en', length: 'standard', form: 'bullets' });
const longText = Array.from({ length: 400 }, (_, i) => `## Part ${i}\n\nThe gateway meters key ${i} by budget, rate limits and model access, every day.\n`).join('\n');

describe('estimateSummary', () => {
  it('prices one call as its prompt plus a typical answer, and at most its prompt plus a full-length answer', () => {
    const plan = planSummary(request('A short page about budgets.'), { model: { maxInputTokens: 128_000 } });
    if (plan.mode !== 'single') throw new Error('expected one call');
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate).toEqual({
      calls: 1,
      inputTokens: plan.call.promptTokens,
      outputTokens: 600,
      usd: plan.call.promptTokens * 1.5e-6 + 350 * 6e-6,
      maxUsd: plan.call.promptTokens * 1.5e-6 + 600 * 6e-6,
    });
  });

  it('expects the answer length the person chose', () => {
    for (const length of ['short', 'standard', 'detailed'] as const) {
      const plan = planSummary({ ...request('A short page.'), length }, { model: {} });
      if (plan.mode !== 'single') throw new Error('expected one call');
      expect(estimateSummary(plan, PRICES).usd, length).toBeCloseTo(plan.call.promptTokens * 1.5e-6 + TYPICAL_ANSWER_TOKENS[length] * 6e-6, 12);
    }
    expect(TYPICAL_ANSWER_TOKENS.short).toBeLessThan(ANSWER_TOKENS.short);
    expect(TYPICAL_ANSWER_TOKENS.standard).toBeLessThan(ANSWER_TOKENS.standard);
    expect(TYPICAL_ANSWER_TOKENS.detailed).toBeLessThan(ANSWER_TOKENS.detailed);
  });

  it("expects an action's answer to use all its room: its prompt asks for no length", () => {
    const plan = planSummary({ ...request('A short page.'), task: { instructions: 'Translate the page into Japanese.', maxTokens: 3000 } }, { model: {} });
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate.outputTokens).toBe(3000);
    expect(estimate.usd).toBe(estimate.maxUsd);
  });

  it('never expects more answer than the model may write', () => {
    const plan = planSummary(request('A short page.'), { model: { maxOutputTokens: 200 } });
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate.outputTokens).toBe(200);
    expect(estimate.usd).toBe(estimate.maxUsd);
  });

  it('adds up every map and reduce call of a long document', () => {
    const plan = planSummary(request(longText), { model: { maxInputTokens: 4096 } });
    expect(plan.mode).toBe('map-reduce');
    const calls = expectedCalls(plan);
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate.calls).toBe(calls.length);
    expect(estimate.calls).toBeGreaterThan(plan.coverage.parts);
    expect(estimate.inputTokens).toBeGreaterThan(plan.coverage.tokens);
    expect(estimate.maxUsd).toBeCloseTo(estimate.inputTokens * 1.5e-6 + estimate.outputTokens * 6e-6, 12);
    const typicalOutput = calls.reduce((sum, call) => sum + Math.min(TYPICAL_ANSWER_TOKENS.standard, call.maxTokens), 0);
    expect(estimate.usd).toBeCloseTo(estimate.inputTokens * 1.5e-6 + typicalOutput * 6e-6, 12);
  });

  it('gives no figure without prices', () => {
    const plan = planSummary(request('A short page.'), { model: {} });
    expect(estimateSummary(plan, undefined)).toMatchObject({ usd: null, maxUsd: null });
    expect(estimateSummary(plan, { input_cost_per_token: 1e-6, output_cost_per_token: null })).toMatchObject({ usd: null, maxUsd: null });
  });
});

describe('asking first, on the expected cost', () => {
  // List prices of a top-tier model: $15 per million tokens in, $75 out.
  const EXPENSIVE = { input_cost_per_token: 1.5e-5, output_cost_per_token: 7.5e-5 };
  const plentyLeft = 4;

  it('a 339-token page on an expensive model does not ask, though its most possible cost is above $0.05', () => {
    const page = 'The gateway meters each key by its budget, its rate limits and the models it may use. '.repeat(18).split(' ').slice(0, 304).join(' ');
    const plan = planSummary(request(page), { model: { maxInputTokens: 200_000, maxOutputTokens: 8192 } });
    expect(plan.coverage.tokens).toBe(339);
    const estimate = estimateSummary(plan, EXPENSIVE);
    // Priced at max_tokens, as before, it would have asked.
    expect(needsConfirmation(estimate.maxUsd!, plentyLeft)).toBe(true);
    expect(needsConfirmation(estimate.usd!, plentyLeft)).toBe(false);
  });

  it('a long document on the same model still asks', () => {
    const plan = planSummary(request(longText), { model: { maxInputTokens: 4096 } });
    const estimate = estimateSummary(plan, EXPENSIVE);
    expect(needsConfirmation(estimate.usd!, plentyLeft)).toBe(true);
    expect(estimate.usd!).toBeLessThan(estimate.maxUsd!);
  });
});

describe('needsConfirmation', () => {
  it('asks above $0.05 when plenty is left', () => {
    expect(needsConfirmation(0.051, 100)).toBe(true);
    expect(needsConfirmation(0.05, 100)).toBe(false);
  });

  it('asks above 10% of what is left when that is lower', () => {
    expect(needsConfirmation(0.03, 0.2)).toBe(true);
    expect(needsConfirmation(0.01, 0.2)).toBe(false);
  });

  it('uses the threshold alone without a budget, and asks for anything when nothing is left', () => {
    expect(needsConfirmation(0.04, null)).toBe(false);
    expect(needsConfirmation(0.06, null)).toBe(true);
    expect(needsConfirmation(0.0001, 0)).toBe(true);
    expect(needsConfirmation(0.0001, -1)).toBe(true);
  });

  it('takes other thresholds and fractions', () => {
    expect(needsConfirmation(0.5, 100, 1, 0.001)).toBe(true);
    expect(needsConfirmation(0.05, 100, 1, 0.001)).toBe(false);
  });
});

describe('needsSizeConfirmation: the question when the model has no price (#15)', () => {
  it('asks before a fan-out of many calls or many input tokens, not before an ordinary page', () => {
    const small = estimateSummary(planSummary(request('A short page about budgets.'), { model: { maxInputTokens: 128_000 } }), undefined);
    expect(small.usd).toBeNull();
    expect(needsSizeConfirmation(small)).toBe(false);
    const fanOut = estimateSummary(planSummary(request(longText.repeat(3)), { model: { maxInputTokens: 4096, maxOutputTokens: 1024 } }), undefined);
    expect(fanOut.calls).toBeGreaterThan(SIZE_CONFIRM_CALLS);
    expect(needsSizeConfirmation(fanOut)).toBe(true);
    expect(needsSizeConfirmation({ calls: 1, inputTokens: SIZE_CONFIRM_INPUT_TOKENS + 1 })).toBe(true);
    expect(needsSizeConfirmation({ calls: SIZE_CONFIRM_CALLS, inputTokens: SIZE_CONFIRM_INPUT_TOKENS })).toBe(false);
  });
});
