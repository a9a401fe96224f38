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
