import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Remembers RongCloud nonces for as long as their timestamp is acceptable, to refuse replays. */
export interface NonceStore {
  /** True the first time a nonce is seen within `ttlMs`, false for a reuse. */
  claim(nonce: string, ttlMs: number): Promise<boolean>;
}

/** Counts calls by key: `take` resolves to 0 when allowed, otherwise the milliseconds until the next allowed call. */
export interface Limiter {
  take(key: string): Promise<number>;
}

/** A fixed-window limiter; `rate-limiter-flexible` does the counting, in memory or in Redis. */
export class RateLimiter implements Limiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Resolves to 0 when allowed, otherwise the milliseconds until the next allowed call. */
  async take(key: string): Promise<number> {
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (result) {
      if (result instanceof RateLimiterRes) return Math.max(1, result.msBeforeNext);
      throw result;
    }
  }
}

/**
 * A fixed-window limiter in this process's memory, for joins: each key's window opens with its first call, as
 * `RateLimiterMemory`'s do, but the windows are swept together instead of one timer, record and closure per key
 * (about 300 B for each widget that joined within the window, 10,000 joins at once costing 3 MB).
 */
export class MemoryWindowLimiter implements Limiter {
  readonly #windows = new Map<string, { calls: number; until: number }>();
  #sweepAt = 0;

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
  ) {}

  async take(key: string): Promise<number> {
    const now = Date.now();
    if (now >= this.#sweepAt) {
      for (const [k, w] of this.#windows) if (w.until <= now) this.#windows.delete(k);
      this.#sweepAt = now + this.windowMs;
    }
    let w = this.#windows.get(key);
    if (!w || w.until <= now) this.#windows.set(key, (w = { calls: 0, until: now + this.windowMs }));
    if (w.calls >= this.points) return Math.max(1, w.until - now);
    w.calls++;
    return 0;
  }
}
