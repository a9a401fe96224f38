import type { Participant } from '../public-types.ts';
import type { PresenceChange } from './state.ts';

/**
 * The `presence` events a `presence` update (docs/protocol.md "Presence in large rooms") makes: one, leaving out
 * `self`, or none when nobody else came or went (a room too large to list names nobody: its count is in the state).
 */
export function presenceChange({ joined, left, count }: PresenceChange, self?: string): PresenceChange[] {
  const others = (list: Participant[]) => list.filter((p) => p.userId !== self);
  const change = { joined: others(joined), left: others(left), count };
  return change.joined.length || change.left.length ? [change] : [];
}

/** The participants after an update: who left, and who joined (replacing an earlier entry of theirs), by user. */
export function withPresence(list: Participant[], { joined, left }: PresenceChange): Participant[] {
  const gone = new Set([...left, ...joined].map((p) => p.userId));
  return [...list.filter((p) => !gone.has(p.userId)), ...joined];
}
