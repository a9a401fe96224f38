import type { FastifyInstance } from 'fastify';
import type { DialectDeps } from '../deps.ts';
import { moderateFor } from '../moderation.ts';

/**
 * Issue 29's controls for a plugNmeet backend: an extension, since plugNmeet's server API (`/auth/room/*`,
 * plugnmeet_auth_room.proto) has no call that changes a running room's chat; its lock settings change only through
 * the client API with a moderator's own token. Signed like every `/auth` route (API-KEY, HASH-SIGNATURE); the body is
 * `chat_moderate`'s with the `room_id` (docs/compatibility.md "Extensions"), answered in plugNmeet's reply shape.
 */
export function moderationRoutes(app: FastifyInstance, deps: DialectDeps): void {
  app.post<{ Body: Record<string, unknown> }>('/room/moderateChat', async (req) => {
    const body = req.body ?? {};
    return { status: true, msg: 'success', status_code: 'SUCCESS', ...(await moderateFor(deps, body.room_id, body)) };
  });
}
