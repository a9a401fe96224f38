import type { RoomEvent, RoomEventPayload, WebhookFormat } from '../../core/webhooks.ts';

const TYPES: Record<RoomEvent, string> = {
  room_started: 'session.open.success',
  room_finished: 'session.close.success',
  participant_joined: 'peer.join.success',
  participant_left: 'peer.leave.success',
  message_deleted: 'message.delete.success',
  // Extensions (issue 29): 100ms sends no such events.
  message_edited: 'message.edit.success',
  message_pinned: 'message.pin.success',
  chat_moderated: 'chat.moderation.success',
};

/**
 * 100ms's webhooks: one URL for the whole app, `{ version: "2.0", id, app_id, account_id, timestamp, type, data }`.
 * 100ms signs nothing: it sends the headers the app configured (here `HMS_WEBHOOK_HEADERS`), a shared secret say.
 * A room's session is its `sid`; it opens when the room becomes active and closes when it ends.
 */
export function hmsWebhooks(url: string | null, headers: Record<string, string>, accountId: string): WebhookFormat {
  return {
    name: '100ms',
    urlFor: () => url,
    async render(event: RoomEvent, { room, participant, deleted, detail }: RoomEventPayload) {
      const now = new Date().toISOString();
      const session = { room_id: room.room_id, room_name: room.title, session_id: room.sid };
      const started = new Date(room.creation_time * 1000).toISOString();
      let data: Record<string, unknown>;
      if (participant) {
        const { peer_id, user_id, name: user_name, role } = participant;
        const peer = { ...session, peer_id, user_id, user_name, role: role ?? '' };
        if (detail) data = { ...peer, ...detail, changed_at: now };
        else if (deleted)
          data = {
            ...peer,
            message_id: deleted.message_id,
            sender: deleted.author?.user_id ?? null,
            by_admin: deleted.by_admin,
            deleted_at: now,
          };
        else
          data =
            event === 'participant_joined'
              ? { ...peer, joined_at: now }
              : { ...peer, left_at: now, reason: 'client_request' };
      } else {
        data = {
          ...session,
          ...detail,
          session_started_at: started,
          ...(event === 'room_finished' ? { session_stopped_at: now } : {}),
        };
      }
      const id = crypto.randomUUID();
      const body = JSON.stringify({
        version: '2.0',
        id,
        app_id: accountId,
        account_id: accountId,
        timestamp: now,
        type: TYPES[event],
        data,
      });
      return { body, headers };
    },
  };
}
