import type { Pin, Sender } from '../core/public-types.ts';

/** An admin pinned or unpinned a message, once per page: `{ id, messageId, pinned, pins, by }`. */
export interface RoomPinChangeDetail {
  /** The `moderation` message's own id. */
  id: string;
  messageId: string;
  pinned: boolean;
  /** The room's pins now, newest first. */
  pins: Pin[];
  /** The admin (null: the room's backend). */
  by: Sender | null;
}

export type RoomPinChangeEvent = CustomEvent<RoomPinChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-pin-change': RoomPinChangeEvent;
  }
}
