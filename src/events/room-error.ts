/** A refused token or message, or a malformed payload that was ignored. */
export interface RoomErrorDetail {
  code: string;
  message: string;
}

export type RoomErrorEvent = CustomEvent<RoomErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-error': RoomErrorEvent;
  }
}
