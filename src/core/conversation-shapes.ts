import type { Quote as WireQuote, RoomMessage as WireMessage } from './protocol.ts';
import type { Quote, RoomMessage } from './public-types.ts';

/*
 * Written once for both sides: the server applies them to wire messages (snake_case), the store to the public ones it
 * holds (camelCase, see public-types.ts). Only `room_id` / `reply_to` are spelled differently.
 */

/** The part of a message a reply quotes, in code points. */
const EXCERPT_CODE_POINTS = 100;

/** What a reply to `m` quotes: the server builds it, and the store shows the same for a reply still pending. */
export function quoteOf(m: WireMessage): WireQuote;
export function quoteOf(m: RoomMessage): Quote;
export function quoteOf(m: WireMessage | RoomMessage): WireQuote | Quote {
  return { id: m.id, from: m.from, excerpt: [...(m.file?.name ?? m.text)].slice(0, EXCERPT_CODE_POINTS).join('') } as
    WireQuote | Quote;
}

/** What is left of a deleted message: who sent it to whom and when, never what. */
export function tombstoneOf<M extends WireMessage | RoomMessage>(m: M): M {
  const { id, seq, ts, kind, from, to } = m;
  const room = 'roomId' in m ? { roomId: m.roomId } : { room_id: m.room_id };
  return { id, ...room, seq, ts, kind, from, private: m.private, ...(to ? { to } : {}), text: '', deleted: true } as M;
}

/** A reply whose original was deleted keeps pointing at it, without its words. */
export function withoutQuotedText<M extends WireMessage | RoomMessage>(m: M): M {
  const key = 'replyTo' in m ? 'replyTo' : 'reply_to';
  const quote = (m as Partial<Record<typeof key, Quote>>)[key];
  if (!quote || quote.deleted) return m;
  return { ...m, [key]: { id: quote.id, from: quote.from, excerpt: '', deleted: true } };
}
