import type { RoomMessage } from '../../../src/core/protocol.ts';
import { replayOf, type Deliveries, type Emit, type Once, type Published } from '../../core/deliveries.ts';
import type { Audience } from '../../core/targets.ts';
import type { MemoryHistoryStore } from './history.ts';

interface Remembered {
  fingerprint: string;
  expires: number;
  /** Pending while the first attempt publishes, so a concurrent retry waits for it rather than publishing too. */
  result: Promise<RoomMessage>;
}

/** One process's memory of keyed publishes: bounded in count, each forgotten after its time to live. */
class MemoryOnce {
  readonly #entries = new Map<string, Remembered>();
  constructor(private readonly maxEntries = 100_000) {}

  async run(once: Once, message: Omit<RoomMessage, 'seq'>, publish: () => Promise<RoomMessage>): Promise<Published> {
    const now = Date.now();
    const prior = this.#entries.get(once.key);
    if (prior && prior.expires > now) {
      if (prior.fingerprint !== once.fingerprint) return { conflict: true };
      return replayOf(message, await prior.result);
    }
    this.#forget(now);
    const result = publish();
    this.#entries.set(once.key, { fingerprint: once.fingerprint, expires: now + once.ttlMs, result });
    // A failed attempt published nothing: its retry must be free to publish.
    result.catch(() => this.#entries.get(once.key)?.result === result && this.#entries.delete(once.key));
    return { message: await result, replayed: false };
  }

  /** Entries are kept in insertion order, so the expired (and the oldest past the cap) are at the front. */
  #forget(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expires > now && this.#entries.size < this.maxEntries) break;
      this.#entries.delete(key);
    }
  }
}

/** One process: the history's append and the emit run in call order, so delivery order is sequence order. */
export class DirectDeliveries implements Deliveries {
  readonly #once = new MemoryOnce();

  constructor(
    private readonly history: Pick<MemoryHistoryStore, 'append'>,
    private readonly emit: Emit,
  ) {}

  async publish(
    message: Omit<RoomMessage, 'seq'>,
    audience: Audience,
    persist: boolean,
    once?: Once,
  ): Promise<Published> {
    const publish = async () => {
      const stored = persist ? await this.history.append(message, audience) : { ...message, seq: null };
      this.emit(stored, audience);
      return stored;
    };
    if (once) return this.#once.run(once, message, publish);
    return { message: await publish(), replayed: false };
  }

  async close(): Promise<void> {}
}
