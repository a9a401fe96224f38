import type { RoomClient } from './client.ts';
import type { RoomStoreEvents } from './store/room-store.ts';

/** The events an element turns into host events, in the order they came. */
type Kept = 'message' | 'reaction' | 'deleted' | 'mention';
export type EarlyEvent = { [K in Kept]: [K, RoomStoreEvents[K]] }[Kept];
const KEPT: Kept[] = ['message', 'reaction', 'deleted', 'mention'];

/**
 * What reached a room while the classic script was still loading an element's file (src/classic/autoload.ts opens
 * the connection meanwhile): the element, once defined, handles it as if it had been there. Keyed by the element's
 * tag, server attribute and token, as `earlyKey` builds it.
 */
const early = new Map<string, EarlyEvent[]>();

export const earlyKey = (tag: string, server: string | null | undefined, token: string) => `${tag}\n${server ?? ''}\n${token}`;

/** Keeps what `client` receives for `key` until the returned function is called. */
export function keepEarly(key: string, client: RoomClient): () => void {
  const kept: EarlyEvent[] = early.get(key) ?? [];
  early.set(key, kept);
  const offs = KEPT.map((name) => client.on(name, (value) => kept.push([name, value] as EarlyEvent)));
  return () => {
    offs.forEach((off) => off());
    early.delete(key);
  };
}

/** What was kept for `key` of one kind, in order. */
export function earlyEvents<K extends Kept>(key: string, name: K): Array<RoomStoreEvents[K]> {
  return (early.get(key) ?? []).filter((e) => e[0] === name).map((e) => e[1] as RoomStoreEvents[K]);
}
