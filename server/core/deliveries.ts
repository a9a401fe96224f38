import type { RoomMessage } from '../../src/core/protocol.ts';
import type { MemoryHistoryStore } from './history.ts';
import type { Audience } from './targets.ts';

/** Hands a numbered message to the sockets it targets (this process's, or every process's). */
export type Emit = (message: RoomMessage, audience: Audience) => void;

/**
 * A publish that happens at most once per key: an API call retried after its answer was lost carries the same
 * key, and gets the first publish's message back instead of publishing again (server/http/idempotency.ts).
 */
export interface Once {
  /** One message of one call: the call's key, the room and the message's place in the call. */
  key: string;
  /** The call's method, path and body: a key reused for another request is refused, not replayed. */
  fingerprint: string;
  /** How long the first result is remembered. */
  ttlMs: number;
}

/** What a publish did: numbered and delivered `message`, or (`replayed`) found it published by an earlier attempt. */
export type Published = { message: RoomMessage; replayed: boolean } | { conflict: true };

/**
 * The delivery port of the core: numbers a message (when it belongs to the history), keeps it and delivers it,
 * so that every client sees a room's messages in sequence order. Tested without sockets through `Emit`.
 */
export interface Deliveries {
  publish(message: Omit<RoomMessage, 'seq'>, audience: Audience, persist: boolean, once?: Once): Promise<Published>;
  close(): Promise<void>;
}

/** The first attempt's message as a retry answers it: the retry's own fields (same body) with the first id, number and time. */
export function replayOf(message: Omit<RoomMessage, 'seq'>, first: Pick<RoomMessage, 'id' | 'seq' | 'ts'>): Published {
  return { message: { ...message, id: first.id, seq: first.seq, ts: first.ts }, replayed: true };
}

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

  async publish(message: Omit<RoomMessage, 'seq'>, audience: Audience, persist: boolean, once?: Once): Promise<Published> {
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
