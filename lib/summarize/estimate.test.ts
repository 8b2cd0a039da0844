import { describe, expect, it } from 'vitest';
import { estimateSummary, needsConfirmation } from './estimate';
import { expectedCalls, planSummary } from './map-reduce';
import type { SummaryRequest } from './prompt';

const PRICES = { input_cost_per_token: 1.5e-6, output_cost_per_token: 6e-6 };
const request = (text: string): SummaryRequest => ({ title: 'T', url: 'https://example.com/', text, isSelection: false, language: 'en', length: 'standard', form: 'bullets' });
const longText = Array.from({ length: 400 }, (_, i) => `## Part ${i}\n\nThe gateway meters key ${i} by budget, rate limits and model access, every day.\n`).join('\n');

describe('estimateSummary', () => {
  it('prices one call as its prompt plus a full-length answer', () => {
    const plan = planSummary(request('A short page about budgets.'), { model: { maxInputTokens: 128_000 } });
    if (plan.mode !== 'single') throw new Error('expected one call');
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate).toEqual({
      calls: 1,
      inputTokens: plan.call.promptTokens,
      outputTokens: 600,
      usd: plan.call.promptTokens * 1.5e-6 + 600 * 6e-6,
    });
  });

  it('adds up every map and reduce call of a long document', () => {
    const plan = planSummary(request(longText), { model: { maxInputTokens: 4096 } });
    expect(plan.mode).toBe('map-reduce');
    const calls = expectedCalls(plan);
    const estimate = estimateSummary(plan, PRICES);
    expect(estimate.calls).toBe(calls.length);
    expect(estimate.calls).toBeGreaterThan(plan.coverage.parts);
    expect(estimate.inputTokens).toBeGreaterThan(plan.coverage.tokens);
    expect(estimate.usd).toBeCloseTo(estimate.inputTokens * 1.5e-6 + estimate.outputTokens * 6e-6, 12);
  });

  it('gives no figure without prices', () => {
    const plan = planSummary(request('A short page.'), { model: {} });
    expect(estimateSummary(plan, undefined).usd).toBeNull();
    expect(estimateSummary(plan, { input_cost_per_token: 1e-6, output_cost_per_token: null }).usd).toBeNull();
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
