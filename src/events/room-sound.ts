import type { NotificationLevel } from '../core/public-types.ts';

export interface RoomSoundDetail {
  type: NotificationLevel;
  /** `played`; `blocked` by the browser's autoplay policy; `dropped`: could not start within a second. */
  result: 'played' | 'blocked' | 'dropped' | 'failed';
}

export type RoomSoundEvent = CustomEvent<RoomSoundDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-sound': RoomSoundEvent;
  }
}
