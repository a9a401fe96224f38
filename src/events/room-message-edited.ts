import type { Sender } from '../core/public-types.ts';

/** A message's author changed its text, once per page: `{ id, messageId, text, from }` (`text` is the new text). */
export interface RoomMessageEditedDetail {
  /** The `message_edited` message's own id. */
  id: string;
  /** The edited message. */
  messageId: string;
  text: string;
  /** Its author. */
  from: Sender | null;
}

export type RoomMessageEditedEvent = CustomEvent<RoomMessageEditedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-message-edited': RoomMessageEditedEvent;
  }
}
