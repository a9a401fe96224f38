import type { MessageDeletion } from '../core/store/state.ts';

/** A message was deleted and is now a tombstone, once per page: `{ messageId, byAdmin, by }`. */
export type RoomMessageDeletedDetail = MessageDeletion;

export type RoomMessageDeletedEvent = CustomEvent<RoomMessageDeletedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-message-deleted': RoomMessageDeletedEvent;
  }
}
