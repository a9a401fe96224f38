import type { ModerationChange, Poll, RoomMessage } from './protocol.ts';
import type { RoomMessage as PublicMessage } from './public-types.ts';
import { foldPoll, handsAfter } from './store/folds.ts';
import { moderated } from './store/moderated.ts';
import { reacted } from './store/reactions.ts';
import type { ChatEntry, News, RoomState } from './store/state.ts';
import { withoutQuotedText, tombstoneOf } from './conversation-shapes.ts';
import { locks, moderation, need, reaction } from './validate.ts';

/*
 * The conversation core (issue 34): how the rarer kinds of message (reactions, deletions, edits, moderation, polls,
 * hands: CORE_KINDS in ./core-kinds.ts) are checked as they arrive and folded into the store. The classic script loads
 * it (dist/room-widgets-core.js) the first time such a message arrives or such an action is taken; the connection
 * holds what arrives meanwhile, in order (./connection.ts).
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** Checks and copies the fields of a message of a kind of CORE_KINDS onto `msg` (parseMessage's other fields). */
export function parseKind(v: Obj, msg: RoomMessage): void {
  if (msg.kind === 'reaction') {
    const r = v.reaction;
    need(isObj(r) && isStr(r.message_id) && isStr(r.emoji) && typeof r.on === 'boolean', 'message.reaction');
    msg.reaction = { message_id: r.message_id, emoji: r.emoji, on: r.on };
  }
  if (msg.kind === 'message_deleted') {
    need(isObj(v.deletion) && isStr(v.deletion.message_id), 'message.deletion');
    msg.deletion = { message_id: v.deletion.message_id, by_admin: v.deletion.by_admin === true };
  }
  if (msg.kind === 'message_edited') {
    const e = v.edit;
    need(isObj(e) && isStr(e.message_id) && isStr(e.text), 'message.edit');
    msg.edit = { message_id: e.message_id, text: e.text };
  }
  if (msg.kind === 'moderation') msg.moderation = moderationChange(v.moderation);
  if (msg.kind === 'poll' && !msg.deleted) msg.poll = poll(v.poll);
  if (msg.kind === 'poll_update') {
    const u = v.poll_update;
    need(isObj(u) && isStr(u.message_id), 'message.poll_update');
    msg.poll_update = { message_id: u.message_id, poll: poll(u.poll) };
  }
  if (msg.kind === 'hand') {
    const h = v.hand;
    need(isObj(h) && isStr(h.user_id) && isStr(h.name) && typeof h.raised === 'boolean', 'message.hand');
    msg.hand = h as unknown as RoomMessage['hand'];
  }
}

/** The action (its fields as sent: only hosts' events read them), the locks and the moderation as the room has them now. */
function moderationChange(m: unknown): ModerationChange {
  need(isObj(m) && isStr(m.action), 'message.moderation');
  return { ...m, locks: locks(m.locks), state: moderation(m.state) } as unknown as ModerationChange;
}

/** A poll as the card reads it: counts are integers, texts and names strings (`voters` only where the server named them). */
function poll(p: unknown): Poll {
  need(isObj(p) && isStr(p.question) && Array.isArray(p.options) && isInt(p.voters) && isInt(p.version), 'poll');
  for (const o of p.options) need(isObj(o) && isStr(o.id) && isStr(o.text) && isInt(o.count), 'poll.options');
  for (const o of p.options as Obj[]) if (o.voters) reaction({ emoji: '', users: o.voters });
  return p as unknown as Poll;
}

/**
 * Folds a state message (a poll update, a hand, a deletion, a reaction, an edit, a moderation) into the store's chat
 * log, telling it in `news`; answers the state as it leaves it. `forget`: a deleted message is no longer unread.
 */
export function fold(
  chat: Map<string, ChatEntry>,
  state: RoomState,
  m: PublicMessage,
  news: News[],
  forget: (id: string) => void,
): RoomState {
  if (m.kind === 'poll_update') {
    const polled = foldPoll(chat, m);
    if (polled) news.push(['poll', polled]);
  } else if (m.kind === 'hand') {
    news.push(['hand', m.hand!]);
    return { ...state, hands: handsAfter(state.hands, m) };
  } else if (m.kind === 'message_deleted') {
    const { messageId, byAdmin } = m.deletion!;
    tombstone(chat, messageId, forget);
    news.push(['deleted', { id: m.id, messageId, byAdmin, by: m.from }]);
  } else if (m.kind === 'reaction') {
    const { messageId, emoji, on } = m.reaction!;
    news.push(['reaction', { id: m.id, messageId, emoji, on, from: m.from, reactions: reacted(chat, m) }]);
  } else return moderated(chat, state, m);
  return state;
}

/** The deleted message keeps its place, with no text, file, quote, reaction or mention left in the store. */
function tombstone(chat: Map<string, ChatEntry>, id: string, forget: (id: string) => void): void {
  for (const [key, e] of chat) {
    if (e.kind === 'message' && e.message.replyTo?.id === id)
      chat.set(key, { ...e, message: withoutQuotedText(e.message) });
  }
  const entry = chat.get(id);
  if (entry?.kind !== 'message') return;
  chat.set(id, { ...entry, message: tombstoneOf(entry.message) });
  forget(id);
}
