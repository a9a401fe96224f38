import type { RaisedHand } from '../../../src/core/protocol.ts';
import { oldestFirst, type HandStore } from '../../core/hands.ts';
import { evalScript, type Redis } from './scripts.ts';

const handsKey = (room: string) => `rw:hands:${room}`;

/** HGET and HDEL in one step: of two processes lowering one hand, one gets it. */
const LOWER = `
local hand = redis.call('HGET', KEYS[1], ARGV[1])
if hand then redis.call('HDEL', KEYS[1], ARGV[1]) end
return hand
`;

/** A hash per room, user id → the raised hand's JSON. */
export class RedisHandStore implements HandStore {
  constructor(private readonly redis: Redis) {}

  async raise(roomId: string, hand: RaisedHand) {
    return Boolean(await this.redis.hSetNX(handsKey(roomId), hand.user_id, JSON.stringify(hand)));
  }

  async lower(roomId: string, userId: string) {
    const raw = await evalScript(this.redis, LOWER, [handsKey(roomId)], [userId]);
    return typeof raw === 'string' ? (JSON.parse(raw) as RaisedHand) : undefined;
  }

  async list(roomId: string) {
    return oldestFirst((await this.redis.hVals(handsKey(roomId))).map((raw) => JSON.parse(raw) as RaisedHand));
  }

  async drop(roomId: string) {
    await this.redis.del(handsKey(roomId));
  }
}
