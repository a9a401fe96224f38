import type { RoomMessage } from '../../src/core/protocol.ts';
import type { RoomServer } from '../core/room-service.ts';

interface Pending {
  to: string[];
  except: string[];
  message: RoomMessage;
}

/**
 * Delivers the messages published during one event-loop turn back to back, at the end of that turn.
 *
 * A server answering separate API calls would otherwise emit once per call, spread over many turns; emitting them in
 * one run lets engine.io queue the later packets of a socket behind its write in flight and send them together, which
 * is what makes a tight `io.to(room).emit` loop faster. Order is kept: each recipient gets messages in the order
 * they were published. `flush()` delivers at once, for callers that must not be overtaken (a room's end).
 */
export class TickDelivery {
  #pending: Pending[] = [];
  #scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly io: RoomServer) {}

  deliver(to: string[], except: string[], message: RoomMessage): void {
    if (to.length === 0) return;
    this.#pending.push({ to, except, message });
    // setImmediate runs after the poll phase, once every request that arrived in this turn has been handled.
    this.#scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    const batch = this.#pending;
    this.#pending = [];
    for (const { to, except, message } of batch) this.io.to(to).except(except).emit('message', message);
  }
}
