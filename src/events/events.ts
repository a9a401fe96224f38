import type { ConnectionState } from '../core/connection.ts';
import type { NotificationLevel, Sender } from '../core/protocol.ts';

export interface RoomCustomEventDetail {
  type: string;
  /** `message` parsed as JSON where it parses, else the string itself. */
  data: unknown;
  message: string;
  from: Sender | null;
  id: string;
  ts: number;
  room_id: string;
}

export interface RoomChatMessageDetail {
  id: string;
  text: string;
  from: Sender | null;
  private: boolean;
  ts: number;
  /** `emoji` for reactions. */
  kind: 'chat' | 'emoji';
}

export interface RoomNotificationDetail {
  id: string;
  type: NotificationLevel;
  text: string;
  withSound: boolean;
  ts: number;
}

export interface RoomConnectionChangeDetail {
  state: ConnectionState;
}

export interface RoomEndedDetail {
  logoutUrl: string | null;
}

export interface RoomErrorDetail {
  code: string;
  message: string;
}

export interface RoomSoundDetail {
  type: NotificationLevel;
  /** `played`; `blocked` by the browser's autoplay policy; `dropped`: could not start within a second. */
  result: 'played' | 'blocked' | 'dropped' | 'failed';
}

export interface RoomEventMap {
  'room-custom-event': CustomEvent<RoomCustomEventDetail>;
  'room-chat-message': CustomEvent<RoomChatMessageDetail>;
  'room-notification': CustomEvent<RoomNotificationDetail>;
  'room-connection-change': CustomEvent<RoomConnectionChangeDetail>;
  'room-ended': CustomEvent<RoomEndedDetail>;
  'room-error': CustomEvent<RoomErrorDetail>;
  'room-sound': CustomEvent<RoomSoundDetail>;
}

declare global {
  // Typed `addEventListener('room-…', e => e.detail…)` on elements, document and window.
  interface GlobalEventHandlersEventMap extends RoomEventMap {}
}

/** Dispatches a bubbling, composed event; returns false when a listener cancelled it. */
export function emit<K extends keyof RoomEventMap>(
  target: EventTarget,
  name: K,
  detail: RoomEventMap[K]['detail'],
  options: { cancelable?: boolean } = {},
): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
}
