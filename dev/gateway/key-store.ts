/**
 * Live state of every key, team and internal user: spend as the next request's budget check sees
 * it, and the copy `/key/info` reads, which LiteLLM writes to its database in batches.
 *
 * LiteLLM charges a call to its in-memory auth cache at once and queues the database increment,
 * flushed every `proxy_batch_write_at` seconds (default 10; contract §6). Here each increment
 * becomes visible to `/key/info` exactly `batchWriteMs` after the call: the worst case of
 * LiteLLM's 0..batch lag, so a client that copes with this copes with the real one.
 */
import type { z } from 'zod';
import type { Clock } from './clock';
import { nextBudgetResetAt, parseDuration } from './durations';
import { isoUtc } from './py-format';
import { EndUserBudget, hashKey, KeyRecord, type KeysFile, OrganizationBudget, ProjectBudget, type StoredKey, TagBudget, TeamBudget, UserBudget } from './keys';

interface PendingWrite {
  atMs: number;
  cost: number;
  model: string;
}

export interface SpendSnapshot {
  spend: number;
  modelSpend: Record<string, number>;
}

export interface KeyAccount {
  readonly hash: string;
  record: StoredKey;
  /** What the budget check and `x-litellm-key-spend` see. */
  live: SpendSnapshot;
  /** What `/key/info` sees once the due writes are applied. */
  written: SpendSnapshot;
  pending: PendingWrite[];
  budgetResetAtMs: number | null;
  expiresAtMs: number | null;
  createdAtMs: number;
  /** `budget_limits`, each with the spend its enforcement counter holds (live, as `budget_limits_usage` reads it). */
  windows: WindowSpend[];
  /** `model_max_budget` spend per model in its current period. */
  modelBudgets: Record<string, PeriodSpend>;
}

export interface PeriodSpend {
  spend: number;
  resetAtMs: number | null;
}

export interface WindowSpend extends PeriodSpend {
  duration: string;
  maxBudget: number;
}

export type Team = z.output<typeof TeamBudget>;
export type User = z.output<typeof UserBudget>;
export type EndUser = z.output<typeof EndUserBudget>;
export type Project = z.output<typeof ProjectBudget>;
export type Organization = z.output<typeof OrganizationBudget>;
export type Tag = z.output<typeof TagBudget>;

function periodEnd(text: string, now: number): number | null {
  const duration = parseDuration(text);
  return duration ? nextBudgetResetAt(duration, now) : null;
}

/** Zeroes a period's spend once the clock has passed its reset, and schedules the next one. */
function rollPeriod(period: PeriodSpend, durationText: string, now: number): void {
  if (period.resetAtMs === null || now < period.resetAtMs) return;
  period.spend = 0;
  period.resetAtMs = periodEnd(durationText, now);
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : isoUtc(ms);
}

function addTo(snapshot: SpendSnapshot, cost: number, model: string): void {
  snapshot.spend += cost;
  snapshot.modelSpend[model] = (snapshot.modelSpend[model] ?? 0) + cost;
}

export class KeyStore {
  readonly #accounts = new Map<string, KeyAccount>();
  readonly teams = new Map<string, Team>();
  readonly users = new Map<string, User>();
  readonly endUsers = new Map<string, EndUser>();
  readonly projects = new Map<string, Project>();
  readonly organizations = new Map<string, Organization>();
  readonly tags = new Map<string, Tag>();

  constructor(
    source: KeysFile,
    private readonly clock: Clock,
    private readonly batchWriteMs: number,
  ) {
    for (const key of source.keys) this.upsert(key);
    for (const team of source.teams) this.upsertTeam(team);
    for (const user of source.users) this.users.set(user.user_id, UserBudget.parse(user));
    for (const endUser of source.end_users) this.endUsers.set(endUser.user_id, EndUserBudget.parse(endUser));
    for (const project of source.projects) this.projects.set(project.project_id, ProjectBudget.parse(project));
    for (const organization of source.organizations) this.organizations.set(organization.organization_id, OrganizationBudget.parse(organization));
    for (const tag of source.tags) this.tags.set(tag.tag_name, TagBudget.parse(tag));
  }

  /** The account for a key hash, with any budget reset that is due applied first. */
  get(hash: string): KeyAccount | undefined {
    const account = this.#accounts.get(hash);
    if (account) {
      this.#resetBudgetIfDue(account);
      const now = this.clock.now();
      for (const window of account.windows) rollPeriod(window, window.duration, now);
      for (const [model, period] of Object.entries(account.modelBudgets)) rollPeriod(period, account.record.model_max_budget[model]?.time_period ?? '', now);
    }
    return account;
  }

  /**
   * Adds a key, or merges fields into an existing one (by its `key`). Setting `spend` sets both the
   * live and the written value, as a test that edits the database row directly would.
   */
  upsert(patch: { key: string } & Record<string, unknown>): KeyAccount {
    const hash = hashKey(patch.key);
    const current = this.#accounts.get(hash);
    const record = KeyRecord.parse({ ...current?.record, ...patch });
    const now = this.clock.now();
    const account: KeyAccount = current ?? {
      hash,
      record,
      live: { spend: 0, modelSpend: {} },
      written: { spend: 0, modelSpend: {} },
      pending: [],
      budgetResetAtMs: null,
      expiresAtMs: null,
      createdAtMs: now,
      windows: [],
      modelBudgets: {},
    };
    account.record = record;
    if (!current || 'spend' in patch) {
      account.live = { spend: record.spend, modelSpend: {} };
      account.written = { spend: record.spend, modelSpend: {} };
      account.pending = [];
    }
    account.expiresAtMs = record.expires === null ? null : Date.parse(record.expires);
    if (!current || 'budget_reset_at' in patch || 'budget_duration' in patch) account.budgetResetAtMs = this.#firstResetAt(record, now);
    if (!current || 'budget_limits' in patch) {
      account.windows = record.budget_limits.map((w) => ({
        duration: w.budget_duration,
        maxBudget: w.max_budget,
        spend: w.spend,
        resetAtMs: w.reset_at === null ? periodEnd(w.budget_duration, now) : Date.parse(w.reset_at),
      }));
    }
    if (!current || 'model_max_budget' in patch) {
      account.modelBudgets = Object.fromEntries(Object.entries(record.model_max_budget).map(([model, b]) => [model, { spend: 0, resetAtMs: periodEnd(b.time_period, now) }]));
    }
    this.#accounts.set(hash, account);
    return account;
  }

