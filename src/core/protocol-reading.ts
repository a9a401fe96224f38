/** Wire shapes of reading a busy room (typing, history pages, participant search), re-exported by protocol.ts. */

/** Participants whose name or user id starts with `query`, a page at a time (rooms too large to list). */
export interface ParticipantsSearch {
  query: string;
  /** Where the page starts: 0, or the previous page's `next`. */
  offset?: number;
  /** At most 50; default 20. */
  limit?: number;
}

/** Someone is writing (docs/protocol.md "Typing"): relayed, never stored; `private`: to this user only. */
export interface TypingNotice {
  user_id: string;
  name: string;
  private: boolean;
}

/** `typing`: this user is writing, to everyone or privately to the participant `to` (a user_id). */
export interface TypingRequest {
  to?: string;
}

/**
 * `chat_history`: a page of the kept history older than `before` (a `seq`; absent: the latest), at most `limit`
 * messages (default and cap 100), of what this user was a target of; `all` (admins only): every message of the room.
 */
export interface HistoryPageRequest {
  before?: number;
  limit?: number;
  all?: boolean;
}
