import type { Sender } from '../core/public-types.ts';

/** A chat message or reaction is about to be shown. Cancelable: `preventDefault()` keeps it out of every chat. */
export interface RoomChatMessageDetail {
  id: string;
  text: string;
  from: Sender | null;
  private: boolean;
  ts: number;
  /** `emoji` for reactions. */
  kind: 'chat' | 'emoji';
}

export type RoomChatMessageEvent = CustomEvent<RoomChatMessageDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-chat-message': RoomChatMessageEvent;
  }
}
