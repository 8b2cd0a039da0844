/**
 * Failures a test asks for through `POST /__sim/faults`. Latency, cuts and hangs stay until
 * reset; nextStatus/nextError answer the next `times` chat requests and are then used up.
 */
import type { FaultsBody, NamedError } from './control-api';
import * as errors from './errors';
import type { GatewayError } from './errors';
import type { KeyAccount } from './key-store';
import type { Model } from './models';

export interface StreamFaults {
  ttftMs: number;
  perChunkMs: number;
  cutAfterChunks: number | null;
  midStreamErrorAfter: number | null;
  malformedAfter: number | null;
  hang: boolean;
  maxChunks: number | null;
  stallAfterChunks: number | null;
  badChunkAfter: number | null;
  ignoreStream: boolean;
}

export type InjectedFailure =
  | { kind: 'status'; status: number }
  | { kind: 'error'; name: NamedError }
  | { kind: 'upstream'; status: number }
  | { kind: 'page'; status: number; html: string }
  | { kind: 'hugeHeaders' };

const NO_FAULTS: StreamFaults = {
  ttftMs: 0,
  perChunkMs: 0,
  cutAfterChunks: null,
  midStreamErrorAfter: null,
  malformedAfter: null,
  hang: false,
  maxChunks: null,
  stallAfterChunks: null,
  badChunkAfter: null,
  ignoreStream: false,
};

export class FaultState {
  #stream: StreamFaults = { ...NO_FAULTS };
  #next: InjectedFailure | null = null;
  #remaining = 0;
  #nextContent: string | null = null;
  #contentRemaining = 0;

  /** Applies a parsed `FaultsBody`; returns what is now in force. */
  apply(body: FaultsBody): { stream: StreamFaults; next: InjectedFailure | null; remaining: number } {
    const { nextStatus, nextError, upstreamStatus, nextPage, hugeHeaders, times, nextContent, ...stream } = body;
    this.#stream = { ...this.#stream, ...stream };
    if (nextContent !== undefined) {
      this.#nextContent = nextContent;
      this.#contentRemaining = times ?? 1;
    }
    if (nextStatus !== undefined) this.#next = { kind: 'status', status: nextStatus };
    if (nextError !== undefined) this.#next = { kind: 'error', name: nextError };
    if (upstreamStatus !== undefined) this.#next = { kind: 'upstream', status: upstreamStatus };
    if (nextPage !== undefined) this.#next = { kind: 'page', ...nextPage };
    if (hugeHeaders !== undefined) this.#next = { kind: 'hugeHeaders' };
    if ([nextStatus, nextError, upstreamStatus, nextPage, hugeHeaders].some((v) => v !== undefined)) this.#remaining = times ?? 1;
    return { stream: this.stream, next: this.#next, remaining: this.#remaining };
  }

  get stream(): StreamFaults {
    return { ...this.#stream };
  }

  /** The answer text a test put in place of the offline model's, once. */
  takeContent(): string | null {
    const content = this.#nextContent;
    this.#contentRemaining -= 1;
    if (this.#contentRemaining <= 0) this.#nextContent = null;
    return content;
  }

  /** The injected failure for this request, if any is left; uses one up. */
  take(): InjectedFailure | null {
    if (!this.#next || this.#remaining <= 0) return null;
    const next = this.#next;
    this.#remaining -= 1;
    if (this.#remaining === 0) this.#next = null;
    return next;
  }
}

export interface InjectionContext {
  legacyStatuses: boolean;
  /** The caller's key, or null for the master key. */
  account: KeyAccount | null;
  model: Model | undefined;
  requestedModel: string;
  nowMs: number;
  rateWindowS: number;
}

// Stands in for the key when the master key made the request and the error must name a key.
const STAND_IN_KEY = 'sk-simulated-key';

/** The contract error a test named, filled with this request's key and model where it has them. */
export function namedError(name: NamedError, ctx: InjectionContext, legacy = ctx.legacyStatuses): GatewayError {
  const key = ctx.account?.record ?? { key: STAND_IN_KEY, key_alias: null, models: [], max_budget: null, rpm_limit: null };
  const maxInput = ctx.model?.model_info.max_input_tokens ?? 8192;
  switch (name) {
    case 'invalid_key':
      return errors.invalidKey(key.key);
    case 'expired_key':
      return errors.expiredKey(legacy, key.key, ctx.account?.expiresAtMs ?? ctx.nowMs - 86_400_000, ctx.nowMs);
    case 'budget_exceeded': {
      const spend = ctx.account?.live.spend ?? 0;
      return errors.keyBudgetExceeded(legacy, key, spend, key.max_budget ?? spend);
    }
    case 'model_not_allowed':
      return errors.modelNotAllowed(legacy, key.models.filter((m) => m !== ctx.requestedModel), ctx.requestedModel);
    case 'rate_limited':
      return errors.rateLimited(ctx.account?.hash ?? 'None', 'requests', key.rpm_limit ?? 1, ctx.nowMs, ctx.rateWindowS);
    case 'context_window':
      return errors.contextWindowExceeded(ctx.requestedModel, maxInput + 1, maxInput);
    case 'upstream':
      return errors.upstreamFailure(500, ctx.requestedModel);
    case 'malformed_request':
      return errors.malformedRequest('Expecting value: line 1 column 1 (char 0)');
    case 'db_unavailable':
      return errors.dbUnavailable();
    case 'tags_rejected':
      return errors.tagsRejected();
  }
}

// A status the contract names a specific error for gets that error, in its newest form (whose
// status is that status); any other status is a provider failure relayed with that status.
const ERROR_FOR_STATUS: Partial<Record<number, NamedError>> = {
  400: 'malformed_request',
  401: 'invalid_key',
  403: 'model_not_allowed',
  429: 'rate_limited',
  503: 'db_unavailable',
};

export function injectedError(failure: Exclude<InjectedFailure, { kind: 'page' } | { kind: 'hugeHeaders' }>, ctx: InjectionContext): GatewayError {
  if (failure.kind === 'error') return namedError(failure.name, ctx);
  if (failure.kind === 'upstream') return errors.upstreamFailure(failure.status, ctx.requestedModel);
  const name = ERROR_FOR_STATUS[failure.status];
  return name ? namedError(name, ctx, false) : errors.upstreamFailure(failure.status, ctx.requestedModel);
}
