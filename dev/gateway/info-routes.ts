/**
 * The read routes (contract §3, addendum §2): `/key/info`, `/user/info`, `/team/info`, `/v1/models`,
 * `/model/info`, `/health/liveliness`.
 */
import { type Caller, authenticate } from './auth';
import * as errors from './errors';
import { sendError, sendJson } from './http';
import type { KeyAccount, SpendSnapshot } from './key-store';
import { abbreviateKey, hashKey } from './keys';
import type { Model } from './models';
import { isoUtc } from './py-format';
import type { RequestContext } from './state';

const iso = (ms: number | null) => (ms === null ? null : isoUtc(ms));

/** A LiteLLM_VerificationToken row as `/key/info` returns it: without the hash, spend as last written. */
export function keyInfoBody(account: KeyAccount, written: SpendSnapshot) {
  const key = account.record;
  const created = isoUtc(account.createdAtMs);
  return {
    key_name: abbreviateKey(key.key),
    key_alias: key.key_alias,
    spend: written.spend,
    max_budget: key.max_budget,
    budget_duration: key.budget_duration,
    budget_reset_at: iso(account.budgetResetAtMs),
    expires: iso(account.expiresAtMs),
    models: key.models,
    aliases: {},
    config: {},
    user_id: key.user_id,
    team_id: key.team_id,
    permissions: {},
    max_parallel_requests: null,
    tpm_limit: key.tpm_limit,
    rpm_limit: key.rpm_limit,
    metadata: key.metadata,
    blocked: key.blocked,
    soft_budget_cooldown: false,
    model_spend: written.modelSpend,
    model_max_budget: key.model_max_budget,
    model_max_budget_usage: Object.fromEntries(
      Object.entries(key.model_max_budget).map(([model, b]) => [model, { current_spend: account.modelBudgets[model]?.spend ?? 0, budget_limit: b.budget_limit, time_period: b.time_period }]),
    ),
    budget_limits: account.windows.map((w) => ({ budget_duration: w.duration, max_budget: w.maxBudget, reset_at: iso(w.resetAtMs) })),
    // PR #37044: read from the enforcement counter, so current (no batch-write lag).
    budget_limits_usage: Object.fromEntries(account.windows.map((w) => [w.duration, { current_spend: w.spend }])),
    budget_id: null,
    litellm_budget_table: null,
    allowed_cache_controls: [],
    allowed_routes: key.allowed_routes,
    created_at: created,
    updated_at: created,
    created_by: null,
    updated_by: null,
  };
}

function callerOf(ctx: RequestContext, selfInfo?: string): Caller | null {
  const auth = authenticate(ctx.req, ctx.state, selfInfo === undefined ? { llm: false } : { llm: false, selfInfo });
  if (auth.ok) return auth.caller;
  sendError(ctx.res, auth.error, ctx.cors);
  return null;
}

/** Models a caller may use: the key's list when it has one, else every model (contract §3.2). */
function allowedModels(ctx: RequestContext, caller: Caller): Model[] {
  const all = ctx.state.models.list();
  if (caller.kind === 'master' || caller.account.record.models.length === 0) return all;
  const allowed = new Set(caller.account.record.models);
  return all.filter((m) => allowed.has(m.model_name));
}

/**
 * Without `?key=` the answer is about the calling key and `key` echoes its hash (the auth object
 * holds the hash); with it, about that key (plaintext or hash), which only the master key or the
 * key itself may read.
 */
export function handleKeyInfo(ctx: RequestContext): void {
  const caller = callerOf(ctx, '/key/info');
  if (!caller) return;
  const { keys } = ctx.state;
  if (!ctx.state.config.database) return sendError(ctx.res, errors.databaseNotConnected(), ctx.cors);
  const asked = ctx.url.searchParams.get('key');
  let account: KeyAccount | undefined;
  if (asked === null) account = caller.kind === 'key' ? caller.account : undefined;
  else account = keys.get(asked.startsWith('sk-') ? hashKey(asked) : asked);
  if (caller.kind === 'key' && account !== undefined && account !== caller.account) {
    return sendError(ctx.res, errors.keyInfoForbidden(caller.account.record.user_id), ctx.cors);
  }
  if (!account) return sendError(ctx.res, errors.keyNotFound(), ctx.cors);
  sendJson(ctx.res, 200, { key: asked ?? account.hash, info: keyInfoBody(account, keys.written(account)) }, ctx.cors);
}

/**
 * `/user/info[?user_id=]` (addendum §2): a key reads only its own user; the master key any. The
 * `teams` list names the teams the user is a member of.
 */
