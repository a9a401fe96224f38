import type { RoomMessage } from '../../src/core/protocol.ts';
import type { RoomServer } from './room-server.ts';
import { channel, channelsFor, type Audience, type Member } from '../core/targets.ts';

/**
 * Delivers the messages handed to it during one event-loop turn back to back, at the end of that turn.
 *
 * A server answering separate API calls would otherwise emit once per call, spread over many turns; emitting them in
 * one run lets engine.io queue the later packets of a socket behind its write in flight and send them together, which
 * is what makes a tight `io.to(room).emit` loop faster. Order is kept: each recipient gets messages in the order
 * they were handed in. `flush()` delivers at once, for callers that must not be overtaken (a room's end).
 */
export class TickDelivery {
  #pending: Array<{ message: RoomMessage; audience: Audience }> = [];
  #scheduled: NodeJS.Immediate | null = null;

  /**
   * `target`: `io` when this process is the only one, else this process's sockets only (`io.local`: every process
   * delivers to its own); `local`: this process's namespace, where the sockets of named users and peers are found.
   */
  constructor(
    private readonly target: Pick<RoomServer, 'to'>,
    private readonly local: RoomServer['sockets'],
  ) {}

  /** This process's sockets in a room, read from socket.io's own room of the room and each socket's data. */
  *#members(roomId: string): Iterable<Member> {
    for (const id of this.local.adapter.rooms.get(channel.room(roomId)) ?? []) {
      const self = this.local.sockets.get(id)?.data.self;
      if (self) yield { id, self };
    }
  }

  /** An `Emit` (server/core/deliveries.ts). */
  readonly emit = (message: RoomMessage, audience: Audience): void => {
    this.#pending.push({ message, audience });
    // setImmediate runs after the poll phase, once every request that arrived in this turn has been handled.
    this.#scheduled ??= setImmediate(() => this.flush());
  };

  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    const batch = this.#pending;
    this.#pending = [];
    for (const { message, audience } of batch) {
      const { to, except } = channelsFor(message.room_id, audience, () => this.#members(message.room_id));
      if (to.length > 0) this.target.to(to).except(except).emit('message', message);
    }
  }
}
