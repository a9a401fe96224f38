import type { Poll, RaisedHand, Reaction, RoomMessage } from '../public-types.ts';
import type { ChatEntry, PollChange } from './state.ts';

/*
 * How the store folds a state event into what it holds: a reaction into its message's reactions, a poll update into
 * its poll, a hand into the raised hands. Each is pure and applying one twice changes nothing.
 */

/** The message's reactions once one user's reaction went on or off; the same list when that changes nothing. */
export function reacted(message: RoomMessage, { reaction, from }: RoomMessage): Reaction[] {
  const { emoji, on } = reaction!;
  const list = message.reactions ?? [];
  const at = list.find((r) => r.emoji === emoji);
  const had = !!at?.users.some((u) => u.userId === from!.userId);
  if (had === on) return list;
  const users = on
    ? [...(at?.users ?? []), { userId: from!.userId, name: from!.name }]
    : at!.users.filter((u) => u.userId !== from!.userId);
  const next = { emoji, count: users.length, users };
  return at ? list.flatMap((r) => (r !== at ? [r] : users.length ? [next] : [])) : [...list, next];
}

/**
 * The poll after an update: its counts when newer (two votes' updates may arrive out of order), and this user's own
 * choice when the update carries it (the answer to a vote, a welcome); the same poll when nothing changes.
 */
export function pollAfter(poll: Poll, next: Poll): Poll {
  const mine = next.mine ?? poll.mine;
  const base = next.version >= poll.version ? next : poll;
  if (base === poll && mine === poll.mine) return poll;
  return mine ? { ...base, mine } : base;
}

/** Applies a poll update to its poll in the chat log; the change to tell, or null when nothing changed. */
export function foldPoll(chat: Map<string, ChatEntry>, m: RoomMessage): PollChange | null {
  const { messageId, poll } = m.pollUpdate!;
  const entry = chat.get(messageId);
  if (entry?.kind !== 'message' || !entry.message.poll) return null;
  const next = pollAfter(entry.message.poll, poll);
  if (next === entry.message.poll) return null;
  chat.set(messageId, { ...entry, message: { ...entry.message, poll: next } });
  return { id: m.id, pollId: messageId, poll: next };
}

/** The raised hands, oldest first, after someone's hand went up or down. */
export function handsAfter(hands: RaisedHand[], { hand, ts }: RoomMessage): RaisedHand[] {
  const { userId, name, raised } = hand!;
  const others = hands.filter((h) => h.userId !== userId);
  if (!raised) return others.length === hands.length ? hands : others;
  return others.length < hands.length ? hands : [...hands, { userId, name, raisedAt: ts }];
}
