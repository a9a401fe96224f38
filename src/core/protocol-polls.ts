/** Issue 30's wire shapes (polls and raised hands), re-exported by protocol.ts: snake_case like the rest. */

/** One answer of a poll: its votes, and for a poll that is not anonymous who gave them (earliest first). */
export interface PollOption {
  /** `"0"`, `"1"`, ... in the order the creator gave them. */
  id: string;
  text: string;
  count: number;
  /** Absent on anonymous polls: their voters' names are never sent to anyone. */
  voters?: Array<{ user_id: string; name: string }>;
}

export interface Poll {
  question: string;
  options: PollOption[];
  /** A voter may choose several options (one vote per option); otherwise a new choice replaces the last. */
  multiple: boolean;
  anonymous: boolean;
  closed: boolean;
  /** Distinct users who have a vote in. */
  voters: number;
  /** Counts every change: of two updates, the higher is the newer. */
  version: number;
  /** The receiving user's own choices (option ids): in the welcome and in the answer to a vote, for that user only. */
  mine?: string[];
}

export interface PollUpdate {
  /** The `poll` message. */
  message_id: string;
  poll: Poll;
}

/** A raised hand, in the order they went up. */
export interface RaisedHand {
  user_id: string;
  name: string;
  /** Milliseconds since the epoch. */
  raised_at: number;
}

export interface HandChange {
  user_id: string;
  name: string;
  raised: boolean;
  /** Lowered by an admin, not by its owner. */
  by_admin?: boolean;
}

export interface PollCreateRequest {
  client_id?: string;
  question: string;
  /** 2 to 10 answers. */
  options: string[];
  multiple?: boolean;
  anonymous?: boolean;
}

export interface PollVoteRequest {
  client_id?: string;
  /** The `poll` message. */
  message_id: string;
  /** The voter's whole choice (option ids): it replaces their earlier one; empty takes the vote back. */
  options: string[];
}

export interface PollCloseRequest {
  client_id?: string;
  message_id: string;
}

export interface HandRequest {
  client_id?: string;
  /** `hand_lower` by an admin: whose hand (absent: your own). */
  user_id?: string;
}
