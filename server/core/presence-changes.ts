import type { Participant, ParticipantsPage, PresencePayload } from '../../src/core/protocol.ts';

/**
 * How long participant changes are gathered before one `presence` update goes to the room: longer for larger rooms,
 * so a join storm of n widgets costs a few updates in all, not one per join.
 */
export function participantsDelayMs(roomSize: number): number {
  return Math.min(5000, Math.max(100, roomSize * 10));
}

/** A room's joins and leaves since its last update, by user: a leave and a rejoin within one window cancel out. */
type Pending = Map<string, { participant: Participant; joined: boolean }>;

/**
 * Gathers each room's joins and leaves and hands them to `announce` once per window (`participantsDelayMs` of the
 * room's size on this process): widgets get the changes, never the whole list again (docs/protocol.md "Presence").
 */
export class PresenceChanges {
  readonly #rooms = new Map<string, { timer: NodeJS.Timeout; pending: Pending }>();

  constructor(
    private readonly announce: (roomId: string, joined: Participant[], left: Participant[]) => void,
    private readonly localSize: (roomId: string) => number,
  ) {}

  /** A visible user's first socket joined (`joined`), or its last one left. */
  note(roomId: string, participant: Participant, joined: boolean): void {
    let room = this.#rooms.get(roomId);
    if (!room) {
      const timer = setTimeout(() => this.#send(roomId), participantsDelayMs(this.localSize(roomId)));
      timer.unref();
      room = { timer, pending: new Map() };
      this.#rooms.set(roomId, room);
    }
    const before = room.pending.get(participant.user_id);
    if (before && before.joined !== joined) room.pending.delete(participant.user_id);
    else room.pending.set(participant.user_id, { participant, joined });
  }

  #send(roomId: string): void {
    const room = this.#rooms.get(roomId);
    this.#rooms.delete(roomId);
    if (!room || room.pending.size === 0) return;
    const joined: Participant[] = [];
    const left: Participant[] = [];
    for (const { participant, joined: j } of room.pending.values()) (j ? joined : left).push(participant);
    this.announce(roomId, joined, left);
  }

  drop(roomId: string): void {
    clearTimeout(this.#rooms.get(roomId)?.timer);
    this.#rooms.delete(roomId);
  }

  close(): void {
    for (const roomId of [...this.#rooms.keys()]) this.drop(roomId);
  }
}

/** What a room's widgets are told of a change: above `listMax` participants, the count alone. */
export function presenceUpdate(
  joined: Participant[],
  left: Participant[],
  count: number,
  listMax: number,
): PresencePayload {
  return count > listMax ? { joined: [], left: [], count } : { joined, left, count };
}

export const SEARCH_PAGE_MAX = 50;

/**
 * One page of the participants whose name (any word of it) or user id starts with `query`, case-insensitively, by
 * name: what the `@` suggestions and the recipient picker show in a room too large to hold everyone.
 */
export function searchPage(all: Participant[], query: string, offset: number, limit: number): ParticipantsPage {
  const q = query.trim().toLowerCase();
  const starts = (s: string) => {
    const l = s.toLowerCase();
    return l.startsWith(q) || l.split(/\s+/).some((w) => w.startsWith(q));
  };
  const found = all.filter((p) => starts(p.name) || starts(p.user_id)).sort((a, b) => a.name.localeCompare(b.name));
  const size = Math.max(1, Math.min(SEARCH_PAGE_MAX, limit));
  const participants = found.slice(offset, offset + size);
  return { ok: true, participants, next: offset + size < found.length ? offset + size : null, total: found.length };
}
