import type { Reactor, RoomMessage } from '../../src/core/protocol.ts';
import type { Audience } from './targets.ts';

/** `gone`: the message left the kept history (trimmed, or the room ended) between the check and the toggle. */
export type ToggleOutcome = 'added' | 'removed' | 'too_many_reactions' | 'gone';

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
  since(roomId: string, seq: number): Promise<SinceResult>;
  recent(roomId: string): Promise<StoredMessage[]>;
  latest(roomId: string): Promise<number>;
  /** A kept message by id, with its reactions; undefined once trimmed away (or never kept). */
  find(roomId: string, id: string): Promise<StoredMessage | undefined>;
  /** Turns this user's reaction on the kept message on or off, refusing a new kind past `maxKinds`. */
  toggleReaction(roomId: string, id: string, reactor: Reactor, emoji: string, maxKinds: number): Promise<ToggleOutcome>;
  /**
   * Replaces the kept message with its tombstone, drops its reactions and the excerpts quoting it, so its words are
   * nowhere in the history. Answers the message as it was, or undefined when it is not kept.
   */
  erase(roomId: string, id: string): Promise<StoredMessage | undefined>;
  /** Messages kept for the room (the metrics report it). */
  size(roomId: string): Promise<number>;
  drop(roomId: string): Promise<void>;
}
