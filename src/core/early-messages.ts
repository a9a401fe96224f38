import type { RoomClient } from './client.ts';
import type { RoomMessage } from './protocol.ts';

/**
 * What reached a room while the classic script was still loading an element's file (src/classic/autoload.ts opens
 * the connection meanwhile): the element, once defined, handles it as if it had been there. Keyed by the element's
 * tag, server attribute and token, as `earlyKey` builds it.
 */
const early = new Map<string, RoomMessage[]>();

export const earlyKey = (tag: string, server: string | null | undefined, token: string) => `${tag}\n${server ?? ''}\n${token}`;

/** Keeps every message `client` receives for `key` until the returned function is called. */
export function keepEarly(key: string, client: RoomClient): () => void {
  const kept: RoomMessage[] = early.get(key) ?? [];
  early.set(key, kept);
  const off = client.on('message', (m) => kept.push(m));
  return () => {
    off();
    early.delete(key);
  };
}

export function earlyMessages(key: string): readonly RoomMessage[] {
  return early.get(key) ?? [];
}
