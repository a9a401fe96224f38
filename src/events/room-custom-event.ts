import type { Sender } from '../core/public-types.ts';

/** A custom payload (100ms `custom_event`, a RongCloud custom message); dispatched once per page. */
export interface RoomCustomEventDetail {
  type: string;
  /** `message` parsed as JSON where it parses, else the string itself. */
  data: unknown;
  message: string;
  from: Sender | null;
  id: string;
  ts: number;
  roomId: string;
}

export type RoomCustomEvent = CustomEvent<RoomCustomEventDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-custom-event': RoomCustomEvent;
  }
}
