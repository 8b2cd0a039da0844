/**
 * Key status from the gateway: /key/info, /v1/models and /v1/model/info together, saved for the
 * popup's instant paint. A gateway without /key/info (plain OpenAI-compatible) still works:
 * the budget is then "not reported".
 */
import { budgetItem, catalogItem, readBudget } from '../budget/store';
import { budgetFromKeyInfo, UNREPORTED_BUDGET, type BudgetState } from '../budget/state';
import { type GatewayConnection, getKeyInfo, getModelInfo, getModels } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import type { ModelInfoEntry } from '../gateway/wire';
import type { ConnectionTest } from '../messaging';
import { pageProblem, type Problem } from '../errors/problem';

async function keyBudget(conn: GatewayConnection, previous: BudgetState | null): Promise<BudgetState> {
  try {
    const { info } = await getKeyInfo(conn);
    return budgetFromKeyInfo(info, previous, Date.now());
  } catch (error) {
    // Only "this route does not exist" means an unmetered gateway; a refused key must surface.
    if (error instanceof GatewayError && (error.failure.status === 404 || error.failure.status === 405) && error.failure.kind !== 'invalid_key') {
      return { ...UNREPORTED_BUDGET, updatedAt: Date.now() };
    }
    throw error;
  }
}

async function modelInfo(conn: GatewayConnection): Promise<ModelInfoEntry[]> {
  try {
    return (await getModelInfo(conn)).data;
  } catch {
    // Prices are a nicety: without them costs show as "not reported", nothing else breaks.
    return [];
  }
}

export async function fetchStatus(conn: GatewayConnection, previous: BudgetState | null): Promise<{ budget: BudgetState; models: string[]; info: ModelInfoEntry[] }> {
  const [budget, models, info] = await Promise.all([keyBudget(conn, previous), getModels(conn), modelInfo(conn)]);
  return { budget, models: models.data.map((m) => m.id), info };
}

function toProblem(error: unknown): Problem {
  return error instanceof GatewayError ? error.failure : pageProblem('internal', error instanceof Error ? error.message : String(error));
}

/** For the options page's "Test connection": reads, saves nothing. */
export async function testConnection(conn: GatewayConnection | null): Promise<ConnectionTest> {
  if (!conn) return { ok: false, problem: pageProblem('not_configured') };
  try {
    const { budget, models } = await fetchStatus(conn, null);
    return { ok: true, budget, models };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}

/** Refreshes the cached budget and models the popup shows. */
export async function refreshStatus(conn: GatewayConnection | null): Promise<ConnectionTest> {
  if (!conn) return { ok: false, problem: pageProblem('not_configured') };
  try {
    const { budget, models, info } = await fetchStatus(conn, await readBudget());
    await Promise.all([budgetItem.setValue(budget), catalogItem.setValue({ models, info, updatedAt: Date.now() })]);
    return { ok: true, budget, models };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}
