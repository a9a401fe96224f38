import * as nodeRedis from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { Backends } from './app.ts';
import type { ServerConfig } from './config.ts';
import { RateLimiter, type NonceStore } from './core/limits.ts';
import type { RoomRecord, RoomStore } from './core/rooms.ts';
import { treatAsUnavailable } from './http/errors.ts';
import { RedisDeadlines } from './redis/deadlines.ts';
import { RedisDeliveries } from './redis/deliveries.ts';
import { RedisHistoryStore } from './redis/history.ts';
import { RedisPresence } from './redis/presence.ts';
import { loggableUrl } from './ops/logging.ts';

type Redis = ReturnType<typeof nodeRedis.createClient>;

const k = {
  rooms: 'rw:rooms',
  nonce: (nonce: string) => `rw:nonce:${nonce}`,
};

export class RedisRoomStore implements RoomStore {
  constructor(private readonly redis: Redis) {}
  async get(roomId: string) {
    const raw = await this.redis.hGet(k.rooms, roomId);
    return raw ? (JSON.parse(raw) as RoomRecord) : undefined;
  }
  /** HSETNX: of two processes creating one room at once, both end up with the same record. */
  async putIfAbsent(room: RoomRecord) {
    if (await this.redis.hSetNX(k.rooms, room.room_id, JSON.stringify(room))) return room;
    return (await this.get(room.room_id)) ?? room;
  }
  /** Only the process whose HDEL removed the room reports true, so a room ends once. */
  async delete(roomId: string) {
    return (await this.redis.hDel(k.rooms, roomId)) > 0;
  }
  async list() {
    return (await this.redis.hVals(k.rooms)).map((raw) => JSON.parse(raw) as RoomRecord);
  }
}

export class RedisNonceStore implements NonceStore {
  constructor(private readonly redis: Redis) {}
  async claim(nonce: string, ttlMs: number) {
    return (await this.redis.set(k.nonce(nonce), '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } })) === 'OK';
  }
}

export interface RedisLog {
  info(msg: string): void;
  error(msg: string): void;
}

/**
 * Shared state for several server processes: rooms, history and sequence numbers, nonces and rate limits in Redis,
 * and socket.io's Redis Streams adapter so a message published by any process reaches sockets on all of them.
 * node-redis reconnects by itself; while Redis is away, API calls fail with 5xx and the log says why once.
 */
export async function redisBackends(config: ServerConfig, log: RedisLog): Promise<Backends> {
  const url = loggableUrl(config.redisUrl!);
  let down = false;
  // Errors of an unreachable Redis answer 503 (retry), never a silent loss; without the offline queue a call fails
  // at once instead of waiting for Redis to come back.
  const { ClientClosedError, ClientOfflineError, ConnectionTimeoutError, DisconnectsClientError } = nodeRedis;
  const { ReconnectStrategyError, SocketClosedUnexpectedlyError, SocketTimeoutError, TimeoutError } = nodeRedis;
  treatAsUnavailable(ClientClosedError, ClientOfflineError, ConnectionTimeoutError, DisconnectsClientError);
  treatAsUnavailable(ReconnectStrategyError, SocketClosedUnexpectedlyError, SocketTimeoutError, TimeoutError);
  const client: Redis = nodeRedis.createClient({
    url: config.redisUrl!,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 1000), connectTimeout: 3000 },
  });
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    log.error(`redis at ${url} is unreachable (${error.message}); retrying every few seconds`);
  });
  client.on('ready', () => {
    if (down) log.info(`redis at ${url} is reachable again`);
    down = false;
  });
  await client.connect();
  // Connections of their own for the blocking reads: the delivery stream's XREAD, and socket.io's adapter. The
  // adapter's read loop retries at once on a failed command, so its client keeps the offline queue: without it,
  // that loop spins on rejections and starves the event loop while Redis is away.
  const [reader, adapterClient] = [client.duplicate(), client.duplicate({ disableOfflineQueue: false })];
  for (const extra of [reader, adapterClient]) {
    extra.on('error', () => undefined); // the main client already says when Redis is away
    await extra.connect();
  }
  const presence = new RedisPresence(client, { heartbeatMs: config.presenceHeartbeatMs, log });
  const limiter = (points: number, windowMs: number, keyPrefix: string) =>
    new RateLimiter(new RateLimiterRedis({ storeClient: client, useRedisPackage: true, points, duration: windowMs / 1000, keyPrefix }));
  return {
    rooms: new RedisRoomStore(client),
    history: new RedisHistoryStore(client, config.historyLimit),
    nonces: new RedisNonceStore(client),
    chatLimiter: limiter(config.chatRatePoints, config.chatRateWindowMs, 'rw:rl:chat'),
    broadcastLimiter: limiter(1, 1000, 'rw:rl:rc'),
    presence,
    deadlines: new RedisDeadlines(client, { pollMs: config.deadlinePollMs, log }),
    deliveries: (emitLocal) => new RedisDeliveries(client, reader, emitLocal, { historyLimit: config.historyLimit, log }),
    adapt: (io) => io.adapter(createAdapter(adapterClient)),
    probe: async () => {
      if (!client.isReady) throw new Error('redis is not connected');
      // Commands wait in node-redis's queue while it reconnects: a readiness probe must not.
      await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('redis PING timed out')), 1000).unref())]);
    },
    onError: (listener) => void client.on('error', listener),
    close: async () => {
      // QUIT waits for Redis to answer; a client that is offline is simply dropped.
      for (const c of [reader, adapterClient, client]) await (c.isReady ? c.quit() : Promise.reject()).catch(() => c.destroy());
    },
  };
}
