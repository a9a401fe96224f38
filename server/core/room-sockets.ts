import type { ServerToClientEvents } from '../../src/core/protocol.ts';

/**
 * The delivery core's only way to a room's connected widgets: what it says to a whole room and how many of the
 * room's sockets this process holds. socket.io's version is server/realtime/room-sockets.ts; messages reach their
 * targets through the `Deliveries` port instead.
 */
export interface RoomSockets {
  /** Sends `event` to every socket of the room, on every process. */
  emit<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...payload: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Closes every socket of the room, on every process, telling each widget the server let it go. */
  disconnect(roomId: string): void;
  /** Sockets of the room held by this process. */
  localSize(roomId: string): number;
}
