/*
 * The outbox's storage (docs/protocol.md "Client ids", README "Outbox"): the store's queued and pending messages and
 * the composer's draft, in localStorage under `room-widgets <server origin> <room id> <user id>`, so that a reload
 * keeps them. Without storage (blocked, full, private mode) the outbox works for the page and nothing is kept.
 * The classic script loads it on demand (dist/room-widgets-outbox.js) when the connection starts; until it arrives,
 * the store keeps the outbox and draft in memory and saves them once it has.
 */

import type { ChatEntry } from './state.ts';

/** A saved outbox entry: client id, text, time, `to`, the id replied to. */
export type Saved = [clientId: string, text: string, ts: number, to?: string | null, replyTo?: string | null];

/** The outbox gives up on a message after 12 h (the server remembers client ids for 24 h). */
const OUTBOX_MS = 12 * 3600 * 1000;

/** What was last written under each key, so that an unchanged outbox is not written again. */
const written: Record<string, string> = {};

/** The draft and the outbox saved under `key`, without the messages over 12 h old. */
export function load(key: string): { d?: string; o: Saved[] } {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}') as { d?: string; o?: Saved[] };
    return { d: saved.d, o: (saved.o ?? []).filter((s) => s[2] > Date.now() - OUTBOX_MS) };
  } catch {
    return { o: [] };
  }
}

/** Saves the queued and pending messages of `entries` and the draft under `key`; none of either: removes it. */
export function save(key: string, entries: Iterable<ChatEntry> = [], d = ''): void {
  const o: Saved[] = [];
  for (const e of entries)
    if (e.kind === 'message' && (e.status === 'queued' || e.status === 'pending'))
      o.push([e.clientId!, e.message.text, e.message.ts, e.to, e.replyTo]);
  const value = o.length || d ? JSON.stringify({ d, o }) : '';
  if (written[key] === value) return;
  written[key] = value;
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage full or blocked: the outbox still works for this page.
  }
}
