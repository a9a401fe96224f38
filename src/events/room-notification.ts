import type { NotificationLevel } from '../core/public-types.ts';

/** A notification is about to be shown. Cancelable: `preventDefault()` stops the toast and its sound. */
export interface RoomNotificationDetail {
  id: string;
  type: NotificationLevel;
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
