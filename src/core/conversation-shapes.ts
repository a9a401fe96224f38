import type { Quote, RoomMessage } from './protocol.ts';

/** The part of a message a reply quotes, in code points. */
const EXCERPT_CODE_POINTS = 100;

/** What a reply to `m` quotes: the server builds it, and the store shows the same for a reply still pending. */
export function quoteOf(m: RoomMessage): Quote {
  return { id: m.id, from: m.from, excerpt: [...(m.file?.name ?? m.text)].slice(0, EXCERPT_CODE_POINTS).join('') };
}

/** What is left of a deleted message: who sent it to whom and when, never what. */
export function tombstoneOf(m: RoomMessage): RoomMessage {
  const { id, room_id, seq, ts, kind, from, to } = m;
  return { id, room_id, seq, ts, kind, from, private: m.private, ...(to ? { to } : {}), text: '', deleted: true };
}

/** A reply whose original was deleted keeps pointing at it, without its words. */
export function withoutQuotedText(m: RoomMessage): RoomMessage {
  if (!m.reply_to || m.reply_to.deleted) return m;
  return { ...m, reply_to: { id: m.reply_to.id, from: m.reply_to.from, excerpt: '', deleted: true } };
}
