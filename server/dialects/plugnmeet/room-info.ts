import type { MessageInitShape } from '@bufbuild/protobuf';
import type { Self } from '../../../src/core/protocol.ts';
import type { RoomRecord } from '../../core/rooms.ts';
import type { ActiveRoomInfoSchema, ActiveRoomWithParticipantSchema } from './gen/plugnmeet_auth_room_pb.ts';
import { ParticipantInfo_State, type ParticipantInfoSchema } from './gen/livekit_models_pb.ts';

export type Peer = Self & { joined_at: number };

/** A room in plugNmeet's `ActiveRoomInfo` terms: integers of 64 bits travel as strings. */
export function activeRoomInfo(room: RoomRecord, joined: number): MessageInitShape<typeof ActiveRoomInfoSchema> {
  return {
    roomTitle: room.title,
    roomId: room.room_id,
    sid: room.sid,
    joinedParticipants: String(joined),
    isRunning: 1,
    webhookUrl: room.webhook_url ?? '',
    creationTime: String(room.creation_time),
    metadata: JSON.stringify(room.metadata),
  };
}

/** A widget connection as the LiveKit participant plugNmeet reports; `sid` is the peer id. */
export function participantInfo(peer: Peer): MessageInitShape<typeof ParticipantInfoSchema> {
  return {
    sid: peer.peer_id,
    identity: peer.user_id,
    state: ParticipantInfo_State.ACTIVE,
    metadata: JSON.stringify({ is_admin: peer.is_admin, role: peer.role }),
    joinedAt: String(peer.joined_at),
    joinedAtMs: String(peer.joined_at * 1000),
    name: peer.name,
    version: 1,
  };
}

export function roomWithParticipants(room: RoomRecord, peers: Peer[]): MessageInitShape<typeof ActiveRoomWithParticipantSchema> {
  return {
    roomInfo: activeRoomInfo(room, new Set(peers.map((p) => p.user_id)).size),
    participantsInfo: peers.map(participantInfo),
  };
}
