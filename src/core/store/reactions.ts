import type { Reaction, RoomMessage } from '../public-types.ts';
import type { ChatEntry } from './state.ts';

/**
 * Applies one user's reaction change (a `reaction` message) to the listed message it names; applying it twice changes
 * nothing. Returns the message's reactions, or null when that message is not listed (or deleted).
 */
export function reacted(chat: Map<string, ChatEntry>, { reaction, from }: RoomMessage): Reaction[] | null {
  const entry = chat.get(reaction!.messageId);
  if (entry?.kind !== 'message' || entry.message.deleted || !from) return null;
  const { emoji, on } = reaction!;
  const list = entry.message.reactions ?? [];
  const at = list.find((r) => r.emoji === emoji);
  const had = !!at?.users.some((u) => u.userId === from.userId);
  if (had === on) return list;
  const users = on
    ? [...(at?.users ?? []), { userId: from.userId, name: from.name }]
    : at!.users.filter((u) => u.userId !== from.userId);
  const next = { emoji, count: users.length, users };
  const reactions = at ? list.flatMap((r) => (r !== at ? [r] : users.length ? [next] : [])) : [...list, next];
  chat.set(entry.id, { ...entry, message: { ...entry.message, reactions } });
  return reactions;
}
