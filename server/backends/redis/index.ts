import * as nodeRedis from 'redis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { ServerConfig } from '../../config.ts';
import { RateLimiter } from '../../core/limits.ts';
import { treatAsUnavailable } from '../../http/errors.ts';
import { loggableUrl } from '../../ops/logging.ts';
import type { Backends } from '../backends.ts';
import { REACTION_TOGGLES_PER_MESSAGE, REACTION_TOGGLE_WINDOW_MS } from '../../conversation/content.ts';
import { RedisDeadlines } from './deadlines.ts';
import { RedisDeliveries } from './deliveries.ts';
import { RedisHistoryStore } from './history.ts';
import { RedisNonceStore } from './nonces.ts';
import { RedisWriteMemo } from './write-memo.ts';
import { RedisPresence } from './presence.ts';
import { RedisRoomStore } from './rooms.ts';
import { RedisSlowTurns } from './slow-turns.ts';
import type { Redis } from './scripts.ts';

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
    new RateLimiter(
      new RateLimiterRedis({
        storeClient: client,
        useRedisPackage: true,
        points,
        duration: windowMs / 1000,
        keyPrefix,
      }),
    );
  return {
    rooms: new RedisRoomStore(client),
    history: new RedisHistoryStore(client, config.historyLimit),
    nonces: new RedisNonceStore(client),
    slowTurns: new RedisSlowTurns(client),
    writes: new RedisWriteMemo(client),
    chatLimiter: limiter(config.chatRatePoints, config.chatRateWindowMs, 'rw:rl:chat'),
    broadcastLimiter: limiter(1, 1000, 'rw:rl:rc'),
    joinUserLimiter: limiter(config.joinRatePerUser, config.joinRateWindowMs, 'rw:rl:join'),
    ...(config.joinRatePerIp > 0 && {
      joinIpLimiter: limiter(config.joinRatePerIp, config.joinRateWindowMs, 'rw:rl:joinip'),
    }),
    reactionLimiter: limiter(REACTION_TOGGLES_PER_MESSAGE, REACTION_TOGGLE_WINDOW_MS, 'rw:rl:rx'),
    presence,
    deadlines: new RedisDeadlines(client, { pollMs: config.deadlinePollMs, log }),
    deliveries: (emitLocal) =>
      new RedisDeliveries(client, reader, emitLocal, { historyLimit: config.historyLimit, log }),
    adapt: (io) => io.adapter(createAdapter(adapterClient)),
    probe: async () => {
      if (!client.isReady) throw new Error('redis is not connected');
      // Commands wait in node-redis's queue while it reconnects: a readiness probe must not.
      await Promise.race([
        client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('redis PING timed out')), 1000).unref()),
      ]);
    },
    onError: (listener) => void client.on('error', listener),
    close: async () => {
      // QUIT waits for Redis to answer; a client that is offline is simply dropped.
      for (const c of [reader, adapterClient, client])
        await (c.isReady ? c.quit() : Promise.reject()).catch(() => c.destroy());
    },
  };
}
