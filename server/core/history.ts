import type { RoomMessage } from '../../src/core/protocol.ts';
import type { Audience } from './targets.ts';

export interface StoredMessage {
  message: RoomMessage;
  audience: Audience;
}

export interface SinceResult {
  messages: StoredMessage[];
  /** The oldest kept message is newer than `since + 1`: something was trimmed away. */
  gap: boolean;
  latest: number;
}

/**
 * Per-room sequence numbers and a bounded history. The memory store serves one process;
 * the Redis store lets several processes share both.
 */
export interface HistoryStore {
  /** Gives the message the room's next sequence number and keeps it (trimming the oldest past the limit). */
  append(message: Omit<RoomMessage, 'seq'>, audience: Audience): Promise<RoomMessage>;
  since(roomId: string, seq: number): Promise<SinceResult>;
  recent(roomId: string): Promise<StoredMessage[]>;
  latest(roomId: string): Promise<number>;
  /** Messages kept for the room (the metrics report it). */
  size(roomId: string): Promise<number>;
  drop(roomId: string): Promise<void>;
}

interface RoomLog {
  seq: number;
  items: StoredMessage[];
}

export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<string, RoomLog>();
  constructor(private readonly limit: number) {}

  #log(roomId: string): RoomLog {
    let log = this.#rooms.get(roomId);
    if (!log) {
      log = { seq: 0, items: [] };
      this.#rooms.set(roomId, log);
    }
    return log;
  }

  async append(message: Omit<RoomMessage, 'seq'>, audience: Audience): Promise<RoomMessage> {
    const log = this.#log(message.room_id);
    const stored = { ...message, seq: ++log.seq };
    log.items.push({ message: stored, audience });
    if (log.items.length > this.limit) log.items.splice(0, log.items.length - this.limit);
    return stored;
  }

  async since(roomId: string, seq: number): Promise<SinceResult> {
    const log = this.#log(roomId);
    const messages = log.items.filter((item) => (item.message.seq ?? 0) > seq);
    const oldest = log.items[0]?.message.seq ?? log.seq + 1;
    return { messages, gap: seq < log.seq && oldest > seq + 1, latest: log.seq };
  }

  async recent(roomId: string) {
    return [...this.#log(roomId).items];
  }

  async latest(roomId: string) {
    return this.#rooms.get(roomId)?.seq ?? 0;
  }

  async size(roomId: string) {
    return this.#rooms.get(roomId)?.items.length ?? 0;
  }

  async drop(roomId: string) {
    this.#rooms.delete(roomId);
  }
}
