import type { RoomRecord, RoomStore } from '../../core/rooms.ts';
import type { Redis } from './scripts.ts';

const ROOMS = 'rw:rooms';

export class RedisRoomStore implements RoomStore {
  constructor(private readonly redis: Redis) {}
  async get(roomId: string) {
    const raw = await this.redis.hGet(ROOMS, roomId);
    return raw ? (JSON.parse(raw) as RoomRecord) : undefined;
  }
  /** HSETNX: of two processes creating one room at once, both end up with the same record. */
  async putIfAbsent(room: RoomRecord) {
    if (await this.redis.hSetNX(ROOMS, room.room_id, JSON.stringify(room))) return room;
    return (await this.get(room.room_id)) ?? room;
  }
  /** Only the process whose HDEL removed the room reports true, so a room ends once. */
  async delete(roomId: string) {
    return (await this.redis.hDel(ROOMS, roomId)) > 0;
  }
  async list() {
    return (await this.redis.hVals(ROOMS)).map((raw) => JSON.parse(raw) as RoomRecord);
  }
}
