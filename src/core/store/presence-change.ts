import type { Participant } from '../public-types.ts';
import type { PresenceChange } from './state.ts';

/**
 * The `presence` events a `presence` update (docs/protocol.md "Presence in large rooms") makes: one, or none when
 * nobody else came or went. News only to this page: never `self`, no join of someone its list (`before`) holds
 * already nor a leave of someone it never held (an update gathered while this page joined names both); a room too
 * large to list names nobody (its count is in the state).
 */
export function presenceChange(
  { joined, left, count }: PresenceChange,
  before: Participant[],
  self?: string,
): PresenceChange[] {
  const held = new Set(before.map((p) => p.userId));
  const change = {
    joined: joined.filter((p) => p.userId !== self && !held.has(p.userId)),
    left: left.filter((p) => p.userId !== self && held.has(p.userId)),
    count,
  };
  return change.joined.length || change.left.length ? [change] : [];
}

/** The participants after an update: who left, and who joined (replacing an earlier entry of theirs), by user. */
export function withPresence(list: Participant[], { joined, left }: PresenceChange): Participant[] {
  const gone = new Set([...left, ...joined].map((p) => p.userId));
  return [...list.filter((p) => !gone.has(p.userId)), ...joined];
}
