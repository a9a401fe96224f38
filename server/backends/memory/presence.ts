import type { Admission, Departure, Presence, PresenceEntry, PresenceLimits } from '../../core/presence.ts';

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
    if (held === 0 && limits.maxParticipants > 0 && room.users.size >= limits.maxParticipants)
      return { ok: false, code: 'room_full' };
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
