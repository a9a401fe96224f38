import type { PollChange } from '../core/store/state.ts';

/** A poll's counts changed, it closed, or your own vote is in, once per page: `{ id, pollId, poll }`. */
export type RoomPollChangeDetail = PollChange;

export type RoomPollChangeEvent = CustomEvent<RoomPollChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'room-poll-change': RoomPollChangeEvent;
  }
}
