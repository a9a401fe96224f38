import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RoomEvent, RoomEventPayload, WebhookFormat } from '../../core/webhooks.ts';

/** plugNmeet's names for the room server's events. */
const EVENTS: Record<RoomEvent, string> = {
  room_started: 'room_created',
  room_finished: 'room_finished',
  participant_joined: 'participant_joined',
  participant_left: 'participant_left',
  message_deleted: 'chat_message_deleted',
  // Extensions (issue 29): plugNmeet has no such events; they ride like the deletion.
  message_edited: 'chat_message_edited',
  message_pinned: 'chat_message_pinned',
  chat_moderated: 'chat_moderated',
};

/**
 * plugNmeet's webhook: a `CommonNotifyEvent` in protobuf-JSON (proto field names, 64-bit integers as strings), and in
 * both `Authorization` and `Hash-Token` the same HS256 JWT: `iss` the API key, valid 5 minutes, `sha256` the base64
 * SHA-256 of the body. Only rooms created with a `webhook_url` get them.
 */
export function plugnmeetWebhooks(apiKey: string, apiSecret: string): WebhookFormat {
  const key = new TextEncoder().encode(apiSecret);
  return {
    name: 'plugnmeet',
    urlFor: (room) => room.webhook_url,
    async render(event: RoomEvent, { room, participant, deleted, detail }: RoomEventPayload) {
      const now = String(Math.floor(Date.now() / 1000));
      // CommonNotifyEvent has no field for a chat message: a deletion rides in the deleter's metadata.
      const participantInfo = participant && {
        sid: participant.peer_id,
        identity: participant.user_id,
        state: 'ACTIVE',
        metadata: JSON.stringify({
          is_admin: participant.is_admin,
          role: participant.role,
          ...(deleted ? { deleted_message: deleted } : {}),
          ...(detail ? { change: detail } : {}),
        }),
        joined_at: now,
        name: participant.name,
      };
      const body = JSON.stringify({
        event: EVENTS[event],
        id: crypto.randomUUID(),
        created_at: now,
        room: {
          sid: room.sid,
          room_id: room.room_id,
          ...(room.empty_timeout ? { empty_timeout: room.empty_timeout } : {}),
          ...(room.max_participants ? { max_participants: room.max_participants } : {}),
          creation_time: String(room.creation_time),
          metadata: JSON.stringify(room.metadata),
        },
        ...(participantInfo ? { participant: participantInfo } : {}),
        // A change the backend made has no participant: its detail rides in the event's own metadata field.
        ...(detail && !participantInfo ? { metadata: JSON.stringify({ change: detail }) } : {}),
      });
      const sha256 = createHash('sha256').update(body).digest('base64');
      const token = await new SignJWT({ sha256 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(apiKey)
        .setNotBefore('0s')
        .setExpirationTime('5m')
        .sign(key);
      return { body, headers: { Authorization: token, 'Hash-Token': token } };
    },
  };
}
