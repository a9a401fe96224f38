import type { SlowTurns } from '../../conversation/policy.ts';

/** Slow mode in one process: when each key may be taken again. */
export class MemorySlowTurns implements SlowTurns {
  readonly #until = new Map<string, number>();

  async take(key: string, ms: number): Promise<number> {
    const now = Date.now();
    const until = this.#until.get(key) ?? 0;
    if (until > now) return until - now;
    this.#until.set(key, now + ms);
    // Old keys go when the map grows: a room's users are few, rooms come and go.
    if (this.#until.size > 10_000) for (const [k, t] of this.#until) if (t <= now) this.#until.delete(k);
    return 0;
  }
}
