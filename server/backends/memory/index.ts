import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { ServerConfig } from '../../config.ts';
import { MemoryWindowLimiter, RateLimiter } from '../../core/limits.ts';
import type { Backends } from '../backends.ts';
import { REACTION_TOGGLES_PER_MESSAGE, REACTION_TOGGLE_WINDOW_MS } from '../../conversation/content.ts';
import { MemoryDeadlines } from './deadlines.ts';
import { DirectDeliveries } from './deliveries.ts';
import { MemoryHandStore } from './hands.ts';
import { MemoryHistoryStore } from './history.ts';
import { MemoryNonceStore } from './nonces.ts';
import { MemoryPresence } from './presence.ts';
import { MemoryRoomStore } from './rooms.ts';
import { MemoryWriteMemo } from './write-memo.ts';
import { MemorySlowTurns } from './slow-turns.ts';

const memoryLimiter = (points: number, windowMs: number) =>
  new RateLimiter(new RateLimiterMemory({ points, duration: windowMs / 1000 }));

/** One process, nothing shared: the default, and what the tests of a single server use. */
export function memoryBackends(config: ServerConfig): Backends {
  const history = new MemoryHistoryStore(config.historyLimit);
  return {
    rooms: new MemoryRoomStore(),
    history,
    hands: new MemoryHandStore(),
    deliveries: (emit) => new DirectDeliveries(history, emit),
    nonces: new MemoryNonceStore(),
    writes: new MemoryWriteMemo(),
    chatLimiter: memoryLimiter(config.chatRatePoints, config.chatRateWindowMs),
    broadcastLimiter: memoryLimiter(1, 1000),
    joinUserLimiter: new MemoryWindowLimiter(config.joinRatePerUser, config.joinRateWindowMs),
    ...(config.joinRatePerIp > 0 && {
      joinIpLimiter: new MemoryWindowLimiter(config.joinRatePerIp, config.joinRateWindowMs),
    }),
    reactionLimiter: memoryLimiter(REACTION_TOGGLES_PER_MESSAGE, REACTION_TOGGLE_WINDOW_MS),
    slowTurns: new MemorySlowTurns(),
    presence: new MemoryPresence(),
    deadlines: new MemoryDeadlines(),
  };
}
