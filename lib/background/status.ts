/**
 * Key status from the gateway: /key/info, /v1/models and /v1/model/info together, saved for the
 * popup's instant paint. A gateway without /key/info (plain OpenAI-compatible) still works:
 * the budget is then "not reported".
 */
import { readBudget, readCatalog, updateBudget } from '../budget/store';
import { catalogItem } from '../storage/items';
import { budgetFromKeyInfo, type BudgetScope, UNREPORTED_BUDGET, type BudgetState } from '../budget/state';
import { type GatewayConnection, getKeyInfo, getModelInfo, getModels, getTeamInfo, getUserInfo } from '../gateway/client';
import { GatewayError } from '../gateway/errors';
import type { KeyInfo, ModelInfoEntry } from '../gateway/wire';
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

/**
 * A self-info route this key may not read (addendum §2: 403 for another team or an llm_api key,
 * 404 for a key with no user) answers null: the budget exists but is not visible to this key, and
 * nothing else about the status fails.
 */
async function readable<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof GatewayError) return null;
    throw error;
  }
}

const hidden = (scope: 'team' | 'user', id: string): BudgetScope => ({
  scope,
  id,
  name: null,
  window: null,
  model: null,
  visible: false,
  spend: null,
  limit: null,
  resetAt: null,
  reportedSpend: null,
});

/**
 * The team's budget and the person's share of it, or, for a key without a team, the internal
 * user's budget: LiteLLM checks the user's only for keys without a team (addendum §1 step 11).
 */
async function sharedScopes(conn: GatewayConnection, info: KeyInfo): Promise<BudgetScope[]> {
  const base = { window: null, model: null, visible: true } as const;
  if (info.team_id) {
    const team = await readable(() => getTeamInfo(conn, info.team_id!));
    if (!team) return [hidden('team', info.team_id)];
    const { spend, max_budget, budget_reset_at, team_alias } = team.team_info;
    const scopes: BudgetScope[] = [
      { ...base, scope: 'team', id: team.team_id, name: team_alias ?? null, spend, limit: max_budget ?? null, resetAt: budget_reset_at ?? null, reportedSpend: spend },
    ];
    const member = team.team_memberships.find((m) => m.user_id === info.user_id);
    if (member?.litellm_budget_table?.max_budget != null) {
      const table = member.litellm_budget_table;
      scopes.push({ ...base, scope: 'team_member', id: team.team_id, name: team_alias ?? null, spend: member.spend, limit: table.max_budget ?? null, resetAt: table.budget_reset_at ?? null, reportedSpend: member.spend });
    }
    return scopes;
  }
  if (!info.user_id) return [];
  const user = await readable(() => getUserInfo(conn));
  if (!user) return [hidden('user', info.user_id)];
  const { spend, max_budget, budget_reset_at } = user.user_info;
  return [{ ...base, scope: 'user', id: user.user_id, name: null, spend, limit: max_budget ?? null, resetAt: budget_reset_at ?? null, reportedSpend: spend }];
}

async function keyBudget(conn: GatewayConnection): Promise<BudgetFrom> {
  try {
    const { info } = await getKeyInfo(conn);
    const others = await sharedScopes(conn, info);
    return (previous) => budgetFromKeyInfo(info, previous, Date.now(), others);
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

async function fetchCatalog(conn: GatewayConnection): Promise<{ models: string[]; info: ModelInfoEntry[] }> {
  const [models, info] = await Promise.all([getModels(conn), modelInfo(conn)]);
  return { models: models.data.map((m) => m.id), info };
}

export async function fetchStatus(conn: GatewayConnection): Promise<{ budgetFrom: BudgetFrom; models: string[]; info: ModelInfoEntry[] }> {
  const [budgetFrom, catalog] = await Promise.all([keyBudget(conn), fetchCatalog(conn)]);
  return { budgetFrom, ...catalog };
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

/**
 * How long stored figures stand when a page opens (issue #17): the budget is read from /key/info
 * at most once a minute (an answer's headers also move it, for free), the models and their prices
 * at most every five minutes. An action that needs the gateway's word (a refusal for the budget,
 * saving a new key) refreshes without `ifStale`.
 */
const BUDGET_FRESH_MS = 60_000;
const CATALOG_FRESH_MS = 5 * 60_000;

interface RefreshOptions {
  /** Only what is older than its freshness: nothing is requested when both are recent. */
  ifStale?: boolean;
  now?: number;
}

/** Refreshes the cached budget and models the popup shows. */
export async function refreshStatus(conn: GatewayConnection | null, { ifStale = false, now = Date.now() }: RefreshOptions = {}): Promise<ConnectionTest> {
  if (!conn) return { ok: false, problem: pageProblem('not_configured') };
  const [budget, catalog] = ifStale ? await Promise.all([readBudget(), readCatalog()]) : [null, null];
  const budgetFresh = budget !== null && now - budget.updatedAt < BUDGET_FRESH_MS;
  const catalogFresh = catalog !== null && now - catalog.updatedAt < CATALOG_FRESH_MS;
  try {
    const [budgetFrom, fetched] = await Promise.all([budgetFresh ? null : keyBudget(conn), catalogFresh ? null : fetchCatalog(conn)]);
    const [latest] = await Promise.all([budgetFrom ? updateBudget(budgetFrom) : budget, fetched && catalogItem.setValue({ ...fetched, updatedAt: Date.now() })]);
    return { ok: true, budget: latest ?? UNREPORTED_BUDGET, models: fetched?.models ?? catalog?.models ?? [] };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}
