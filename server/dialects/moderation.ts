import { RoomRefusal } from '../../src/core/refusal.ts';
import type { LockSettings, RoomModeration } from '../../src/core/protocol.ts';
import { ApiError } from '../http/errors.ts';
import type { DialectDeps } from './deps.ts';

/**
 * Issue 29's extension routes, whichever dialect's base path they are under: the backend's moderation of room
 * `roomId` (the body of the widgets' `chat_moderate`), answered with the room's locks and moderation after it; a
 * refusal becomes the dialect's error (404 for a room that is not active, else the refusal's status or 400).
 */
export async function moderateFor(
  deps: DialectDeps,
  roomId: unknown,
  body: unknown,
): Promise<{ locks: LockSettings; moderation: RoomModeration }> {
  if (!deps.moderate) throw new ApiError(404, null, 'moderation is not available');
  if (typeof roomId !== 'string' || roomId === '') throw new ApiError(400, 'room_id', 'is required');
  try {
    const { locks, state } = (await deps.moderate(roomId, body)).moderation!;
    return { locks, moderation: state };
  } catch (error) {
    if (!(error instanceof RoomRefusal)) throw error;
    const status = error.code === 'room_not_active' ? 404 : (error.status ?? 400);
    throw new ApiError(status, null, `${error.code}: ${error.message}`);
  }
}
