/**
 * LiteLLM's `user_api_key_auth` as a client meets it (contract §1.1, §4.2): where the key is
 * read from, and the checks a key passes before a request reaches a model.
 */
import type { IncomingMessage } from 'node:http';
import * as errors from './errors';
import type { GatewayError } from './errors';
import type { KeyAccount, KeyStore } from './key-store';
import { hashKey } from './keys';
import type { Model } from './models';
import { headerValue } from './http';
import type { GatewayState } from './state';

export type KeyFromHeaders = { kind: 'none' } | { kind: 'malformed' } | { kind: 'key'; value: string };

function stripBearer(value: string): string {
  return value.startsWith('Bearer ') || value.startsWith('bearer ') ? value.slice(7) : value;
}

/** The first header present wins, in LiteLLM's order; `Authorization` must carry a scheme. */
export function keyFromHeaders(req: IncomingMessage): KeyFromHeaders {
  const litellmHeader = headerValue(req, 'x-litellm-api-key');
  if (litellmHeader !== undefined) return { kind: 'key', value: stripBearer(litellmHeader.trim()) };
  const authorization = headerValue(req, 'authorization');
  if (authorization !== undefined) {
    const match = /^(?:Bearer|bearer|Basic) (.*)$/.exec(authorization.trim());
    const key = match?.[1]?.trim() ?? '';
    return key === '' ? { kind: 'malformed' } : { kind: 'key', value: key };
  }
  for (const name of ['api-key', 'x-api-key', 'x-goog-api-key', 'ocp-apim-subscription-key']) {
    const value = headerValue(req, name);
    if (value !== undefined) return { kind: 'key', value: value.trim() };
  }
  return { kind: 'none' };
}

export type Caller = { kind: 'master' } | { kind: 'key'; account: KeyAccount };
export type AuthResult = { ok: true; caller: Caller } | { ok: false; error: GatewayError };

/**
 * LLM routes (chat completions) check model access and budgets; info routes such as /key/info do
 * not. `selfInfo` names the info routes a key limited to `llm_api_routes` may not call (addendum §2:
 * /key/info, /user/info, /team/info; /v1/models and /model/info are LLM routes too).
 */
export type AuthRoute = { llm: false; selfInfo?: string } | { llm: true; model: string | undefined; endUser: string | null; tags?: readonly string[] };

/**
 * Authenticates a request. A key over budget can still read /key/info, as in LiteLLM, where the
 * key budget check runs only for LLM API routes.
 * Order of the checks follows the builder's docstring (model access, then expiry, then key, team
 * and user budgets); when several fail at once the one reported is UNCONFIRMED.
 */
export function authenticate(req: IncomingMessage, state: GatewayState, route: AuthRoute): AuthResult {
  const { masterKey, legacyStatuses } = state.config;
  const fail = (error: GatewayError): AuthResult => ({ ok: false, error });
  const found = keyFromHeaders(req);
  if (found.kind === 'none') return fail(errors.noApiKey());
  if (found.kind === 'malformed') return fail(errors.malformedAuthorization());
  const raw = found.value;
  if (raw === masterKey) return { ok: true, caller: { kind: 'master' } };
  // Without a database every other key, virtual or not, ends at the token lookup.
  if (!state.config.database) return fail(errors.noConnectedDb());
  if (!raw.startsWith('sk-')) return fail(errors.notAVirtualKey(raw));
  const account = state.keys.get(hashKey(raw));
  if (!account) return fail(errors.invalidKey(raw));
  const key = account.record;
  if (key.blocked) return fail(errors.blockedKey());
  if (route.llm && route.model !== undefined && key.models.length > 0 && !key.models.includes(route.model)) {
    return fail(errors.modelNotAllowed(legacyStatuses, key.models, route.model));
  }
  const now = state.clock.now();
  if (account.expiresAtMs !== null && account.expiresAtMs < now) return fail(errors.expiredKey(legacyStatuses, key.key, account.expiresAtMs, now));
  const routeAllowed = (path: string) => key.allowed_routes.length === 0 || key.allowed_routes.includes('info_routes') || key.allowed_routes.includes(path);
  if (!route.llm && route.selfInfo !== undefined && !routeAllowed(route.selfInfo)) {
    return fail(errors.routeNotAllowed(key.allowed_routes, route.selfInfo));
  }
  if (route.llm && !isFree(route.model === undefined ? undefined : state.models.get(route.model))) {
    const budgetError = overBudget(account, state.keys, legacyStatuses, route.model, route.endUser, route.tags ?? []);
    if (budgetError) return fail(budgetError);
  }
  return { ok: true, caller: { kind: 'key', account } };
}

