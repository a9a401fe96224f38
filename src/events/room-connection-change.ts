import type { ConnectionState } from '../core/store/state.ts';

export interface RoomConnectionChangeDetail {
  state: ConnectionState;
}

export type RoomConnectionChangeEvent = CustomEvent<RoomConnectionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-connection-change': RoomConnectionChangeEvent;
  }
}
