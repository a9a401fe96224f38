import type { RoomRecord, RoomStore } from '../../core/rooms.ts';
import { evalScript, type Redis } from './scripts.ts';

const ROOMS = 'rw:rooms';
/** Replaces a room's record if it is still what was read (KEYS: rooms; ARGV: room id, old, new). */
const REPLACE_ROOM = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;
const UPDATE_ATTEMPTS = 8;

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
  /** Compare-and-swap of the record, retried when another process changed it in between. */
  async update(roomId: string, change: (room: RoomRecord) => RoomRecord) {
    for (let attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
      const raw = await this.redis.hGet(ROOMS, roomId);
      if (!raw) return undefined;
      const next = change(JSON.parse(raw) as RoomRecord);
      if ((await evalScript(this.redis, REPLACE_ROOM, [ROOMS], [roomId, raw, JSON.stringify(next)])) === 1) return next;
    }
    throw new Error(`room ${roomId} kept changing while it was updated`);
  }
  /** Only the process whose HDEL removed the room reports true, so a room ends once. */
  async delete(roomId: string) {
    return (await this.redis.hDel(ROOMS, roomId)) > 0;
  }
  async list() {
    return (await this.redis.hVals(ROOMS)).map((raw) => JSON.parse(raw) as RoomRecord);
  }
}
