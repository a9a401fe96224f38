import type { WriteMemo } from '../../core/client-writes.ts';
import type { Redis } from './scripts.ts';

const memoKey = (key: string) => `rw:write:${key}`;

/** Client ids shared by every process: a retry that lands on another process meets the first attempt. */
export class RedisWriteMemo implements WriteMemo {
  constructor(private readonly redis: Redis) {}

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<string | null> {
    const k = memoKey(key);
    const set = await this.redis.set(k, fingerprint, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
    if (set === 'OK') return null;
    // Released between the two calls: claim again rather than report a write that is not under way.
    return (await this.redis.get(k)) ?? this.claim(key, fingerprint, ttlMs);
  }

  async settle(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(memoKey(key), value, { expiration: { type: 'PX', value: ttlMs } });
  }

  async release(key: string): Promise<void> {
    await this.redis.del(memoKey(key));
  }
}