export function handleUserInfo(ctx: RequestContext): void {
  const caller = callerOf(ctx, '/user/info');
  if (!caller) return;
  if (!ctx.state.config.database) return sendError(ctx.res, errors.databaseNotConnected(), ctx.cors);
  const own = caller.kind === 'key' ? caller.account.record.user_id : null;
  const asked = ctx.url.searchParams.get('user_id') ?? own;
  if (caller.kind === 'key' && asked !== own) return sendError(ctx.res, errors.userInfoForbidden(asked ?? 'None', own), ctx.cors);
  const user = asked === null ? undefined : ctx.state.keys.users.get(asked);
  if (!user) return sendError(ctx.res, errors.userNotFound(asked), ctx.cors);
  const teams = [...ctx.state.keys.teams.values()].filter((team) => team.members.some((m) => m.user_id === user.user_id)).map((team) => team.team_id);
  const user_info = {
    user_id: user.user_id,
    spend: user.spend,
    max_budget: user.max_budget,
    budget_duration: user.budget_duration,
    budget_reset_at: user.budget_reset_at,
    model_spend: {},
    model_max_budget: {},
    model_max_budget_usage: {},
    tpm_limit: null,
    rpm_limit: null,
    teams,
  };
  sendJson(ctx.res, 200, { user_id: user.user_id, user_info, keys: [], teams: teams.map((team_id) => ({ team_id })) }, ctx.cors);
}

/**
 * `/team/info?team_id=` (addendum §2): for a key of that team, or one whose user is a member;
 * others get 403. Members' own budgets come as `team_memberships`.
 */
export function handleTeamInfo(ctx: RequestContext): void {
  const caller = callerOf(ctx, '/team/info');
  if (!caller) return;
  if (!ctx.state.config.database) return sendError(ctx.res, errors.databaseNotConnected(), ctx.cors);
  const teamId = ctx.url.searchParams.get('team_id');
  if (teamId === null) return sendError(ctx.res, errors.teamIdMissing(), ctx.cors);
  const team = ctx.state.keys.teams.get(teamId);
  if (caller.kind === 'key') {
    const key = caller.account.record;
    const member = team?.members.some((m) => m.user_id === key.user_id) ?? false;
    if (key.team_id !== teamId && !member) return sendError(ctx.res, errors.teamInfoForbidden(key.user_id, teamId), ctx.cors);
  }
  if (!team) return sendError(ctx.res, errors.teamNotFound(teamId), ctx.cors);
  const { keys } = ctx.state;
  const team_info = {
    team_id: team.team_id,
    team_alias: team.team_alias,
    spend: team.spend,
    max_budget: team.max_budget,
    soft_budget: null,
    budget_duration: team.budget_duration,
    budget_reset_at: team.budget_reset_at,
    // As configured; /team/info has no usage field for team windows [unverified].
    budget_limits: team.budget_limits.map((w) => ({ budget_duration: w.budget_duration, max_budget: w.max_budget, reset_at: w.reset_at })),
    tpm_limit: null,
    rpm_limit: null,
    models: [],
    members_with_roles: team.members.map((m) => ({ user_id: m.user_id, role: m.role })),
    metadata: {},
  };
  const team_memberships = team.members.map((m) => ({
    user_id: m.user_id,
    team_id: team.team_id,
    spend: m.spend,
    litellm_budget_table: m.max_budget === null ? null : { max_budget: m.max_budget, budget_duration: null, budget_reset_at: null },
  }));
  const teamKeys = keys.keysOfTeam(team.team_id).map((account) => keyInfoBody(account, keys.written(account)));
  sendJson(ctx.res, 200, { team_id: team.team_id, team_info, keys: teamKeys, team_memberships }, ctx.cors);
}

// LiteLLM's hard-coded values for these two fields (contract §3.2 marks them UNCONFIRMED).
const MODEL_CREATED = 1677610602;
const MODEL_OWNER = 'openai';

export function handleModels(ctx: RequestContext): void {
  const caller = callerOf(ctx);
  if (!caller) return;
  const data = allowedModels(ctx, caller).map((m) => ({ id: m.model_name, object: 'model', created: MODEL_CREATED, owned_by: MODEL_OWNER }));
  sendJson(ctx.res, 200, { object: 'list', data }, ctx.cors);
}

export function handleModelInfo(ctx: RequestContext): void {
  const caller = callerOf(ctx);
  if (!caller) return;
  const wanted = ctx.url.searchParams.get('litellm_model_id');
  const data = allowedModels(ctx, caller).filter((m) => wanted === null || m.model_info.id === wanted);
  sendJson(ctx.res, 200, { data }, ctx.cors);
}

/** Public, no auth: the JSON string "I'm alive!" (contract §3.4). */
export function handleLiveliness(ctx: RequestContext): void {
  sendJson(ctx.res, 200, "I'm alive!", ctx.cors);
}
