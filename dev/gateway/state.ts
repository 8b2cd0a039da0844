/**
 * Everything the simulator remembers between requests, built from its options, and rebuilt from
 * them by `POST /__sim/reset` (keys re-read from their file, faults and log emptied, models and
 * clock back to where they started).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Clock, createClock } from './clock';
import type { LogEntry } from './control-api';
import { FaultState } from './faults';
import { GuardrailState } from './guardrails';
import { KeyStore } from './key-store';
import { type KeyRecord, KeysFile, readKeysFile, type EndUserBudget, type OrganizationBudget, type ProjectBudget, type TagBudget, type TeamBudget, type UserBudget } from './keys';
import { loadDefaultModels, ModelCatalog, type ModelRecord } from './models';
import { PromptCache } from './prompt-cache';
import { RateLimiter } from './rate-limit';
import { Reservations } from './reservation';

export const DEFAULT_KEYS_FILE = fileURLToPath(new URL('./keys.example.json', import.meta.url));

export interface GatewayOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Key records, or the path of a keys file. Default: dev/gateway/keys.example.json. */
  keys?: KeyRecord[] | string;
  /** Team and internal-user budgets, when keys are given as records (a file carries its own). */
  teams?: TeamBudget[];
  users?: UserBudget[];
  endUsers?: EndUserBudget[];
  projects?: ProjectBudget[];
  organizations?: OrganizationBudget[];
  tags?: TagBudget[];
  /** Default: dev/gateway/models.json. */
  models?: ModelRecord[];
  masterKey?: string;
  /** LiteLLM's proxy_batch_write_at: how late /key/info sees spend. Default 10; 0 = at once. */
  batchWriteS?: number;
  /** LITELLM_RATE_LIMIT_WINDOW_SIZE. Default 60. */
  rateWindowS?: number;
  /** Injectable clock, in ms. `POST /__sim/clock` moves it further. */
  now?: () => number;
  /** Use the statuses of older releases: budget 400, model denied 401, expired key 400. */
  legacyStatuses?: boolean;
  /** general_settings.reject_clientside_metadata_tags. */
  rejectClientsideMetadataTags?: boolean;
  /**
   * Reserve each call's estimated maximum cost on its budget counters (addendum §1 step 16).
   * LiteLLM does by default; the simulator does not unless asked (as `disable_budget_reservation:
   * true`), so that tests of other budgets stay exact when calls overlap. Default false.
   */
  budgetReservation?: boolean;
  /**
   * False: a proxy with no `database_url`, as many small teams run it, where the master key is
   * the only key and the key routes fail (LiteLLM 1.108.7, measured by dev/litellm). Default true.
   */
  database?: boolean;
}

export interface GatewayConfig {
  masterKey: string;
  batchWriteS: number;
  rateWindowS: number;
  legacyStatuses: boolean;
  rejectClientsideMetadataTags: boolean;
  budgetReservation: boolean;
  database: boolean;
  now: (() => number) | undefined;
  loadKeys(): KeysFile;
  loadModels(): ModelRecord[];
}

export function resolveConfig(options: GatewayOptions): GatewayConfig {
  const keys = options.keys ?? DEFAULT_KEYS_FILE;
  const models = options.models;
  return {
    masterKey: options.masterKey ?? 'sk-master-demo',
    batchWriteS: options.batchWriteS ?? 10,
    rateWindowS: options.rateWindowS ?? 60,
    legacyStatuses: options.legacyStatuses ?? false,
    rejectClientsideMetadataTags: options.rejectClientsideMetadataTags ?? false,
    budgetReservation: options.budgetReservation ?? false,
    database: options.database ?? true,
    now: options.now,
    loadKeys: () =>
      typeof keys === 'string'
        ? readKeysFile(keys)
        : KeysFile.parse({
            keys,
            teams: options.teams ?? [],
            users: options.users ?? [],
            end_users: options.endUsers ?? [],
            projects: options.projects ?? [],
            organizations: options.organizations ?? [],
            tags: options.tags ?? [],
          }),
    loadModels: () => models ?? loadDefaultModels(),
  };
}

export interface GatewayState {
  readonly config: GatewayConfig;
  readonly clock: Clock;
  readonly models: ModelCatalog;
  readonly keys: KeyStore;
  readonly rateLimiter: RateLimiter;
  readonly promptCache: PromptCache;
  readonly reservations: Reservations;
  readonly faults: FaultState;
  readonly guardrails: GuardrailState;
  readonly log: LogEntry[];
  /** Every request to a gateway route (not `/__sim/`, not preflights), as `METHOD /path`: what a client asked for, chat or not. */
  readonly requests: string[];
}

export function createState(config: GatewayConfig): GatewayState {
  const clock = createClock(config.now);
  return {
    config,
    clock,
    models: new ModelCatalog(config.loadModels()),
    keys: new KeyStore(config.loadKeys(), clock, config.batchWriteS * 1000),
    rateLimiter: new RateLimiter(config.rateWindowS),
    promptCache: new PromptCache(clock),
    reservations: new Reservations(),
    faults: new FaultState(),
    guardrails: new GuardrailState(),
    log: [],
    requests: [],
  };
}

/** What a route handler gets for one request. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  state: GatewayState;
  /** CORS headers every answer to this request carries. */
  cors: Record<string, string>;
  /** Aborts when the client goes away or the gateway closes. */
  signal: AbortSignal;
  /** Whether the gateway itself is closing (so an abort is not the client's doing). */
  closing(): boolean;
  /** Swaps in a fresh state (for `POST /__sim/reset`). */
  resetState(): void;
}
