import type { RoomClient } from './client.ts';
import type { RoomStoreEvents } from './store/room-store.ts';

/** The events an element turns into host events, in the order they came. */
type Kept = 'message' | 'reaction' | 'deleted' | 'mention';
export type EarlyEvent = { [K in Kept]: [K, RoomStoreEvents[K]] }[Kept];
const KEPT: Kept[] = ['message', 'reaction', 'deleted', 'mention'];
/** A file that never arrives must not make the page hold every event of the meeting. */
const MOST_KEPT = 200;

/**
 * What reached a room while the classic script was still loading an element's file (src/classic/autoload.ts opens
 * the connection meanwhile): the element, once defined, handles it as if it had been there. Keyed by the element's
 * tag, server attribute and token, as `earlyKey` builds it.
 */
const early = new Map<string, EarlyEvent[]>();

export const earlyKey = (tag: string, server: string | null | undefined, token: string) => `${tag}\n${server ?? ''}\n${token}`;

/**
 * Keeps what `client` receives for `key` until the returned function is called: with `true` once the element is
 * defined (what was kept goes), with `false` when its file failed (kept for the next attempt; the connection's
 * resume brings what comes in between).
 */
export function keepEarly(key: string, client: RoomClient): (defined: boolean) => void {
  const kept: EarlyEvent[] = early.get(key) ?? [];
  early.set(key, kept);
  const offs = KEPT.map((name) => client.on(name, (value) => kept.push([name, value] as EarlyEvent) > MOST_KEPT && kept.shift()));
  return (defined) => {
    offs.forEach((off) => off());
    if (defined) early.delete(key);
  };
}

/** What was kept for `key`, in the order it came. */
export function earlyEvents(key: string): readonly EarlyEvent[] {
  return early.get(key) ?? [];
}
