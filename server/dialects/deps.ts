import type { ServerConfig } from '../config.ts';
import type { RoomService } from '../core/room-service.ts';
import type { TokenAuthority } from '../auth/tokens.ts';
import type { NonceStore, RateLimiter } from '../core/limits.ts';
import type { RoomMessage } from '../../src/core/protocol.ts';

/** What every dialect front door is given: one delivery core, one token authority. */
export interface DialectDeps {
  config: ServerConfig;
  service: RoomService;
  tokens: TokenAuthority;
  nonces: NonceStore;
  broadcastLimiter: RateLimiter;
  /**
   * Issue 29: the backend's moderation of a room (`lock_chat`, `mute`, `slow_mode`, `clear`, `pin` with their fields,
   * as the widgets' `chat_moderate`), through the conversation policy as an admin. Rejects with a RoomRefusal.
   */
  moderate?: (roomId: string, request: unknown) => Promise<RoomMessage>;
}

/** The largest payload 100ms and RongCloud messages may carry (RongCloud's documented limit). */
export const MAX_PAYLOAD_BYTES = 128 * 1024;
