import type { WriteMemo } from '../core/client-writes.ts';
import type { SlowTurns } from '../conversation/policy.ts';
import type { Deadlines } from '../core/deadlines.ts';
import type { Deliveries, Emit } from '../core/deliveries.ts';
import type { HandStore } from '../core/hands.ts';
import type { HistoryStore } from '../core/history.ts';
import type { Limiter, NonceStore, RateLimiter } from '../core/limits.ts';
import type { Presence } from '../core/presence.ts';
import type { RoomStore } from '../core/rooms.ts';
import type { RoomServer } from '../realtime/room-server.ts';

/** Where shared state lives: memory for one process (./memory); Redis for several (./redis). */
export interface Backends {
  rooms: RoomStore;
  history: HistoryStore;
  /** Raised hands. */
  hands: HandStore;
  nonces: NonceStore;
  /** Widgets' client ids and what each write published (exactly-once writes). */
  writes: WriteMemo;
  chatLimiter: RateLimiter;
  broadcastLimiter: RateLimiter;
  /** Joins per room and user (`JOIN_RATE_PER_USER`). */
  joinUserLimiter: Limiter;
  /** Joins per IP address (`JOIN_RATE_PER_IP`); absent when that is 0. */
  joinIpLimiter?: Limiter;
  /** One user's reaction toggles on one message (REACTION_TOGGLES_PER_MESSAGE a minute). */
  reactionLimiter: RateLimiter;
  /** Slow mode's turns (issue 29). */
  slowTurns: SlowTurns;
  presence: Presence;
  deadlines: Deadlines;
  /** Numbers, keeps and delivers each message, in one order per room (across processes with Redis). */
  deliveries: (emit: Emit) => Deliveries;
  /** Installs a socket.io adapter that spans processes. */
  adapt?: (io: RoomServer) => void;
  close?: () => Promise<void>;
  /** Rejects when the shared store cannot be reached (readiness). */
  probe?: () => Promise<void>;
  onError?: (listener: () => void) => void;
}
