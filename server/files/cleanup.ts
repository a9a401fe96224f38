import type { RoomRecord, RoomStore } from '../core/rooms.ts';

/**
 * A RoomStore that reports each room it deletes. Every way a room ends (endRoom, its duration, an empty timeout)
 * goes through `RoomService.end` → `rooms.delete`, and only the process whose delete removed the room sees `true`,
 * so a room's files are removed once, by whichever process ended it.
 */
export class RoomStoreReportingEnds implements RoomStore {
  constructor(
    private readonly inner: RoomStore,
    private readonly ended: (roomId: string) => void,
  ) {}

  get(roomId: string) {
    return this.inner.get(roomId);
  }
  put(room: RoomRecord) {
    return this.inner.put(room);
  }
  list() {
    return this.inner.list();
  }
  async delete(roomId: string) {
    const deleted = await this.inner.delete(roomId);
    if (deleted) this.ended(roomId);
    return deleted;
  }
}
