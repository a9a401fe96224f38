import type { Participant } from '../public-types.ts';
import type { PresenceChange } from './state.ts';

/** Who came and went between two participant lists, leaving out `self`; null when nobody did. */
export function presenceChange(before: Participant[], after: Participant[], self?: string): PresenceChange | null {
  const was = new Set(before.map((p) => p.userId));
  const is = new Set(after.map((p) => p.userId));
  const joined = after.filter((p) => !was.has(p.userId) && p.userId !== self);
  const left = before.filter((p) => !is.has(p.userId) && p.userId !== self);
  return joined.length || left.length ? { joined, left, count: after.length } : null;
}
