import type { Reactor, RoomMessage } from '../../../src/core/protocol.ts';
import { tombstoneOf, withoutQuotedText } from '../../../src/core/conversation-shapes.ts';
import { foldReactions, reactionField, withReactions, type ReactionEntry } from '../../conversation/content.ts';
import type { HistoryStore, SinceResult, StoredMessage, ToggleOutcome } from '../../core/history.ts';
import type { Audience } from '../../core/targets.ts';

interface RoomLog {
  seq: number;
  items: StoredMessage[];
  /** Per message id: its reactions by `reactionField`. */
  reactions: Map<string, Map<string, ReactionEntry>>;
}

export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<string, RoomLog>();
  constructor(private readonly limit: number) {}

  #log(roomId: string): RoomLog {
    let log = this.#rooms.get(roomId);
    if (!log) {
      log = { seq: 0, items: [], reactions: new Map() };
      this.#rooms.set(roomId, log);
    }
    return log;
  }

  /**
   * Gives the message the room's next sequence number and keeps it (trimming the oldest past the limit). With Redis
   * the publish script does this in the same step as the delivery (server/backends/redis/deliveries.ts).
   */
  async append(message: Omit<RoomMessage, 'seq'>, audience: Audience): Promise<RoomMessage> {
    const log = this.#log(message.room_id);
    const stored = { ...message, seq: ++log.seq };
    log.items.push({ message: stored, audience });
    if (log.items.length > this.limit) {
      for (const gone of log.items.splice(0, log.items.length - this.limit)) log.reactions.delete(gone.message.id);
    }
    return stored;
  }

  async since(roomId: string, seq: number): Promise<SinceResult> {
    const log = this.#log(roomId);
    const messages = log.items.filter((item) => (item.message.seq ?? 0) > seq).map((item) => this.#folded(log, item));
    const oldest = log.items[0]?.message.seq ?? log.seq + 1;
    return { messages, gap: seq < log.seq && oldest > seq + 1, latest: log.seq };
  }

  async recent(roomId: string) {
    const log = this.#log(roomId);
    return log.items.map((item) => this.#folded(log, item));
  }

  async find(roomId: string, id: string) {
    const log = this.#rooms.get(roomId);
    const item = log?.items.find((i) => i.message.id === id);
    return log && item ? this.#folded(log, item) : undefined;
  }

  async toggleReaction(
    roomId: string,
    id: string,
    reactor: Reactor,
    emoji: string,
    maxKinds: number,
  ): Promise<ToggleOutcome> {
    const log = this.#rooms.get(roomId);
    if (!log?.items.some((i) => i.message.id === id)) return 'gone';
    const map = log.reactions.get(id) ?? new Map<string, ReactionEntry>();
    const field = reactionField(emoji, reactor.user_id);
    if (map.delete(field)) {
      if (map.size === 0) log.reactions.delete(id);
      return 'removed';
    }
    const kinds = new Set([...map.values()].map((e) => e.emoji));
    if (!kinds.has(emoji) && kinds.size >= maxKinds) return 'too_many_reactions';
    map.set(field, { emoji, user_id: reactor.user_id, name: reactor.name, ts: Date.now() });
    log.reactions.set(id, map);
    return 'added';
  }

  async erase(roomId: string, id: string) {
    const log = this.#rooms.get(roomId);
    const item = log?.items.find((i) => i.message.id === id);
    if (!log || !item) return undefined;
    const before = { ...item };
    item.message = tombstoneOf(item.message);
    log.reactions.delete(id);
    for (const other of log.items)
      if (other.message.reply_to?.id === id) other.message = withoutQuotedText(other.message);
    return before;
  }

  #folded(log: RoomLog, item: StoredMessage): StoredMessage {
    const map = log.reactions.get(item.message.id);
    return map ? { ...item, message: withReactions(item.message, foldReactions(map.values())) } : item;
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
