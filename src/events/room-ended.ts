export interface RoomEndedDetail {
  logoutUrl: string | null;
}

export type RoomEndedEvent = CustomEvent<RoomEndedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-ended': RoomEndedEvent;
  }
}