  /**
   * Charges a finished call to every budget that contains it: the key's, its windows and model
   * budget, team and its windows, member, user, end user, project, organization, request tags.
   */
  charge(account: KeyAccount, cost: number, model: string, endUser: string | null = null, tags: readonly string[] = []): void {
    addTo(account.live, cost, model);
    if (this.batchWriteMs === 0) addTo(account.written, cost, model);
    else account.pending.push({ atMs: this.clock.now(), cost, model });
    for (const window of account.windows) window.spend += cost;
    const modelBudget = account.modelBudgets[model];
    if (modelBudget) modelBudget.spend += cost;
    const team = this.teamOf(account);
    if (team) {
      team.spend += cost;
      const member = team.members.find((m) => m.user_id === account.record.user_id);
      if (member) {
        member.spend += cost;
        member.model_spend[model] = (member.model_spend[model] ?? 0) + cost;
      }
      for (const window of team.budget_limits) window.spend += cost;
    }
    const project = account.record.project_id === null ? undefined : this.projects.get(account.record.project_id);
    if (project) project.spend += cost;
    const organization = this.organizationOf(account);
    if (organization) organization.spend += cost;
    for (const tag of tags) {
      const budget = this.tags.get(tag);
      if (budget) budget.spend += cost;
    }
    const user = account.record.user_id === null ? undefined : this.users.get(account.record.user_id);
    if (user) user.spend += cost;
    const customer = endUser === null ? undefined : this.endUsers.get(endUser);
    if (customer) {
      customer.spend += cost;
      customer.model_spend[model] = (customer.model_spend[model] ?? 0) + cost;
    }
  }

  upsertTeam(patch: { team_id: string } & Record<string, unknown>): void {
    const team = TeamBudget.parse({ ...this.teams.get(patch.team_id), ...patch });
    const now = this.clock.now();
    // A window given without reset_at starts now, as a key's does.
    for (const window of team.budget_limits) window.reset_at ??= isoOrNull(periodEnd(window.budget_duration, now));
    this.teams.set(patch.team_id, team);
  }

  upsertUser(patch: { user_id: string } & Record<string, unknown>): void {
    this.users.set(patch.user_id, UserBudget.parse({ ...this.users.get(patch.user_id), ...patch }));
  }

  /** The key's team, with its windows rolled over when their reset has passed. */
  teamOf(account: KeyAccount): Team | undefined {
    const team = account.record.team_id === null ? undefined : this.teams.get(account.record.team_id);
    const now = this.clock.now();
    for (const window of team?.budget_limits ?? []) {
      const period = { spend: window.spend, resetAtMs: window.reset_at === null ? null : Date.parse(window.reset_at) };
      rollPeriod(period, window.budget_duration, now);
      window.spend = period.spend;
      window.reset_at = isoOrNull(period.resetAtMs);
    }
    return team;
  }

  /** The key's own organization, else its team's (addendum §1 step 9). */
  organizationOf(account: KeyAccount): Organization | undefined {
    const id = account.record.org_id ?? this.teamOf(account)?.organization_id ?? null;
    return id === null ? undefined : this.organizations.get(id);
  }

  /** Every key of a team, as `/team/info` lists them. */
  keysOfTeam(teamId: string): KeyAccount[] {
    return [...this.#accounts.values()].filter((a) => a.record.team_id === teamId);
  }

  /** The database copy as `/key/info` reads it: writes older than the batch interval are in. */
  written(account: KeyAccount): SpendSnapshot {
    const now = this.clock.now();
    const due = account.pending.filter((w) => w.atMs + this.batchWriteMs <= now);
    account.pending = account.pending.filter((w) => w.atMs + this.batchWriteMs > now);
    for (const write of due) addTo(account.written, write.cost, write.model);
    return account.written;
  }

  #firstResetAt(record: StoredKey, now: number): number | null {
    if (record.budget_reset_at !== null) return Date.parse(record.budget_reset_at);
    const duration = record.budget_duration === null ? null : parseDuration(record.budget_duration);
    return duration ? nextBudgetResetAt(duration, now) : null;
  }

  /**
   * LiteLLM's reset job runs every ~10 minutes (`proxy_budget_rescheduler_min/max_time`), so a
   * real reset shows up to that late; the simulator applies it the moment its clock passes
   * budget_reset_at, which keeps tests exact. Like the job, it zeroes spend and schedules the
   * next reset from now.
   */
  #resetBudgetIfDue(account: KeyAccount): void {
    const now = this.clock.now();
    if (account.budgetResetAtMs === null || now < account.budgetResetAtMs) return;
    const duration = account.record.budget_duration === null ? null : parseDuration(account.record.budget_duration);
    if (!duration) return;
    account.live = { spend: 0, modelSpend: {} };
    account.written = { spend: 0, modelSpend: {} };
    account.pending = [];
    account.budgetResetAtMs = nextBudgetResetAt(duration, now);
  }
}
