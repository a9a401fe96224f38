/**
 * The wire protocol between the room server and the widgets (docs/protocol.md).
 * Both sides import these types, so one message shape flows from the API call to the DOM.
 */

/**
 * `reaction` and `message_deleted` are events about an earlier chat or file message (`reaction` / `deletion` say which);
 * they are numbered in the history like any message, so resumes and other processes see them in order.
 */
export type MessageKind =
  | 'chat'
  | 'notification'
  | 'emoji'
  | 'custom'
  | 'file'
  | 'reaction'
  | 'message_deleted'
  /** Issue 29: an author changed the text of an earlier message (`edit` says which, and the new text). */
  | 'message_edited'
  /** Issue 29: an admin changed the chat's moderation (`moderation`); only a clear is kept in the history. */
  | 'moderation'
  /** A poll (`poll`), kept in the history like a chat message; `poll_update`: its counts changed, or it closed. */
  | 'poll'
  | 'poll_update'
  /** Someone raised or lowered a hand (`hand`); not kept in the history (the welcome carries `hands`). */
  | 'hand';
export type NotificationLevel = 'info' | 'warning' | 'error';

export interface Sender {
  user_id: string;
  name: string;
  role: string | null;
}

export interface RoomMessage {
  /** Globally unique; the widget de-duplicates by it. */
  id: string;
  room_id: string;
  /** Per-room sequence number, or `null` for messages outside the history (RongCloud broadcasts). */
  seq: number | null;
  /** Milliseconds since the epoch, set by the server. */
  ts: number;
  kind: MessageKind;
  /** `null`: sent by the server (a system message). */
  from: Sender | null;
  /** Sent to some participants only. */
  private: boolean;
  /** Chat text, notification text, the emoji, or a custom event's raw payload. */
  text: string;
  /** Notifications only. */
  level?: NotificationLevel;
  withSound?: boolean;
  /** Notifications only: the backend's own id for it; a later notification with the same id replaces its toast in place. */
  notificationId?: string;
  /** Custom events only: the app's type name, such as `custom_event`. */
  type?: string;
  /** Private chat sent from a widget: the user it went to. */
  to?: Sender;
  /** File messages only (`text` is then the file name, for clients that do not know files). */
  file?: FileAttachment;
  /** A reply: what it quotes, as it was when the reply was sent (scrubbed when the original is deleted). */
  reply_to?: Quote;
  /** user_ids of present participants the chat text mentions (`@name` or `@user_id`), set by the server. */
  mentions?: string[];
  /** Chat and file messages: the reactions so far, as the history holds them (absent: none). */
  reactions?: Reaction[];
  /** A tombstone: the message was deleted; `text` is empty and no file, quote or mention is left. */
  deleted?: true;
  /** `reaction` messages only: one user's reaction turned on or off (the sender is `from`). */
  reaction?: ReactionChange;
  /** `message_deleted` messages only: which message is now a tombstone. */
  deletion?: Deletion;
  /** Written from a widget: the writer's own id for this write (docs/protocol.md "Client ids"). */
  client_id?: string;
  /** Chat messages: the author changed the text since it was sent (`text` is the latest). */
  edited?: true;
  /** `message_edited` messages only: which message, and its new text. */
  edit?: Edit;
  /** `moderation` messages only: what the admin changed, and the room's moderation after it. */
  moderation?: ModerationChange;
  /** `poll` messages: the poll as it stands (the history keeps it current). */
  poll?: Poll;
  /** `poll_update` messages: the poll (`message_id`) as it stands after a vote or its close. */
  poll_update?: PollUpdate;
  /** `hand` messages: whose hand went up or down. */
  hand?: HandChange;
}

export interface Edit {
  message_id: string;
  text: string;
}

/** A pinned message as the pinned bar shows it: the message's quote and when it was pinned. */
export interface Pin extends Quote {
  pinned_at: number;
}

/** What admins change while the room runs (issue 29), beside the room's `locks`. */
export interface RoomModeration {
  /** user_ids whose chat is muted. */
  muted: string[];
  /** Seconds between two messages of a non-admin; 0: off. */
  slow_mode: number;
  /** Newest first, at most PINS_MAX. */
  pins: Pin[];
}

/** One moderation write: lock the chat, mute one user, slow mode, clear the chat, pin or unpin a message. */
export type ModerationAction =
  | { action: 'lock_chat'; locked: boolean }
  | { action: 'mute'; user_id: string; muted: boolean }
  | { action: 'slow_mode'; seconds: number }
  | { action: 'clear' }
  | { action: 'pin'; message_id: string; pinned: boolean };

/** A `moderation` message: the action and the room's locks and moderation after it (widgets apply them as they are). */
export type ModerationChange = ModerationAction & { locks: LockSettings; state: RoomModeration };

export interface Quote {
  /** The original message's id. */
  id: string;
  from: Sender | null;
  /** The start of the original's text (a file message: its file name); empty once the original is deleted. */
  excerpt: string;
  /** The original has been deleted since. */
  deleted?: true;
}

