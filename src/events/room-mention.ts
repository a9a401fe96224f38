import type { Sender } from '../core/public-types.ts';

/** A chat message from someone else mentions this user, once per page (not for the history of a fresh join). */
export interface RoomMentionDetail {
  id: string;
  text: string;
  from: Sender | null;
  private: boolean;
  ts: number;
  /** Unread messages mentioning this user, this one included. */
  mentions: number;
}

export type RoomMentionEvent = CustomEvent<RoomMentionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-mention': RoomMentionEvent;
  }
}
