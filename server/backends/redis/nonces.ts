import type { NonceStore } from '../../core/limits.ts';
import type { Redis } from './scripts.ts';

const nonceKey = (nonce: string) => `rw:nonce:${nonce}`;

export class RedisNonceStore implements NonceStore {
  constructor(private readonly redis: Redis) {}
  async claim(nonce: string, ttlMs: number) {
    return (
      (await this.redis.set(nonceKey(nonce), '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) ===
      'OK'
    );
  }
}