export type * from './protocol-polls.ts';
export type * from './protocol-reading.ts';
import type { HistoryPageRequest, ParticipantsSearch, TypingNotice, TypingRequest } from './protocol-reading.ts';
import type {
  HandChange,
  Poll,
  PollUpdate,
  PollCreateRequest,
  PollVoteRequest,
  PollCloseRequest,
  HandRequest,
  RaisedHand,
} from './protocol-polls.ts';

export interface Reactor {
  user_id: string;
  name: string;
}

/** One emoji on a message: the distinct users who chose it, earliest first. */
export interface Reaction {
  emoji: string;
  count: number;
  users: Reactor[];
}

export interface ReactionChange {
  message_id: string;
  emoji: string;
  /** true: `from` now has this reaction; false: no longer. Applying it twice changes nothing. */
  on: boolean;
}

export interface Deletion {
  message_id: string;
  /** Deleted by an admin who is not the author. */
  by_admin: boolean;
}

/** A shared file. Bytes come from `GET url` with the join token, or from a signed link (docs/protocol.md "Files"). */
export interface FileAttachment {
  id: string;
  /** The name as uploaded, without any path; its extension matches the detected type. */
  name: string;
  /** Bytes. */
  size: number;
  /** The MIME type it is served with, detected from the bytes (text is always `text/plain; charset=utf-8`). */
  type: string;
  /** Path on the room server, `/files/<room_id>/<id>` (URI-encoded): resolve it against the widget's `server`. */
  url: string;
  /** Served `inline` (raster images only); everything else is served as an attachment. */
  inline: boolean;
}

/** A room's file sharing (plugNmeet `chat_features` and `lock_chat_file_share`), combined with the server's limits. */
export interface RoomFileSettings {
  /** `allow_file_upload` (or `is_allow_file_upload`). */
  enabled: boolean;
  /** `lock_chat_file_share`: non-admins may not share files. */
  locked: boolean;
  /** Extensions, lower case, no dot: the room's `allowed_file_types` within the server's `FILE_ALLOWED_TYPES`. */
  allowed_types: string[];
  /** Bytes: the room's `max_file_size` (MB) within the server's `FILE_MAX_SIZE_MB`. */
  max_size: number;
}

export interface RoomFeatures {
  /** `chat_features.allow_chat` (or `is_allow`). */
  chat: boolean;
  /** Anyone may create polls (`chat_features.allow_polls_by_anyone`); absent or false: admins only. */
  polls_by_anyone?: boolean;
}

export interface LockSettings {
  lock_chat: boolean;
  lock_chat_send_message: boolean;
  lock_private_chat: boolean;
}

export interface Participant {
  user_id: string;
  name: string;
  role: string | null;
  is_admin: boolean;
}

export interface Self extends Participant {
  peer_id: string;
}

export interface RoomSnapshot {
  room_id: string;
  title: string;
  welcome_message: string | null;
  logout_url: string | null;
  features: RoomFeatures;
  locks: LockSettings;
  /** Absent for rooms made without settings (100ms peers): the server-wide defaults apply. */
  files?: RoomFileSettings;
  /** Muted users, slow mode and pins (issue 29); absent: none. */
  moderation?: RoomModeration;
}

/** What the server sends once a socket is admitted. */
export interface WelcomePayload {
  self: Self;
  room: RoomSnapshot;
  /** Everyone present, or nobody when the room holds more than the server's PRESENCE_LIST_MAX (see `participant_count`). */
  participants: Participant[];
  /** Visible participants present; more than `participants` holds: the room is too large to list (ask `participants_search`). */
  participant_count?: number;
  /** Fresh join: recent chat. Resume: every message after `since` that this participant was a target of. */
  history: RoomMessage[];
  resumed: boolean;
  /** The history no longer reaches back to `since`: some messages are lost to this widget. */
  gap: boolean;
  /** The room's latest sequence number when the welcome was built. */
  seq: number;
  /** Raised hands, oldest first (absent from servers without hands). */
  hands?: RaisedHand[];
}

/** A change of who is present (docs/protocol.md "Presence"). */
export interface PresencePayload {
  joined: Participant[];
  left: Participant[];
  count: number;
}

export type ParticipantsPage =
  | { ok: true; participants: Participant[]; next: number | null; total: number }
  | { ok: false; code: ErrorCode; message: string };

export interface ChatSendRequest {
  text: string;
  /** user_id of the recipient of a private message. */
  to?: string;
  /** id of the message this one replies to. A reply to a private message goes to the same pair. */
  reply_to?: string;
  /** The client's own id for this write: a retry with it is answered with the first attempt's message. */
  client_id?: string;
}

export interface ChatReactRequest {
  client_id?: string;
  message_id: string;
  /** One emoji (at most 16 code points, no whitespace or control characters). Sending it again takes it back. */
  emoji: string;
}

export interface ChatDeleteRequest {
  client_id?: string;
  message_id: string;
}

export interface ChatEditRequest {
  client_id?: string;
  message_id: string;
  text: string;
}

