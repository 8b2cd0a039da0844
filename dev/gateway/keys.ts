/**
 * Virtual keys as the simulator is given them (a JSON file, or records in a test), and the ways
 * LiteLLM names a key in its answers: SHA-256 hash, `sk-...abcd`, `sk-a****abcd`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date');

/** One `budget_limits` window (PR #25109): its own spend, limit and reset, next to max_budget. */
export const BudgetWindow = z.object({
  budget_duration: z.string(),
  max_budget: z.number(),
  reset_at: isoDate.nullable().default(null),
  /** Not LiteLLM's: what the window's spend counter holds at start, so a test can begin near the limit. */
  spend: z.number().nonnegative().default(0),
});

/** `model_max_budget` (addendum §1 step 3): a budget per model, over its own period. */
export const ModelBudget = z.object({ budget_limit: z.number(), time_period: z.string() });

/** One row of LiteLLM_VerificationToken, keyed by its plaintext value (the simulator is not a vault). */
export const KeyRecord = z.object({
  key: z.string().startsWith('sk-'),
  key_alias: z.string().nullable().default(null),
  /** Empty = every model (contract §3.1). */
  models: z.array(z.string()).default([]),
  max_budget: z.number().nullable().default(null),
  spend: z.number().nonnegative().default(0),
  budget_duration: z.string().nullable().default(null),
  /** Computed from budget_duration when absent. */
  budget_reset_at: isoDate.nullable().default(null),
  expires: isoDate.nullable().default(null),
  rpm_limit: z.number().int().nonnegative().nullable().default(null),
  tpm_limit: z.number().int().nonnegative().nullable().default(null),
  user_id: z.string().nullable().default(null),
  team_id: z.string().nullable().default(null),
  /** The key's organization (addendum §1 step 9); when null, its team's counts. */
  org_id: z.string().nullable().default(null),
  /** The key's project (step 5). How a key joins a project was not traced [unverified]; a field on the key is the likeliest. */
  project_id: z.string().nullable().default(null),
  metadata: z.record(z.string(), z.unknown()).default({}),
  blocked: z.boolean().nullable().default(null),
  budget_limits: z.array(BudgetWindow).default([]),
  model_max_budget: z.record(z.string(), ModelBudget).default({}),
  /**
   * What `key_type` sets (addendum §2): `["llm_api_routes"]` keeps the key off /key/info,
   * /user/info and /team/info; a route path (`"/key/info"`) allows that one; empty means no restriction.
   */
  allowed_routes: z.array(z.string()).default([]),
});
/** What a caller writes (defaults may be left out). */
export type KeyRecord = z.input<typeof KeyRecord>;
export type StoredKey = z.output<typeof KeyRecord>;

/** A team member's own budget inside the team (addendum §1 step 12). */
export const TeamMember = z.object({
  user_id: z.string(),
  role: z.string().default('user'),
  max_budget: z.number().nullable().default(null),
  spend: z.number().default(0),
  /** Not LiteLLM's shape: the member's spend per model, for the team's per-model member budget (step 13). */
  model_spend: z.record(z.string(), z.number()).default({}),
});

/**
 * A budget shared by every key of a team, or of an internal user (contract §4.2). Their
 * `budget_reset_at` is reported as given; the simulator does not run their reset job.
 */
export const TeamBudget = z.object({
  team_id: z.string(),
  team_alias: z.string().nullable().default(null),
  max_budget: z.number().nullable().default(null),
  spend: z.number().default(0),
  budget_duration: z.string().nullable().default(null),
  budget_reset_at: isoDate.nullable().default(null),
  members: z.array(TeamMember).default([]),
  organization_id: z.string().nullable().default(null),
  /** Team `budget_limits` windows (step 7), each with the spend its counter holds, as a key's. */
  budget_limits: z.array(BudgetWindow).default([]),
  /** LiteLLM's `metadata.team_member_model_max_budget` (step 13), each member's budget per model, in dollars [shape unverified]. */
  team_member_model_max_budget: z.record(z.string(), z.number()).default({}),
});
export const UserBudget = z.object({
  user_id: z.string(),
  max_budget: z.number().nullable().default(null),
  spend: z.number().default(0),
  budget_duration: z.string().nullable().default(null),
  budget_reset_at: isoDate.nullable().default(null),
});
/** A customer named by `user` or `x-litellm-end-user-id`, with its own budget (addendum §1 step 0). */
export const EndUserBudget = z.object({
  user_id: z.string(),
  max_budget: z.number().nullable().default(null),
  spend: z.number().default(0),
  /** Per-model budgets of the end user (step 4); their spend is kept in `model_spend` and has no reset here. */
  model_max_budget: z.record(z.string(), ModelBudget).default({}),
  model_spend: z.record(z.string(), z.number()).default({}),
});
/** Budgets no self-info route shows a plain key (steps 5, 9, 10): a project, an organization, a request tag. */
export const ProjectBudget = z.object({ project_id: z.string(), max_budget: z.number().nullable().default(null), spend: z.number().default(0) });
export const OrganizationBudget = z.object({ organization_id: z.string(), max_budget: z.number().nullable().default(null), spend: z.number().default(0) });
export const TagBudget = z.object({ tag_name: z.string(), max_budget: z.number().nullable().default(null), spend: z.number().default(0) });
export type ProjectBudget = z.input<typeof ProjectBudget>;
export type OrganizationBudget = z.input<typeof OrganizationBudget>;
export type TagBudget = z.input<typeof TagBudget>;
export type TeamBudget = z.input<typeof TeamBudget>;
export type UserBudget = z.input<typeof UserBudget>;
export type EndUserBudget = z.input<typeof EndUserBudget>;

export const KeysFile = z.union([
  z.array(KeyRecord).transform((keys) => ({ keys, teams: [], users: [], end_users: [], projects: [], organizations: [], tags: [] })),
  z.object({
    keys: z.array(KeyRecord),
    teams: z.array(TeamBudget).default([]),
    users: z.array(UserBudget).default([]),
    end_users: z.array(EndUserBudget).default([]),
    projects: z.array(ProjectBudget).default([]),
    organizations: z.array(OrganizationBudget).default([]),
    tags: z.array(TagBudget).default([]),
  }),
]);
export type KeysFile = z.output<typeof KeysFile>;

export function readKeysFile(path: string): KeysFile {
  return KeysFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** LiteLLM stores and logs keys by SHA-256 hex (`hash_token`). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `abbreviate_api_key`: `sk-...abcd`, used for key_name and in error params. */
export function abbreviateKey(key: string): string {
  return `sk-...${key.slice(-4)}`;
}

/** The masking of the "Virtual Key expected" message: first four, `****`, last four. */
export function maskKey(key: string): string {
  return key.length > 8 ? `${key.slice(0, 4)}****${key.slice(-4)}` : '****';
}
