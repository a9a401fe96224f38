import type { RoomSockets } from '../core/room-sockets.ts';
import { channel } from '../core/targets.ts';
import type { RoomServer } from './room-server.ts';

/** The `RoomSockets` port on socket.io: a room is the channel every socket of it joins. */
export function socketIoRooms(io: RoomServer): RoomSockets {
  return {
    emit: (roomId, event, ...payload) => io.to(channel.room(roomId)).emit(event, ...payload),
    disconnect: (roomId) => io.in(channel.room(roomId)).disconnectSockets(false),
    localSize: (roomId) => io.sockets.adapter.rooms.get(channel.room(roomId))?.size ?? 0,
  };
}
