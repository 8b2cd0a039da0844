/**
 * Anthropic-style prompt caching, as LiteLLM passes `cache_control` through (contract §1.2): the
 * first request with a marked prefix writes it to the cache (billed at the cache-write price), the
 * same prefix within five minutes reads it (billed at the cache-read price, and the read refreshes
 * the lifetime). Prefixes under 1024 tokens are silently not cached, as with Claude Sonnet.
 */
import { createHash } from 'node:crypto';
import type { Clock } from './clock';

const MIN_CACHEABLE_TOKENS = 1024;
const EPHEMERAL_TTL_MS = 5 * 60_000;

export interface CacheUse {
  cacheReadTokens: number;
  cacheCreationTokens: number;
}

export class PromptCache {
  readonly #expiresAt = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  use(model: string, prefix: { text: string; tokens: number }): CacheUse {
    if (prefix.tokens < MIN_CACHEABLE_TOKENS) return { cacheReadTokens: 0, cacheCreationTokens: 0 };
    const id = createHash('sha256').update(`${model}\u0000${prefix.text}`).digest('hex');
    const now = this.clock.now();
    const hit = (this.#expiresAt.get(id) ?? 0) > now;
    this.#expiresAt.set(id, now + EPHEMERAL_TTL_MS);
    return hit ? { cacheReadTokens: prefix.tokens, cacheCreationTokens: 0 } : { cacheReadTokens: 0, cacheCreationTokens: prefix.tokens };
  }
}
