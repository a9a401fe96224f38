import type { NonceStore } from '../../core/limits.ts';

export class MemoryNonceStore implements NonceStore {
  readonly #seen = new Map<string, number>();
  async claim(nonce: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    if (this.#seen.size > 10_000) for (const [n, until] of this.#seen) if (until <= now) this.#seen.delete(n);
    const until = this.#seen.get(nonce);
    if (until !== undefined && until > now) return false;
    this.#seen.set(nonce, now + ttlMs);
    return true;
  }
}
