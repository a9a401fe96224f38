import type { RoomRecord, RoomStore } from '../../core/rooms.ts';

export class MemoryRoomStore implements RoomStore {
  readonly #rooms = new Map<string, RoomRecord>();
  async get(roomId: string) {
    return this.#rooms.get(roomId);
  }
  async putIfAbsent(room: RoomRecord) {
    const existing = this.#rooms.get(room.room_id);
    if (existing) return existing;
    this.#rooms.set(room.room_id, room);
    return room;
  }
  async update(roomId: string, change: (room: RoomRecord) => RoomRecord) {
    const room = this.#rooms.get(roomId);
    if (!room) return undefined;
    const next = change(room);
    this.#rooms.set(roomId, next);
    return next;
  }
  async delete(roomId: string) {
    return this.#rooms.delete(roomId);
  }
  async list() {
    return [...this.#rooms.values()];
  }
}
