import type { Self } from '../../../src/core/protocol.ts';
import type { RoomRecord } from '../../core/rooms.ts';

/** 100ms's reply shapes, as `@100mslive/server-sdk` 0.3.0 types them (`HMS.ActiveRoom.*`); times are ISO strings. */
export type Peer = Self & { joined_at: number };

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export function activePeer(peer: Peer) {
  return {
    id: peer.peer_id,
    name: peer.name,
    role: peer.role ?? '',
    user_id: peer.user_id,
    joined_at: iso(peer.joined_at),
    metadata: '',
  };
}

export function activeRoom(room: RoomRecord, customerId: string, peers: Peer[]) {
  return {
    id: room.room_id,
    name: room.title,
    customer_id: customerId,
    session: { id: room.sid, created_at: iso(room.creation_time), peers: peers.map((p) => p.peer_id) },
  };
}

export function activePeers(peers: Peer[]) {
  return { peers: Object.fromEntries(peers.map((p) => [p.peer_id, activePeer(p)])) };
}

/** The widgets publish no media: a peer's track list is empty. */
export function peerWithTracks(peer: Peer) {
  return { ...activePeer(peer), tracks: {} };
}
