import type { Self } from '../../src/core/protocol.ts';

/** One connected socket of a participant, as every process can read it. */
export interface PresenceEntry extends Self {
  hidden: boolean;
  /** Seconds since the epoch. */
  joined_at: number;
}

export interface PresenceLimits {
  /** Distinct users the room admits; 0 is unlimited. A present user's further sockets are not counted. */
  maxParticipants: number;
  maxSocketsPerUser: number;
}

export type Admission = { ok: true; firstOfUser: boolean } | { ok: false; code: 'room_full' | 'too_many_connections' };

export interface Departure {
  entry: PresenceEntry;
  /** The user's last socket in the room has gone. */
  userLeft: boolean;
  roomEmpty: boolean;
}

/**
 * Who is connected to which room. Admission checks both limits and records the socket in one atomic step, so two
 * joins racing for the last place cannot both win: in this process (memory) or across processes (Redis, where a
 * process that dies without saying goodbye stops counting once its heartbeat expires).
 */
export interface Presence {
  admit(roomId: string, socketId: string, entry: PresenceEntry, limits: PresenceLimits): Promise<Admission>;
  /** Null when the socket was not (or no longer) present: leaving twice is harmless. */
  leave(roomId: string, socketId: string): Promise<Departure | null>;
  list(roomId: string): Promise<PresenceEntry[]>;
  /** Distinct users present. */
  users(roomId: string): Promise<number>;
  drop(roomId: string): Promise<void>;
  /** Rooms whose participants vanished with a dead process; the caller tells those rooms. */
  onVanished(listener: (roomId: string, departure: Departure) => void): void;
  close(): Promise<void>;
}

interface RoomPresence {
  sockets: Map<string, PresenceEntry>;
  users: Map<string, number>;
}

export class MemoryPresence implements Presence {
  readonly #rooms = new Map<string, RoomPresence>();

  async admit(roomId: string, socketId: string, entry: PresenceEntry, limits: PresenceLimits): Promise<Admission> {
    let room = this.#rooms.get(roomId);
    if (!room) this.#rooms.set(roomId, (room = { sockets: new Map(), users: new Map() }));
    const held = room.users.get(entry.user_id) ?? 0;
    if (held >= limits.maxSocketsPerUser) return { ok: false, code: 'too_many_connections' };
    if (held === 0 && limits.maxParticipants > 0 && room.users.size >= limits.maxParticipants) return { ok: false, code: 'room_full' };
    room.sockets.set(socketId, entry);
    room.users.set(entry.user_id, held + 1);
    return { ok: true, firstOfUser: held === 0 };
  }

  async leave(roomId: string, socketId: string): Promise<Departure | null> {
    const room = this.#rooms.get(roomId);
    const entry = room?.sockets.get(socketId);
    if (!room || !entry) return null;
    room.sockets.delete(socketId);
    const left = (room.users.get(entry.user_id) ?? 1) - 1;
    if (left > 0) room.users.set(entry.user_id, left);
    else room.users.delete(entry.user_id);
    if (room.sockets.size === 0) this.#rooms.delete(roomId);
    return { entry, userLeft: left <= 0, roomEmpty: room.sockets.size === 0 };
  }

  async list(roomId: string): Promise<PresenceEntry[]> {
    return [...(this.#rooms.get(roomId)?.sockets.values() ?? [])];
  }

  async users(roomId: string): Promise<number> {
    return this.#rooms.get(roomId)?.users.size ?? 0;
  }

  async drop(roomId: string): Promise<void> {
    this.#rooms.delete(roomId);
  }

  onVanished(): void {
    // One process: nobody else can die with our participants.
  }

  async close(): Promise<void> {}
}
