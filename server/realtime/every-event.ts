import type { RoomSocket } from './room-server.ts';

type Listener = (event: string, ...args: unknown[]) => void;

/**
 * `socket.onAny(listener)` and `socket.onAnyOutgoing(listener)` for a socket's only listener of each kind, with the
 * list an array of exactly one: socket.io pushes onto a fresh `[]`, and V8 then reserves 17 slots (152 B), twice
 * over for each idle widget. The fields are socket.io's own lists (4.x); under another name the assignment adds a
 * property nothing reads, and the listeners work as registered.
 */
export function onEveryEvent(socket: RoomSocket, listener: Listener): void {
  socket.onAny(listener);
  const own = socket as unknown as { _anyListeners?: Listener[] };
  if (own._anyListeners?.length === 1) own._anyListeners = [listener];
}

export function onEveryOutgoingEvent(socket: RoomSocket, listener: Listener): void {
  socket.onAnyOutgoing(listener);
  const own = socket as unknown as { _anyOutgoingListeners?: Listener[] };
  if (own._anyOutgoingListeners?.length === 1) own._anyOutgoingListeners = [listener];
}
