import type { ReactionUpdate } from '../core/store/state.ts';

/**
 * Someone's reaction to a message went on or off (yours too), once per page: `{ messageId, emoji, on, from,
 * reactions }`, `reactions` being that message's reactions now (null when the message is not loaded).
 */
export type RoomReactionChangeDetail = ReactionUpdate;

export type RoomReactionChangeEvent = CustomEvent<RoomReactionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-reaction-change': RoomReactionChangeEvent;
  }
}
