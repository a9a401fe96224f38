import type { PresenceEntry } from '../../core/presence.ts';
import type { RoomRecord } from '../../core/rooms.ts';

/** A room as plugNmeet's `ActiveRoomInfo`; its flags are int32 (1 running), not booleans. */
export function activeRoomInfo(room: RoomRecord, joinedUsers: number) {
  return {
    room_title: room.title,
    room_id: room.room_id,
    sid: room.sid,
    joined_participants: joinedUsers,
    is_running: 1,
    webhook_url: room.webhook_url ?? '',
    creation_time: room.creation_time,
    metadata: JSON.stringify(room.metadata),
  };
}

/** A widget connection as the LiveKit `ParticipantInfo` plugNmeet reports: `sid` is the peer id, `identity` the user. */
function participantInfo(peer: PresenceEntry) {
  return {
    sid: peer.peer_id,
    identity: peer.user_id,
    state: 'ACTIVE',
    metadata: JSON.stringify({ is_admin: peer.is_admin, role: peer.role }),
    joined_at: peer.joined_at,
    joined_at_ms: peer.joined_at * 1000,
    name: peer.name,
    version: 1,
  };
}

/** `ActiveRoomWithParticipant`; joined participants count users, not their sockets. */
export function roomWithParticipants(room: RoomRecord, peers: PresenceEntry[]) {
  return {
    room_info: activeRoomInfo(room, new Set(peers.map((p) => p.user_id)).size),
    participants_info: peers.map(participantInfo),
  };
}

type Written = Record<string, unknown>;

/**
 * What a snake_case (1.x) backend was promised on top of the protocol's `ActiveRoomInfo`: the seed documents
 * `createRoom`'s `room_info` as LiveKit's room (`name`, `max_participants`, `empty_timeout`), and 1.4.1's types have
 * the room flags as booleans. A protobuf-JSON parser would refuse both, so protobuf-JSON requests never get them.
 */
export function withOlderFields(info: Written, room?: RoomRecord): Written {
  const flags = {
    is_running: info.is_running === 1,
    is_recording: info.is_recording === 1,
    is_active_rtmp: info.is_active_rtmp === 1,
  };
  const livekitRoom = room
    ? { name: room.room_id, max_participants: room.max_participants, empty_timeout: room.empty_timeout }
    : {};
  return { ...info, ...flags, ...livekitRoom };
}
