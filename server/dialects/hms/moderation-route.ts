import type { FastifyInstance } from 'fastify';
import type { DialectDeps } from '../deps.ts';
import { moderateFor } from '../moderation.ts';

/**
 * Issue 29's controls for a 100ms backend: an extension (100ms's server API has no chat moderation), under its
 * active-rooms path and authorised like its other routes (a management token); the body is `chat_moderate`'s.
 */
export function hmsModerationRoute(app: FastifyInstance, deps: DialectDeps): void {
  app.post<{ Params: { room_id: string }; Body: unknown }>('/active-rooms/:room_id/moderate-chat', async (req) =>
    moderateFor(deps, req.params.room_id, req.body),
  );
}
