import type { SlowTurns } from '../../conversation/policy.ts';
import type { Redis } from './scripts.ts';

/** Slow mode across processes: SET NX PX takes the turn; a taken key answers its time to live. */
export class RedisSlowTurns implements SlowTurns {
  constructor(private readonly redis: Redis) {}

  async take(key: string, ms: number): Promise<number> {
    const name = `rw:slow:${key}`;
    if ((await this.redis.set(name, '1', { NX: true, PX: ms })) === 'OK') return 0;
    return Math.max(1, await this.redis.pTTL(name));
  }
}