// Zero-cost models skip budget checks (contract §4.2).
function isFree(model: Model | undefined): boolean {
  return model !== undefined && model.model_info.input_cost_per_token === 0 && model.model_info.output_cost_per_token === 0;
}

/**
 * The budgets in the order LiteLLM checks them (addendum §1): end user (0), key (2), key per model
 * (3), end user per model (4), project (5), team (6), team windows (7), key windows (8), organization (9), tags (10),
 * internal user for keys without a team (11), team member (12), team member per model (13). Keys, windows, organizations,
 * users and members trip at spend >= limit; end users, projects, teams and tags only past it.
 */
function overBudget(account: KeyAccount, store: KeyStore, legacy: boolean, model: string | undefined, endUser: string | null, requestTags: readonly string[]): GatewayError | null {
  const key = account.record;
  const customer = endUser === null ? undefined : store.endUsers.get(endUser);
  if (customer && customer.max_budget !== null && customer.spend > customer.max_budget) {
    return errors.endUserBudgetExceeded(legacy, customer.user_id, customer.spend, customer.max_budget);
  }
  if (key.max_budget !== null && account.live.spend >= key.max_budget) {
    return errors.keyBudgetExceeded(legacy, key, account.live.spend, key.max_budget);
  }
  const modelBudget = model === undefined ? undefined : key.model_max_budget[model];
  if (model !== undefined && modelBudget && (account.modelBudgets[model]?.spend ?? 0) >= modelBudget.budget_limit) {
    return errors.keyModelBudgetExceeded(legacy, account.hash, key.key_alias, model);
  }
  const customerModel = model === undefined ? undefined : customer?.model_max_budget[model];
  if (model !== undefined && customer && customerModel && (customer.model_spend[model] ?? 0) >= customerModel.budget_limit) {
    return errors.endUserModelBudgetExceeded(legacy, customer.user_id, model);
  }
  const project = key.project_id === null ? undefined : store.projects.get(key.project_id);
  if (project && project.max_budget !== null && project.spend > project.max_budget) {
    return errors.namedBudgetExceeded(legacy, 'Project', project.project_id, project.spend, project.max_budget);
  }
  const team = store.teamOf(account);
  if (team && team.max_budget !== null && team.spend > team.max_budget) {
    return errors.teamBudgetExceeded(legacy, team.team_id, team.spend, team.max_budget);
  }
  const teamWindow = team?.budget_limits.find((w) => w.spend >= w.max_budget);
  if (team && teamWindow) return errors.teamWindowBudgetExceeded(legacy, team.team_id, teamWindow.budget_duration, teamWindow.spend, teamWindow.max_budget);
  const window = account.windows.find((w) => w.spend >= w.maxBudget);
  if (window) return errors.keyWindowBudgetExceeded(legacy, window.duration, window.spend, window.maxBudget);
  const organization = store.organizationOf(account);
  if (organization && organization.max_budget !== null && organization.spend >= organization.max_budget) {
    return errors.namedBudgetExceeded(legacy, 'Organization', organization.organization_id, organization.spend, organization.max_budget);
  }
  const tag = requestTags.map((name) => store.tags.get(name)).find((t) => t !== undefined && t.max_budget !== null && t.spend > t.max_budget);
  if (tag && tag.max_budget !== null) return errors.namedBudgetExceeded(legacy, 'Tag', tag.tag_name, tag.spend, tag.max_budget);
  const user = team || key.user_id === null ? undefined : store.users.get(key.user_id);
  if (user && user.max_budget !== null && user.spend >= user.max_budget) {
    return errors.userBudgetExceeded(legacy, user.user_id, user.spend, user.max_budget);
  }
  const member = team?.members.find((m) => m.user_id === key.user_id);
  if (team && member && member.max_budget !== null && member.spend >= member.max_budget) {
    return errors.teamMemberBudgetExceeded(legacy, member.user_id, team.team_id, member.spend, member.max_budget);
  }
  const memberModelBudget = model === undefined ? undefined : team?.team_member_model_max_budget[model];
  if (team && member && model !== undefined && memberModelBudget !== undefined && (member.model_spend[model] ?? 0) >= memberModelBudget) {
    return errors.teamMemberModelBudgetExceeded(legacy, member.user_id, team.team_id, model, member.model_spend[model] ?? 0, memberModelBudget);
  }
  return null;
}
