import type { Reactor, RoomMessage } from '../../../src/core/protocol.ts';
import { tombstoneOf, withoutQuotedText } from '../../../src/core/conversation-shapes.ts';
import {
  CONVERSATION_KINDS,
  foldReactions,
  reactionField,
  withReactions,
  type ReactionEntry,
} from '../../conversation/content.ts';
import {
  stateEventOf,
  type HistoryStore,
  type SinceResult,
  type StoredMessage,
  type ToggleOutcome,
} from '../../core/history.ts';
import type { Audience } from '../../core/targets.ts';

interface RoomLog {
  seq: number;
  /** Conversation messages (and toasts, custom events): at most `limit`. */
  items: StoredMessage[];
  /** Per message id: its reactions by `reactionField`. */
  reactions: Map<string, Map<string, ReactionEntry>>;
  /** Per message id: its latest state events by key (server/core/history.ts `stateEventOf`). */
  events: Map<string, Map<string, StoredMessage>>;
  /** The highest sequence number trimmed away: a resume from before it has a gap. */
  trimmed: number;
}

export class MemoryHistoryStore implements HistoryStore {
  readonly #rooms = new Map<string, RoomLog>();
  constructor(private readonly limit: number) {}

  #log(roomId: string): RoomLog {
    let log = this.#rooms.get(roomId);
    if (!log) {
      log = { seq: 0, items: [], reactions: new Map(), events: new Map(), trimmed: 0 };
      this.#rooms.set(roomId, log);
    }
    return log;
  }

  /**
   * Gives the message the room's next sequence number and keeps it: a conversation message in the bounded history
   * (trimming the oldest past the limit, with their events), a state event beside its message (superseding an older
   * one of the same key). With Redis the publish script does this in the same step as the delivery
   * (server/backends/redis/deliveries.ts).
   */
  async append(message: Omit<RoomMessage, 'seq'>, audience: Audience): Promise<RoomMessage> {
    const log = this.#log(message.room_id);
    const stored = { ...message, seq: ++log.seq };
    const event = stateEventOf(stored);
    if (event) {
      if (!log.items.some((i) => i.message.id === event.target)) {
        // Its message left the history meanwhile: a resume from before this event cannot be told it.
        log.trimmed = Math.max(log.trimmed, stored.seq);
        return stored;
      }
      const kept = (event.clears ? undefined : log.events.get(event.target)) ?? new Map<string, StoredMessage>();
      kept.delete(event.key);
      kept.set(event.key, { message: stored, audience });
      log.events.set(event.target, kept);
      return stored;
    }
    log.items.push({ message: stored, audience });
    if (log.items.length > this.limit) {
      for (const gone of log.items.splice(0, log.items.length - this.limit)) {
        const id = gone.message.id;
        log.trimmed = Math.max(log.trimmed, gone.message.seq ?? 0);
        for (const e of log.events.get(id)?.values() ?? []) log.trimmed = Math.max(log.trimmed, e.message.seq ?? 0);
        log.reactions.delete(id);
        log.events.delete(id);
      }
    }
    return stored;
  }

  async since(roomId: string, seq: number): Promise<SinceResult> {
    const log = this.#log(roomId);
    const after = (item: StoredMessage) => (item.message.seq ?? 0) > seq;
    const messages = log.items.filter(after).map((item) => this.#folded(log, item));
    for (const events of log.events.values()) messages.push(...[...events.values()].filter(after));
    messages.sort((a, b) => (a.message.seq ?? 0) - (b.message.seq ?? 0));
    return { messages, gap: seq < log.trimmed, latest: log.seq };
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
    limits: { kinds: number; ownKinds: number },
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
    if (!kinds.has(emoji) && kinds.size >= limits.kinds) return 'too_many_reactions';
    const own = [...map.values()].filter((e) => e.user_id === reactor.user_id).length;
    if (own >= limits.ownKinds) return 'too_many_own';
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

  async rewrite(roomId: string, id: string, change: (m: RoomMessage) => RoomMessage) {
    const item = this.#rooms.get(roomId)?.items.find((i) => i.message.id === id);
    if (!item) return undefined;
    const before = { ...item };
    item.message = change(item.message);
    return before;
  }

  async clear(roomId: string) {
    const log = this.#rooms.get(roomId);
    const cleared: string[] = [];
    for (const item of log?.items ?? []) {
      if (!CONVERSATION_KINDS.has(item.message.kind) || item.message.deleted) continue;
      const id = item.message.id;
      item.message = tombstoneOf(item.message);
      log!.reactions.delete(id);
      log!.events.delete(id);
      cleared.push(id);
    }
    return cleared;
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
