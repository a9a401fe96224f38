import type { FastifyInstance } from 'fastify';
import { RoomRefusal } from '../../../src/core/refusal.ts';
import type { RoomMessage } from '../../../src/core/protocol.ts';
import { ApiError } from '../../http/errors.ts';
import type { DialectDeps } from '../deps.ts';

/**
 * Issue 29's controls for a plugNmeet backend: an extension, since plugNmeet's server API (`/auth/room/*`,
 * plugnmeet_auth_room.proto) has no call that changes a running room's chat; its lock settings change only through
 * the client API with a moderator's own token. Signed like every `/auth` route (API-KEY, HASH-SIGNATURE); the body is
 * `chat_moderate`'s with the `room_id` (docs/compatibility.md "Extensions"), answered in plugNmeet's reply shape.
 */
export function moderationRoutes(app: FastifyInstance, deps: DialectDeps): void {
  const moderate = deps.moderate;
  if (!moderate) return;
  app.post<{ Body: Record<string, unknown> }>('/room/moderateChat', async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const roomId = body.room_id;
    if (typeof roomId !== 'string' || roomId === '') throw new ApiError(400, 'room_id', 'is required');
    let message: RoomMessage;
    try {
      message = await moderate(roomId, body);
    } catch (error) {
      if (!(error instanceof RoomRefusal)) throw error;
      const status = error.code === 'room_not_active' ? 404 : (error.status ?? 400);
      throw new ApiError(status, null, `${error.code}: ${error.message}`);
    }
    const { locks, state } = message.moderation!;
    return { status: true, msg: 'success', status_code: 'SUCCESS', locks, moderation: state };
  });
}
