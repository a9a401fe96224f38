/*
 * The outbox's storage (docs/protocol.md "Client ids", README "Outbox"): the store's queued and pending messages and
 * the composer's draft, in localStorage under `room-widgets <server origin> <room id> <user id>`, so that a reload
 * keeps them. Without storage (blocked, full, private mode) the outbox works for the page and nothing is kept.
 */

import { quoteOf } from '../conversation-shapes.ts';
import type { RoomMessage, Self } from '../public-types.ts';
import type { ChatEntry } from './state.ts';

/** A saved outbox entry: client id, text, time, `to`, the id replied to. */
export type Saved = [string, string, number, string | null, string | null];

/** The outbox gives up on a message after 12 h (the server remembers client ids for 24 h). */
export const OUTBOX_MS = 12 * 3600 * 1000;

/** A client id for one write; `randomUUID` needs a secure context, `getRandomValues` does not. */
export const newClientId = (): string =>
  crypto.randomUUID?.() ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16)).join('-');

export function load(key: string): { d?: string; o?: Saved[] } {
  try {
    return JSON.parse(localStorage.getItem(key) ?? '{}') as { d?: string; o?: Saved[] };
  } catch {
    return {};
  }
}

/** Saves `value` under `key`; empty: removes it. */
export function store(key: string, value: string): void {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the outbox still works for this page.
  }
}

/** The queued and pending messages and the draft, as saved; empty when there is none. */
export function serialize(entries: Iterable<ChatEntry>, d: string): string {
  const o: Saved[] = [];
  for (const e of entries)
    if (e.kind === 'message' && (e.status === 'queued' || e.status === 'pending'))
      o.push([e.clientId!, e.message.text, e.message.ts, e.to ?? null, e.replyTo ?? null]);
  return o.length || d ? JSON.stringify({ d, o }) : '';
}

/** A message of yours as the outbox lists it (`queued`), quoting `original` when it replies to a loaded message. */
export function outgoing(
  id: string,
  self: Self,
  roomId: string,
  [clientId, text, ts, to, replyTo]: Saved,
  original: RoomMessage | undefined,
): Extract<ChatEntry, { kind: 'message' }> {
  const message: RoomMessage = {
    id: '',
    roomId,
    seq: null,
    ts,
    kind: 'chat',
    from: self,
    private: to !== null || !!original?.private,
    text,
    clientId,
  };
  if (original) message.replyTo = quoteOf(original);
  const entry: Extract<ChatEntry, { kind: 'message' }> = { kind: 'message', id, status: 'queued', message, clientId };
  if (to !== null) entry.to = to;
  if (replyTo !== null) entry.replyTo = replyTo;
  return entry;
}
