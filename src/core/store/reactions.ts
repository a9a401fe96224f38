import type { Reaction, RoomMessage } from '../public-types.ts';
import { reacted as fold } from './folds.ts';
import type { ChatEntry } from './state.ts';

/**
 * Applies one user's reaction change (a `reaction` message) to the listed message it names; applying it twice changes
 * nothing. Returns the message's reactions, or null when that message is not listed (or deleted).
 */
export function reacted(chat: Map<string, ChatEntry>, m: RoomMessage): Reaction[] | null {
  const entry = chat.get(m.reaction!.messageId);
  if (entry?.kind !== 'message' || entry.message.deleted || !m.from) return null;
  const reactions = fold(entry.message, m);
  chat.set(entry.id, { ...entry, message: { ...entry.message, reactions } });
  return reactions;
}
