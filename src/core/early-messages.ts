import type { RoomClient } from './client.ts';
import type { RoomMessage } from './public-types.ts';

/** A file that never arrives must not make the page hold every message of the meeting. */
const MOST_KEPT = 200;

/**
 * What reached a room while the classic script was still loading an element's file (src/classic/autoload.ts opens
 * the connection meanwhile): the element, once defined, shows it as if it had been there (a toast). Keyed by the
 * element's tag, server attribute and token, as `earlyKey` builds it. The host's events for it are not kept here:
 * src/core/host-events.ts holds them until a widget of the room is mounted.
 */
const early = new Map<string, RoomMessage[]>();

export const earlyKey = (tag: string, server: string | null | undefined, token: string) =>
  `${tag}\n${server ?? ''}\n${token}`;

/**
 * Keeps what `client` receives for `key` until the returned function is called: with `true` once the element is
 * defined (what was kept goes), with `false` when its file failed (kept for the next attempt; the connection's
 * resume brings what comes in between).
 */
export function keepEarly(key: string, client: RoomClient): (defined: boolean) => void {
  const kept: RoomMessage[] = early.get(key) ?? [];
  early.set(key, kept);
  const off = client.on('message', (m) => kept.push(m) > MOST_KEPT && kept.shift());
  return (defined) => {
    off();
    if (defined) early.delete(key);
  };
}

/** What was kept for `key`, in the order it came. */
export function earlyMessages(key: string): readonly RoomMessage[] {
  return early.get(key) ?? [];
}
