/** The user chose an action of a toast (`notify(level, text, { actions })`); sent once, then the toast closes. */
export interface RoomNotificationActionDetail {
  notificationId: string;
  actionId: string;
}

export type RoomNotificationActionEvent = CustomEvent<RoomNotificationActionDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-notification-action': RoomNotificationActionEvent;
  }
}
