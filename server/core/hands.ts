import type { RaisedHand } from '../../src/core/protocol.ts';

/**
 * Raised hands per room, in the order they went up: this process's memory, or Redis shared by several. Raising a
 * raised hand and lowering a lowered one change nothing, so two racing writes agree on one outcome.
 */
export interface HandStore {
  /** False when this user's hand was already up. */
  raise(roomId: string, hand: RaisedHand): Promise<boolean>;
  /** The hand as it was, or undefined when it was not up. */
  lower(roomId: string, userId: string): Promise<RaisedHand | undefined>;
  /** Oldest first. */
  list(roomId: string): Promise<RaisedHand[]>;
  drop(roomId: string): Promise<void>;
}

export const oldestFirst = (hands: RaisedHand[]): RaisedHand[] =>
  hands.sort((a, b) => a.raised_at - b.raised_at || a.user_id.localeCompare(b.user_id));
