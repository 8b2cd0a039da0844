/**
 * Key status from the gateway: /key/info, /v1/models and /v1/model/info together, saved for the
 * popup's instant paint. A gateway without /key/info (plain OpenAI-compatible) still works:
 * the budget is then "not reported".
 */
import { updateBudget } from '../budget/store';
import { catalogItem } from '../storage/items';
import { budgetFromKeyInfo, UNREPORTED_BUDGET, type BudgetState } from '../budget/state';
import { type GatewayConnection, getKeyInfo, getModelInfo, getModels } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import type { ModelInfoEntry } from '../gateway/wire';
import type { ConnectionTest } from '../messaging';
import { pageProblem, type Problem } from '../errors/problem';

/**
 * The budget from /key/info, as a change to the stored one: combined with the latest stored value
 * when it is written (budgetFromKeyInfo keeps an answer's newer spend), not with a value read
 * before the network round trip, which a call settling meanwhile would have made stale.
 */
type BudgetFrom = (previous: BudgetState | null) => BudgetState;

const unmetered = (error: GatewayError) => (error.failure.status === 404 || error.failure.status === 405) && error.failure.kind !== 'invalid_key';
const noDatabase = (error: GatewayError) => error.failure.status === 500 && /Database not connected/i.test(error.failure.message);

async function keyBudget(conn: GatewayConnection): Promise<BudgetFrom> {
  try {
    const { info } = await getKeyInfo(conn);
    return (previous) => budgetFromKeyInfo(info, previous, Date.now());
  } catch (error) {
    // Only "this route does not exist" or a LiteLLM without a database (master key only, so no
    // virtual keys and no budgets: dev/litellm/README.md) mean an unmetered gateway; a refused key must surface.
    if (error instanceof GatewayError && (unmetered(error) || noDatabase(error))) {
      return () => ({ ...UNREPORTED_BUDGET, updatedAt: Date.now() });
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

export async function fetchStatus(conn: GatewayConnection): Promise<{ budgetFrom: BudgetFrom; models: string[]; info: ModelInfoEntry[] }> {
  const [budgetFrom, models, info] = await Promise.all([keyBudget(conn), getModels(conn), modelInfo(conn)]);
  return { budgetFrom, models: models.data.map((m) => m.id), info };
}

function toProblem(error: unknown): Problem {
  return error instanceof GatewayError ? error.failure : pageProblem('internal', error instanceof Error ? error.message : String(error));
}

/** For the options page's "Test connection": reads, saves nothing. */
export async function testConnection(conn: GatewayConnection | null): Promise<ConnectionTest> {
  if (!conn) return { ok: false, problem: pageProblem('not_configured') };
  try {
    const { budgetFrom, models } = await fetchStatus(conn);
    return { ok: true, budget: budgetFrom(null), models };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}

/** Refreshes the cached budget and models the popup shows. */
export async function refreshStatus(conn: GatewayConnection | null): Promise<ConnectionTest> {
  if (!conn) return { ok: false, problem: pageProblem('not_configured') };
  try {
    const { budgetFrom, models, info } = await fetchStatus(conn);
    const [budget] = await Promise.all([updateBudget(budgetFrom), catalogItem.setValue({ models, info, updatedAt: Date.now() })]);
    return { ok: true, budget, models };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}
