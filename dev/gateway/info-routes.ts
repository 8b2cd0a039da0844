/**
 * The read routes (contract §3): `/key/info`, `/v1/models`, `/model/info`, `/health/liveliness`.
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
    model_max_budget: {},
    budget_id: null,
    litellm_budget_table: null,
    allowed_cache_controls: [],
    allowed_routes: [],
    created_at: created,
    updated_at: created,
    created_by: null,
    updated_by: null,
  };
}

function callerOf(ctx: RequestContext): Caller | null {
  const auth = authenticate(ctx.req, ctx.state, { llm: false });
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
  const caller = callerOf(ctx);
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
