import type { WriteMemo } from '../../core/client-writes.ts';

/** Client ids of one process, each forgotten when its time is up (swept as new ones come). */
export class MemoryWriteMemo implements WriteMemo {
  readonly #entries = new Map<string, { value: string; expires: number }>();
  #nextSweep = 0;

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<string | null> {
    const now = Date.now();
    this.#sweep(now);
    const prior = this.#entries.get(key);
    if (prior && prior.expires > now) return prior.value;
    this.#entries.set(key, { value: fingerprint, expires: now + ttlMs });
    return null;
  }

  async settle(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, { value, expires: Date.now() + ttlMs });
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** At most once a minute, in insertion order: the oldest expire first. */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 60_000;
    for (const [key, entry] of this.#entries) {
      if (entry.expires > now) break;
      this.#entries.delete(key);
    }
  }
}
