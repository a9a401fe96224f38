import type { NotificationCategory, NotificationLevel } from '../core/public-types.ts';

/** A notification is about to be shown. Cancelable: `preventDefault()` stops the toast and its sound. */
export interface RoomNotificationDetail {
  id: string;
  type: NotificationLevel;
  /** `system` (a backend sent it), `chat` (a preview), `presence` (joins and leaves), `host` (`notify()`). */
  category: NotificationCategory;
  text: string;
  withSound: boolean;
  ts: number;
}

export type RoomNotificationEvent = CustomEvent<RoomNotificationDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-notification': RoomNotificationEvent;
  }
}