/** `chat_moderate`: admins only (others are refused with `not_allowed`). */
export type ChatModerateRequest = ModerationAction & { client_id?: string };
/** The answer to `chat_react` and `chat_delete`: the `reaction` or `message_deleted` message that was published. */
export type ChatActionAck = ChatSendAck;

export type ChatSendAck = { ok: true; message: RoomMessage } | { ok: false; code: ErrorCode; message: string };

/** The answer to `POST /files/:room_id` (HTTP 201 or a 4xx with the refusal). */
export type FileUploadAnswer = ChatSendAck;

/** The answer to `POST /files/:room_id/:file_id/link`: a URL that works without credentials until `expires_at` (ms). */
export type FileLinkAnswer =
  { ok: true; url: string; expires_at: number } | { ok: false; code: ErrorCode; message: string };

/** Sent in the handshake (`socket.auth`), again on every reconnection attempt. */
export interface HandshakeAuth {
  token: string;
  /** Last sequence number seen: asks for a resume. */
  since?: number;
  /** The peer id the server gave this widget before: keeps it across reconnects. */
  peer_id?: string;
}

export type ErrorCode =
  | 'token_missing'
  | 'token_invalid'
  | 'token_expired'
  | 'room_not_active'
  | 'room_full'
  | 'chat_disabled'
  | 'chat_locked'
  | 'private_chat_locked'
  | 'recipient_unknown'
  | 'message_invalid'
  | 'message_too_long'
  | 'rate_limited'
  | 'payload_invalid'
  | 'too_many_connections'
  /** Too many joins in a short time, by one user to one room or from one address (JOIN_RATE_PER_USER, JOIN_RATE_PER_IP). */
  | 'too_many_joins'
  /** The page's origin is not in the server's ALLOWED_ORIGINS; the message names it. */
  | 'origin_not_allowed'
  | 'message_not_found'
  | 'not_allowed'
  /** An admin muted this participant's chat. */
  | 'participant_muted'
  /** Slow mode: the message says how many seconds to wait. */
  | 'slow_mode'
  | 'reaction_invalid'
  | 'too_many_reactions'
  | 'file_upload_disabled'
  | 'file_share_locked'
  | 'file_type_not_allowed'
  | 'file_too_large'
  | 'file_quota_exceeded'
  | 'file_not_found'
  | 'file_link_invalid'
  | 'file_link_expired'
  /** A vote on a poll that has closed. */
  | 'poll_closed'
  /** Widget-side only (`room-error`): a locale file could not be loaded; the widget keeps English. */
  | 'locale_unavailable'
  /** Widget-side only (`room-error`): a part loaded on demand (the centre's panel, the message menu, the @ list) could not load. */
  | 'feature_unavailable'
  /** Widget-side only: `sendFile` rejects with it when the upload was cancelled (no `room-error`). */
  | 'upload_cancelled'
  | 'server_error';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

/** The answer to `chat_history`, oldest first; `more`: older messages are kept still. */
export type HistoryPageAck =
  { ok: true; messages: RoomMessage[]; more: boolean } | { ok: false; code: ErrorCode; message: string };

export interface ServerToClientEvents {
  welcome: (payload: WelcomePayload) => void;
  typing: (notice: TypingNotice) => void;
  message: (message: RoomMessage) => void;
  /** Several messages in one frame (a busy room), in order: the same as that many `message` events. */
  messages: (messages: RoomMessage[]) => void;
  /** Who joined and left since the last update (both empty above PRESENCE_LIST_MAX), and how many are present now. */
  presence: (change: PresencePayload) => void;
  room_state: (room: RoomSnapshot) => void;
  room_ended: (info: { logout_url: string | null }) => void;
}

export interface ClientToServerEvents {
  chat_send: (request: ChatSendRequest, ack: (result: ChatSendAck) => void) => void;
  chat_react: (request: ChatReactRequest, ack: (result: ChatActionAck) => void) => void;
  chat_delete: (request: ChatDeleteRequest, ack: (result: ChatActionAck) => void) => void;
  typing: (request: TypingRequest) => void;
  chat_history: (request: HistoryPageRequest, ack: (result: HistoryPageAck) => void) => void;
  participants_search: (request: ParticipantsSearch, ack: (result: ParticipantsPage) => void) => void;
  chat_edit: (request: ChatEditRequest, ack: (result: ChatActionAck) => void) => void;
  chat_moderate: (request: ChatModerateRequest, ack: (result: ChatActionAck) => void) => void;
  poll_create: (request: PollCreateRequest, ack: (result: ChatActionAck) => void) => void;
  poll_vote: (request: PollVoteRequest, ack: (result: ChatActionAck) => void) => void;
  poll_close: (request: PollCloseRequest, ack: (result: ChatActionAck) => void) => void;
  hand_raise: (request: HandRequest, ack: (result: ChatActionAck) => void) => void;
  hand_lower: (request: HandRequest, ack: (result: ChatActionAck) => void) => void;
}
