import { describe, expect, it } from 'vitest';
import type { CallHeaders } from '../gateway/client';
import { budgetAfterCall, UNREPORTED_BUDGET } from './state';
import { budgetItem } from '../storage/items';
import { readBudget, updateBudget } from './store';

// A stream's headers carry the pre-call spend (contract §6); with none, each call adds its own cost.
const noHeaders: CallHeaders = { responseCost: null, keySpend: null, keyMaxBudget: null, callId: null, appliedGuardrails: [] };

describe('updateBudget', () => {
  it('four calls settling at once each add their cost: none is lost', async () => {
    await budgetItem.setValue({ ...UNREPORTED_BUDGET, reported: true, spend: 1, maxBudget: 5 });
    const costs = [0.01, 0.02, 0.03, 0.04];
    await Promise.all(costs.map((cost, n) => updateBudget((latest) => budgetAfterCall(latest ?? UNREPORTED_BUDGET, noHeaders, cost, true, 1_000 + n, 'sim-fast'))));
    expect((await readBudget())?.spend).toBeCloseTo(1.1, 12);
  });

  it('hands each change the value the one before it wrote, and answers with what it wrote', async () => {
    const seen: (number | null)[] = [];
    const spendTo = (spend: number) => (latest: Awaited<ReturnType<typeof readBudget>>) => {
      seen.push(latest?.spend ?? null);
      return { ...UNREPORTED_BUDGET, spend };
    };
    const written = await Promise.all([updateBudget(spendTo(1)), updateBudget(spendTo(2)), updateBudget(() => null), updateBudget(spendTo(3))]);
    expect(seen).toEqual([null, 1, null]);
    expect(written.map((budget) => budget?.spend ?? null)).toEqual([1, 2, null, 3]);
    expect((await readBudget())?.spend).toBe(3);
  });

  it('a change that throws leaves the stored budget as it was, and later changes still run', async () => {
    await budgetItem.setValue({ ...UNREPORTED_BUDGET, spend: 2 });
    const failed = updateBudget(() => {
      throw new Error('bad headers');
    });
    const next = updateBudget((latest) => ({ ...UNREPORTED_BUDGET, spend: (latest?.spend ?? 0) + 1 }));
    await expect(failed).rejects.toThrow('bad headers');
    await expect(next).resolves.toMatchObject({ spend: 3 });
  });
});
