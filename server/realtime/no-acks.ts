import type { RoomSocket } from './room-server.ts';

/**
 * The table socket.io gives each socket for the acks of what the server emits to it (socket.io 4.x `Socket.acks`).
 * The room server asks no widget for an ack (widgets' own acks answer their requests, which need no table), so
 * every socket shares this empty one instead of an empty `Map` of its own (184 B of each idle widget). An ack packet
 * a widget sends finds nothing, as it would in an empty table of its own; an emit asking for an ack throws here
 * rather than mixing sockets' acks in one table.
 */
class NoAcks extends Map<number, unknown> {
  override set(): this {
    throw new Error('the room server asks widgets for no ack (server/realtime/no-acks.ts)');
  }
}
const NO_ACKS = new NoAcks();

export function shareNoAcks(socket: RoomSocket): void {
  const own = socket as unknown as { acks?: Map<number, unknown> };
  if (own.acks instanceof Map && own.acks.size === 0) own.acks = NO_ACKS;
}
