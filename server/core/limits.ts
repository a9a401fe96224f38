import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Remembers RongCloud nonces for as long as their timestamp is acceptable, to refuse replays. */
export interface NonceStore {
  /** True the first time a nonce is seen within `ttlMs`, false for a reuse. */
  claim(nonce: string, ttlMs: number): Promise<boolean>;
}

/** A fixed-window limiter; `rate-limiter-flexible` does the counting, in memory or in Redis. */
export class RateLimiter {
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
