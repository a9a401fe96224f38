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
 * (about 300 B for each widget that joined within the window, 10,000 joins at once costing 3 MB). A window is one
 * number, its end (ms since the limiter began) times `points + 1` plus the calls made in it: a `{ calls, until }`
 * object and its boxed `until` cost 40 B more for each recent join. Exact while below 2^53 (with 200 points, for
 * 1,400 years). Ended windows are swept by one timer, once a window, so an idle server keeps none.
 */
export class MemoryWindowLimiter implements Limiter {
  readonly #windows = new Map<string, number>();
  readonly #origin = Date.now();
  readonly #stride: number;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
  ) {
    this.#stride = points + 1;
  }

  async take(key: string): Promise<number> {
    const now = Date.now() - this.#origin;
    const w = this.#windows.get(key);
    const calls = w === undefined ? 0 : w % this.#stride;
    const end = w === undefined ? 0 : (w - calls) / this.#stride;
    if (end <= now) {
      this.#windows.set(key, (now + this.windowMs) * this.#stride + 1);
      this.#arm();
      return 0;
    }
    if (calls >= this.points) return Math.max(1, end - now);
    this.#windows.set(key, w! + 1);
    return 0;
  }

  /** Ended windows are swept once a window while any is left (the timer keeps no process alive). */
  #arm(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const now = Date.now() - this.#origin;
      for (const [k, w] of this.#windows) if ((w - (w % this.#stride)) / this.#stride <= now) this.#windows.delete(k);
      if (this.#windows.size > 0) this.#arm();
    }, this.windowMs);
    this.#timer.unref();
  }
}
