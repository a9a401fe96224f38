import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, Self, ServerToClientEvents } from '../../src/core/protocol.ts';

/** What the server keeps on each admitted socket. */
export interface SocketData {
  self: Self;
  room_id: string;
  /** No other socket of this user was in the room when this one was admitted. */
  firstOfUser: boolean;
  /** Not listed to others (`is_hidden`): its joins and leaves are not told either. */
  hidden: boolean;
}

export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
