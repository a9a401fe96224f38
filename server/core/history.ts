import type { Reactor, RoomMessage } from '../../src/core/protocol.ts';
import type { Audience } from './targets.ts';

/**
 * `gone`: the message left the kept history (trimmed, or the room ended) between the check and the toggle;
 * `too_many_reactions`: the message carries its most kinds; `too_many_own`: this user added their most kinds to it.
 */
export type ToggleOutcome = 'added' | 'removed' | 'too_many_reactions' | 'too_many_own' | 'gone';

/**
 * A state event: a message that changes another message's state (a reaction toggle, a deletion; this wave's edits,
 * pins and poll votes join here) rather than saying something. The history folds it into the state of its `target`
 * and keeps it apart from the conversation, so it never takes one of the HISTORY_LIMIT slots and never evicts chat.
 * Of the events kept for resumes, a later one with the same `key` supersedes an earlier one (the widget applies each
 * as "this user's reaction is on / off", so only the latest matters); a deletion (`clears`) supersedes every event of
 * its message. Null: a conversation message, kept in the bounded history.
 */
export interface StateEvent {
  target: string;
  key: string;
  clears: boolean;
}

export function stateEventOf(
  message: Pick<RoomMessage, 'kind' | 'reaction' | 'deletion' | 'from' | 'edit'>,
): StateEvent | null {
  if (message.kind === 'reaction' && message.reaction) {
    const { message_id, emoji } = message.reaction;
    return { target: message_id, key: `reaction\n${emoji}\n${message.from?.user_id ?? ''}`, clears: false };
  }
  if (message.kind === 'message_deleted' && message.deletion)
    return { target: message.deletion.message_id, key: 'deleted', clears: true };
  // Only the latest text matters: an edit supersedes the message's earlier edit.
  if (message.kind === 'message_edited' && message.edit)
    return { target: message.edit.message_id, key: 'edited', clears: false };
  return null;
}

export interface StoredMessage {
  message: RoomMessage;
  audience: Audience;
}

export interface SinceResult {
  messages: StoredMessage[];
  /** Something numbered after `since` was trimmed away (a conversation message, or an event of a trimmed message). */
  gap: boolean;
  latest: number;
}

/**
 * Per-room sequence numbers and a bounded history. The memory store serves one process;
 * the Redis store lets several processes share both. Conversation messages fill the HISTORY_LIMIT slots; state events
 * (`stateEventOf`) are folded into their message and kept, superseded, beside it for resumes, and go with it.
 */
export interface HistoryStore {
  /** Messages and the (latest) state events numbered after `seq`, in sequence order. */
  since(roomId: string, seq: number): Promise<SinceResult>;
  recent(roomId: string): Promise<StoredMessage[]>;
  latest(roomId: string): Promise<number>;
  /** A kept message by id, with its reactions; undefined once trimmed away (or never kept). */
  find(roomId: string, id: string): Promise<StoredMessage | undefined>;
  /**
   * Turns this user's reaction on the kept message on or off, refusing a new kind past `limits.kinds` on the message
   * or past `limits.ownKinds` of this user's on it.
   */
  toggleReaction(
    roomId: string,
    id: string,
    reactor: Reactor,
    emoji: string,
    limits: { kinds: number; ownKinds: number },
  ): Promise<ToggleOutcome>;
  /**
   * Replaces the kept message with its tombstone, drops its reactions and the excerpts quoting it, so its words are
   * nowhere in the history. Answers the message as it was, or undefined when it is not kept.
   */
  erase(roomId: string, id: string): Promise<StoredMessage | undefined>;
  /**
   * Changes one kept message (an edit's text, a quote of an edited message); answers it as it was, or undefined when
   * it is not kept. Atomic per message across processes.
   */
  rewrite(roomId: string, id: string, change: (m: RoomMessage) => RoomMessage): Promise<StoredMessage | undefined>;
  /**
   * Every kept chat and file message becomes a tombstone, its reactions and state events gone (an admin cleared the
   * chat). Answers the ids that were cleared.
   */
  clear(roomId: string): Promise<string[]>;
  /** Messages kept for the room (the metrics report it). */
  size(roomId: string): Promise<number>;
  drop(roomId: string): Promise<void>;
}
