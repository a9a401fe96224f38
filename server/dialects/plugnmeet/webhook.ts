import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { create, toJsonString } from '@bufbuild/protobuf';
import type { RoomEvent, RoomEventPayload, WebhookFormat } from '../../core/webhooks.ts';
import { CommonNotifyEventSchema } from './gen/plugnmeet_common_pb.ts';
import { participantInfo } from './room-info.ts';

/** plugNmeet's names for the room server's events. */
const EVENTS: Record<RoomEvent, string> = {
  room_started: 'room_created',
  room_finished: 'room_finished',
  participant_joined: 'participant_joined',
  participant_left: 'participant_left',
  message_deleted: 'chat_message_deleted',
};

/**
 * plugNmeet's webhook (plugnmeet-protocol `webhook/notifier.go`): a protobuf-JSON `CommonNotifyEvent` with proto
 * field names and defaults left out, and in both `Authorization` and `Hash-Token` the same HS256 JWT: `iss` the API
 * key, valid 5 minutes, `sha256` the base64 SHA-256 of the body. Only rooms created with a `webhook_url` get them.
 */
export function plugnmeetWebhooks(apiKey: string, apiSecret: string): WebhookFormat {
  const key = new TextEncoder().encode(apiSecret);
  return {
    name: 'plugnmeet',
    urlFor: (room) => room.webhook_url,
    async render(event: RoomEvent, { room, participant, deleted }: RoomEventPayload) {
      // CommonNotifyEvent has no field for a chat message: the deletion rides in the deleter's metadata.
      const info = participant && participantInfo({ ...participant, joined_at: Math.floor(Date.now() / 1000) });
      if (info && deleted) info.metadata = JSON.stringify({ ...(JSON.parse(info.metadata ?? '{}') as object), deleted_message: deleted });
      const message = create(CommonNotifyEventSchema, {
        event: EVENTS[event],
        id: crypto.randomUUID(),
        createdAt: String(Math.floor(Date.now() / 1000)),
        room: {
          sid: room.sid,
          roomId: room.room_id,
          emptyTimeout: room.empty_timeout,
          maxParticipants: room.max_participants,
          creationTime: String(room.creation_time),
          metadata: JSON.stringify(room.metadata),
        },
        ...(info ? { participant: info } : {}),
      });
      const body = toJsonString(CommonNotifyEventSchema, message, { useProtoFieldName: true });
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
