import type { DeadlineKind, Deadlines } from '../../core/deadlines.ts';
import type { Redis } from './scripts.ts';

const KEY = 'rw:deadlines';

/**
 * Room deadlines in one sorted set (score: the time), polled by every live process. ZREM succeeds for one
 * process only, so each deadline is acted on once, by whichever process is alive when it passes.
 */
export class RedisDeadlines implements Deadlines {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: { pollMs?: number; log: { error(msg: string): void } },
  ) {}

  async set(kind: DeadlineKind, roomId: string, at: number): Promise<void> {
    await this.redis.zAdd(KEY, { score: at, value: `${kind}|${roomId}` });
  }

  async clear(kind: DeadlineKind, roomId: string): Promise<void> {
    await this.redis.zRem(KEY, `${kind}|${roomId}`);
  }

  start(onDue: (kind: DeadlineKind, roomId: string) => void): void {
    const poll = async () => {
      try {
        for (const member of await this.redis.zRangeByScore(KEY, '-inf', Date.now(), {
          LIMIT: { offset: 0, count: 100 },
        })) {
          if ((await this.redis.zRem(KEY, member)) !== 1) continue;
          const bar = member.indexOf('|');
          onDue(member.slice(0, bar) as DeadlineKind, member.slice(bar + 1));
        }
      } catch (error) {
        this.options.log.error(`deadline poll failed (${(error as Error).message})`);
      }
    };
    this.#timer = setInterval(() => void poll(), this.options.pollMs ?? 1000);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
