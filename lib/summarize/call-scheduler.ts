/**
 * Admits gateway calls within a virtual key's limits: at most `concurrency` in flight, at most
 * `rpm` started and `tpm` tokens spent in any rolling minute. Staying under the limits ourselves
 * is cheaper than meeting them: LiteLLM counts refused requests too (parallel_request_limiter_v3),
 * so a burst of 429s would push the window further out.
 */
export interface KeyLimits {
  /** From /key/info; null or absent = the key has no such limit. */
  rpm?: number | null;
  tpm?: number | null;
}

/**
 * A minute and a second: the gateway counts in whole seconds from when a request reached it,
 * which is a little after we sent it, so an exact minute could put two of our minutes in one of
 * its windows.
 */
export const RATE_WINDOW_MS = 61_000;

interface Admission {
  startedAt: number;
  finishedAt: number | null;
  /** Reserved when admitted (prompt + max answer), replaced by the usage once the call ends. */
  tokens: number;
}

export class CallScheduler {
  private inFlight = 0;
  private readonly admissions: Admission[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly limits: KeyLimits,
    readonly concurrency: number,
  ) {}

  /**
   * Runs `call` once admitted. `tokens` is the most it may spend; `spent` reads what it did spend
   * from its result (null when the gateway did not say).
   */
  async run<T>(tokens: number, signal: AbortSignal, call: () => Promise<T>, spent: (result: T) => number | null): Promise<T> {
    const admission = await this.admit(tokens, signal);
    try {
      const result = await call();
      admission.tokens = spent(result) ?? admission.tokens;
      return result;
    } finally {
      this.inFlight--;
      admission.finishedAt = Date.now();
      for (const wake of [...this.waiters]) wake();
    }
  }

  private async admit(tokens: number, signal: AbortSignal): Promise<Admission> {
    for (;;) {
      signal.throwIfAborted();
      const now = Date.now();
      const wait = this.waitBefore(tokens, now);
      if (wait <= 0) {
        const admission: Admission = { startedAt: now, finishedAt: null, tokens };
        this.admissions.push(admission);
        this.inFlight++;
        return admission;
      }
      await this.change(wait, signal);
    }
  }

  /** Milliseconds until a call of `tokens` may start (Infinity: until a call in flight ends). */
  private waitBefore(tokens: number, now: number): number {
    if (this.inFlight >= this.concurrency) return Infinity;
    const recent = (at: number | null) => at === null || now - at < RATE_WINDOW_MS;
    // Requests count when they start; tokens when the call ends, as the gateway adds them then.
    for (let i = this.admissions.length - 1; i >= 0; i--) {
      const admission = this.admissions[i]!;
      if (!recent(admission.startedAt) && !recent(admission.finishedAt)) this.admissions.splice(i, 1);
    }
    let wait = 0;
    const rpm = this.limits.rpm;
    if (rpm != null) {
      const started = this.admissions.filter((a) => recent(a.startedAt)).map((a) => a.startedAt);
      if (started.length >= Math.max(1, rpm)) wait = Math.min(...started) + RATE_WINDOW_MS - now;
    }
    const tpm = this.limits.tpm;
    if (tpm != null) {
      const counted = this.admissions.filter((a) => recent(a.finishedAt));
      let used = counted.reduce((sum, a) => sum + a.tokens, 0);
      // A call bigger than the whole allowance can only go alone, into an empty window.
      if (counted.length > 0 && used + tokens > tpm) {
        const finished = counted.filter((a) => a.finishedAt !== null).sort((a, b) => a.finishedAt! - b.finishedAt!);
        let until = Infinity;
        for (const admission of finished) {
          used -= admission.tokens;
          if (used + tokens <= tpm || used === 0) {
            until = admission.finishedAt! + RATE_WINDOW_MS - now;
            break;
          }
        }
        wait = Math.max(wait, until);
      }
    }
    return wait;
  }

  /** Resolves after `ms`, or sooner when a call ends; rejects when the signal aborts. */
  private change(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const wake = () => settle();
      const onAbort = () => settle(signal.reason);
      const timer = Number.isFinite(ms) ? setTimeout(wake, ms) : undefined;
      this.waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
