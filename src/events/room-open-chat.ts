/**
 * The user opened a chat preview (click or Enter): the host shows its chat panel. Cancelable: `preventDefault()`
 * keeps the preview on screen; otherwise it closes.
 */
export interface RoomOpenChatDetail {
  /** The latest message the preview stands for. */
  messageId: string;
  /** A private message or a mention of this user. */
  direct: boolean;
}

export type RoomOpenChatEvent = CustomEvent<RoomOpenChatDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-open-chat': RoomOpenChatEvent;
  }
}
