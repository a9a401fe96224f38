import type { ServerConfig } from '../config.ts';
import type { RoomService } from '../core/room-service.ts';
import type { TokenAuthority } from '../auth/tokens.ts';
import type { NonceStore, RateLimiter } from '../core/limits.ts';

/** What every dialect front door is given: one delivery core, one token authority. */
export interface DialectDeps {
  config: ServerConfig;
  service: RoomService;
  tokens: TokenAuthority;
  nonces: NonceStore;
  broadcastLimiter: RateLimiter;
}

/** The largest payload 100ms and RongCloud messages may carry (RongCloud's documented limit). */
export const MAX_PAYLOAD_BYTES = 128 * 1024;
