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
