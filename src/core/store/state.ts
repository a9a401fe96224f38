import type {
  ErrorCode,
  HandChange,
  Poll,
  RaisedHand,
  ErrorPayload,
  Participant,
  Reaction,
  RoomMessage,
  RoomSnapshot,
  Self,
  Sender,
} from '../public-types.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * One line of the chat log: a message (yours may still be queued, pending or have failed), or a gap in the history.
 * `queued`: in the outbox, waiting for the connection; `pending`: sent, not yet confirmed.
 */
export type ChatEntry =
  | {
      kind: 'message';
      id: string;
      message: RoomMessage;
      status: 'sent' | 'queued' | 'pending' | 'failed';
      /** Why a message of yours failed, and the refusal's code. */
      error?: string;
      code?: ErrorCode;
      /** The userId a message of yours went to, kept for a retry. */
      to?: string;
      /** The id of the message yours replies to, kept for a retry. */
      replyTo?: string;
      /** A message of yours: the id every attempt to send it carries (docs/protocol.md "Client ids"). */
      clientId?: string;
    }
  | { kind: 'gap'; id: string };

/** Chat messages from others that no visible chat has shown yet, in total and per kind. */
export interface UnreadCounts {
  unread: number;
  public: number;
  private: number;
}

/** Everything a view of the room renders from. A new object on every change, so views can compare by identity. */
export interface RoomState {
  connection: ConnectionState;
  self: Self | null;
  room: RoomSnapshot | null;
  /** Who is present: everyone, or (a room too large to list, see `participantCount`) those who joined since. */
  participants: Participant[];
  /** How many are present; more than `participants` holds when the room is too large to list (`searchParticipants`). */
  participantCount: number;
  /** The chat log, oldest first, bounded by the largest `max-messages` of the chats using it. */
  chat: ChatEntry[];
  /** Chat entries ever added: a view counts what came since it last looked. */
  received: number;
  /** The latest notifications, oldest first (at most 50). */
  notifications: RoomMessage[];
  unread: UnreadCounts;
  /** Unread chat messages from others that mention this user (also counted in `unread`); `markRead()` clears. */
  mentions: number;
  ended: { logoutUrl: string | null } | null;
  /** Why the server refused this page (a bad token, a full or closed room); cleared by the next welcome. */
  refusal: ErrorPayload | null;
  /** Raised hands, oldest first. */
  hands: RaisedHand[];
}

/** A poll's counts changed, it closed, or your own vote is in. */
export interface PollChange {
  /** The `poll_update` message's own id. */
  id: string;
  /** The poll (its message's id). */
  pollId: string;
  poll: Poll;
}

/** Someone's reaction to a message went on or off. */
export interface ReactionUpdate {
  /** The `reaction` message's own id. */
  id: string;
  /** The reacted-to message. */
  messageId: string;
  emoji: string;
  on: boolean;
  /** Who reacted. */
  from: Sender | null;
  /** The message's reactions now; null when that message is not loaded here. */
  reactions: Reaction[] | null;
}

/** A message became a tombstone. */
export interface MessageDeletion {
  /** The `message_deleted` message's own id. */
  id: string;
  /** The deleted message. */
  messageId: string;
  /** Deleted by an admin who is not its author. */
  byAdmin: boolean;
  /** Who deleted it. */
  by: Sender | null;
}

/** Who came and went since the last participant update (never the page's own user, never hidden participants). */
export interface PresenceChange {
  joined: Participant[];
  left: Participant[];
  /** Participants present now, this page's user included. */
  count: number;
}

/** The store's typed events (`RoomStore.on`, `RoomClient.on`). */
export interface RoomStoreEvents extends Record<string, unknown> {
  /** The state changed: the new snapshot. */
  change: RoomState;
  /** A message arrived from the room (any kind), once, after the state that holds it. */
  message: RoomMessage;
  state: ConnectionState;
  unread: UnreadCounts;
  ended: { logoutUrl: string | null };
  error: ErrorPayload;
  /** A reaction went on or off (live, or replayed by a resume), after the state that shows it. */
  reaction: ReactionUpdate;
  /** A message was deleted (live, or replayed by a resume). */
  deleted: MessageDeletion;
  /** A chat message from someone else mentions this user (not the history of a fresh join). */
  mention: RoomMessage;
  /**
   * Participants joined or left while this page was connected (not the list a join or resume brings, never this page's
   * own user; none named above the server's PRESENCE_LIST_MAX: `state.participantCount` then tells the count).
   */
  presence: PresenceChange;
  /** A poll changed (live, or replayed by a resume). */
  poll: PollChange;
  /** Someone's hand went up or down (live): `{ userId, name, raised, byAdmin? }`. */
  hand: HandChange;
}

/** Events the store holds until the state that shows them is committed. */
type Told = 'reaction' | 'deleted' | 'mention' | 'poll' | 'hand';
export type News = { [K in Told]: [K, RoomStoreEvents[K]] }[Told];

/** A chat entry of a message (the outbox's entries are these). */
export type Outgoing = Extract<ChatEntry, { kind: 'message' }>;
