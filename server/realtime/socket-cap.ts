import type { RoomServer } from '../core/room-service.ts';
import { channel } from '../core/targets.ts';

/**
 * Bounds the sockets one user holds open in one room. A place is reserved synchronously after the (async) count
 * of other processes' sockets, so two handshakes racing in this process cannot both take the last one; it is
 * released once, when the socket's transport closes or its handshake fails. Across processes the count is read,
 * not reserved (see docs/reliability.md).
 */
export class SocketCap {
  readonly #local = new Map<string, number>();

  constructor(
    private readonly io: RoomServer,
    private readonly limit: number,
  ) {}

  /** A release function when admitted, or null when the user already holds `limit` sockets here. */
  async reserve(roomId: string, userId: string): Promise<(() => void) | null> {
    const key = channel.user(roomId, userId);
    const sockets = await this.io.in(key).fetchSockets();
    const remote = sockets.filter((s) => !this.io.sockets.sockets.has(s.id)).length;
    const local = this.#local.get(key) ?? 0;
    if (local + remote >= this.limit) return null;
    this.#local.set(key, local + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#local.get(key) ?? 1) - 1;
      if (left > 0) this.#local.set(key, left);
      else this.#local.delete(key);
    };
  }
}
