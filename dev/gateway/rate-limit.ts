/**
 * Per-key RPM/TPM limits, as LiteLLM's v3 limiter (`hooks/parallel_request_limiter_v3.py`) counts
 * them: a window opens at a key's first request and lasts `windowS` seconds
 * (LITELLM_RATE_LIMIT_WINDOW_SIZE, default 60); every checked request counts, refused ones too;
 * a request is refused once the count exceeds the limit. Tokens are added after each call, output
 * tokens only (the limiter's default `token_rate_limit_type: output`).
 */
export interface RateLimits {
  rpm: number | null;
  tpm: number | null;
}

export type RateDecision =
  | { ok: true; remainingRequests: number | null; remainingTokens: number | null }
  | { ok: false; limitType: 'requests' | 'tokens'; limit: number };

interface Window {
  startS: number;
  requests: number;
  tokens: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(private readonly windowS: number) {}

  /** Counts one request against the key's window and says whether it may go on. */
  check(keyHash: string, limits: RateLimits, nowMs: number): RateDecision {
    if (limits.rpm === null && limits.tpm === null) return { ok: true, remainingRequests: null, remainingTokens: null };
    const window = this.#window(keyHash, nowMs);
    if (limits.rpm !== null) {
      window.requests += 1;
      if (window.requests > limits.rpm) return { ok: false, limitType: 'requests', limit: limits.rpm };
    }
    if (limits.tpm !== null && window.tokens >= limits.tpm) return { ok: false, limitType: 'tokens', limit: limits.tpm };
    return {
      ok: true,
      remainingRequests: limits.rpm === null ? null : limits.rpm - window.requests,
      remainingTokens: limits.tpm === null ? null : limits.tpm - window.tokens,
    };
  }

  addTokens(keyHash: string, tokens: number, nowMs: number): void {
    this.#window(keyHash, nowMs).tokens += tokens;
  }

  #window(keyHash: string, nowMs: number): Window {
    const nowS = Math.floor(nowMs / 1000);
    const current = this.#windows.get(keyHash);
    if (current && nowS - current.startS < this.windowS) return current;
    const fresh = { startS: nowS, requests: 0, tokens: 0 };
    this.#windows.set(keyHash, fresh);
    return fresh;
  }
}
