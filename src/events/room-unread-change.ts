import type { UnreadCounts } from '../core/store/state.ts';

/**
 * Chat messages from others that no visible chat has shown yet: `unread` in total, `public` and `private`.
 * Rises while the chat is closed, hidden or scrolled up; 0 once a visible chat shows them or `markRead()` runs.
 */
export type RoomUnreadChangeDetail = UnreadCounts;

export type RoomUnreadChangeEvent = CustomEvent<RoomUnreadChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-unread-change': RoomUnreadChangeEvent;
  }
}
