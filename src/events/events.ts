/** The widgets' DOM events: one typed file each (adding itself to `GlobalEventHandlersEventMap`), gathered here. */
import type { RoomChatMessageEvent } from './room-chat-message.ts';
import type { RoomConnectionChangeEvent } from './room-connection-change.ts';
import type { RoomCustomEvent } from './room-custom-event.ts';
import type { RoomEndedEvent } from './room-ended.ts';
import type { RoomMentionEvent } from './room-mention.ts';
import type { RoomMessageDeletedEvent } from './room-message-deleted.ts';
import type { RoomMessageEditedEvent } from './room-message-edited.ts';
import type { RoomPinChangeEvent } from './room-pin-change.ts';
import type { RoomReactionChangeEvent } from './room-reaction-change.ts';
import type { RoomErrorEvent } from './room-error.ts';
import type { RoomDesktopNotificationEvent } from './room-desktop-notification.ts';
import type { RoomNotificationActionEvent } from './room-notification-action.ts';
import type { RoomNotificationEvent } from './room-notification.ts';
import type { RoomOpenChatEvent } from './room-open-chat.ts';
import type { RoomSoundEvent } from './room-sound.ts';
import type { RoomUnreadChangeEvent } from './room-unread-change.ts';

export type * from './room-chat-message.ts';
export type * from './room-connection-change.ts';
export type * from './room-custom-event.ts';
export type * from './room-ended.ts';
export type * from './room-mention.ts';
export type * from './room-message-deleted.ts';
export type * from './room-message-edited.ts';
export type * from './room-pin-change.ts';
export type * from './room-reaction-change.ts';
export type * from './room-error.ts';
export type * from './room-desktop-notification.ts';
export type * from './room-notification-action.ts';
export type * from './room-notification.ts';
export type * from './room-open-chat.ts';
export type * from './room-sound.ts';
export type * from './room-unread-change.ts';

export interface RoomEventMap {
  'room-custom-event': RoomCustomEvent;
  'room-chat-message': RoomChatMessageEvent;
  'room-notification': RoomNotificationEvent;
  'room-notification-action': RoomNotificationActionEvent;
  'room-desktop-notification': RoomDesktopNotificationEvent;
  'room-connection-change': RoomConnectionChangeEvent;
  'room-ended': RoomEndedEvent;
  'room-error': RoomErrorEvent;
  'room-sound': RoomSoundEvent;
  'room-unread-change': RoomUnreadChangeEvent;
  'room-reaction-change': RoomReactionChangeEvent;
  'room-message-deleted': RoomMessageDeletedEvent;
  'room-mention': RoomMentionEvent;
  'room-open-chat': RoomOpenChatEvent;
  'room-message-edited': RoomMessageEditedEvent;
  'room-pin-change': RoomPinChangeEvent;
}

/** Dispatches a bubbling, composed event; returns false when a listener cancelled it. */
export function emit<K extends keyof RoomEventMap>(
  target: EventTarget,
  name: K,
  detail: RoomEventMap[K]['detail'],
  cancelable = false,
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
