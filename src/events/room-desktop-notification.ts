import type { NotificationLevel } from '../core/public-types.ts';

/** An OS notification was raised for a notification that arrived while the page was hidden. */
export interface RoomDesktopNotificationDetail {
  id: string;
  type: NotificationLevel;
  text: string;
}

export type RoomDesktopNotificationEvent = CustomEvent<RoomDesktopNotificationDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-desktop-notification': RoomDesktopNotificationEvent;
  }
}
