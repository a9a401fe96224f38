import type * as wire from './protocol.ts';

/*
 * The public JavaScript surface's shapes (store state, the headless client, event details): the wire types with every
 * key camelCased, derived rather than written twice so they cannot drift from protocol.ts. The wire keeps its
 * snake_case (the server, Redis and webhooks speak it); `camelize()` converts once, where the connection receives.
 */

/** `reply_to` → `replyTo`, `lock_chat_send_message` → `lockChatSendMessage`. */
export type CamelKey<K> = K extends `${infer Head}_${infer Tail}` ? `${Head}${CamelKey<Capitalize<Tail>>}` : K;

/** `T` with every object key camelCased, recursively through objects and arrays; string values are left alone. */
export type Camelize<T> = T extends readonly (infer U)[]
  ? Camelize<U>[]
  : T extends object
    ? { [K in keyof T as CamelKey<K>]: Camelize<T[K]> }
    : T;

/** Renames `snake_case` keys to camelCase, recursively; values (strings included) are untouched. */
export function camelize<T>(value: T): Camelize<T> {
  return (
    Array.isArray(value)
      ? value.map(camelize)
      : value && typeof value == 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k.replace(/_(.)/g, (_, c: string) => c.toUpperCase()), camelize(v)]),
          )
        : value
  ) as Camelize<T>;
}

export type { ErrorCode, ErrorPayload, MessageKind, NotificationLevel } from './protocol.ts';

/** Where a notification comes from: a backend (`system`), the chat (a preview), joins and leaves, the host page. */
export type NotificationCategory = 'system' | 'chat' | 'presence' | 'host';

// Interfaces rather than aliases: hosts' editors and the published .d.ts then name `RoomMessage`, not its expansion.
/* eslint-disable @typescript-eslint/no-empty-object-type */

/** Who sent a message: `{ userId, name, role }`. */
export interface Sender extends Camelize<wire.Sender> {}
/** A participant of the room: `{ userId, name, role, isAdmin }`. */
export interface Participant extends Camelize<wire.Participant> {}
/** This page's participant, with the `peerId` the server gave it. */
export interface Self extends Camelize<wire.Self> {}
/** One user who reacted: `{ userId, name }`. */
export interface Reactor extends Camelize<wire.Reactor> {}
/** One emoji on a message: the distinct users who chose it, earliest first. */
export interface Reaction extends Camelize<wire.Reaction> {}
/** `reaction` messages only: `{ messageId, emoji, on }`. */
export interface ReactionChange extends Camelize<wire.ReactionChange> {}
/** `message_deleted` messages only: `{ messageId, byAdmin }`. */
export interface Deletion extends Camelize<wire.Deletion> {}
/** What a reply quotes: `{ id, from, excerpt, deleted? }`. */
export interface Quote extends Camelize<wire.Quote> {}
/** A shared file: `{ id, name, size, type, url, inline }`. */
export interface FileAttachment extends Camelize<wire.FileAttachment> {}
/** A room's file sharing: `{ enabled, locked, allowedTypes, maxSize }`. */
export interface RoomFileSettings extends Camelize<wire.RoomFileSettings> {}
export interface RoomFeatures extends Camelize<wire.RoomFeatures> {}
/** `{ lockChat, lockChatSendMessage, lockPrivateChat }`. */
export interface LockSettings extends Camelize<wire.LockSettings> {}
/** A pinned message (issue 29): `{ id, from, excerpt, pinnedAt }`. */
export interface Pin extends Camelize<wire.Pin> {}
/** What admins changed while the room runs: `{ muted, slowMode, pins }`. */
export interface RoomModeration extends Camelize<wire.RoomModeration> {}
/** `message_edited` messages only: `{ messageId, text }`. */
export interface Edit extends Camelize<wire.Edit> {}
/** `moderation` messages only: the action (`lock_chat`, `mute`, `slow_mode`, `clear`, `pin`), `locks` and `state`. */
export type ModerationChange = Camelize<wire.ModerationChange>;
/** The room: `{ roomId, title, welcomeMessage, logoutUrl, features, locks, files? }`. */
export interface RoomSnapshot extends Camelize<wire.RoomSnapshot> {}
/**
 * A message of the room (chat, notification, emoji, custom event, file, reaction, deletion), the one shape the store,
 * the client and the events hand out: `{ id, roomId, seq, ts, kind, from, private, text, replyTo?, … }`.
 */
export interface RoomMessage extends Camelize<wire.RoomMessage> {}
/** A poll: `{ question, options, multiple, anonymous, closed, voters, version, mine? }`. */
export interface Poll extends Camelize<wire.Poll> {}
/** One answer of a poll: `{ id, text, count, voters? }` (no `voters` on anonymous polls). */
export interface PollOption extends Camelize<wire.PollOption> {}
/** `poll_update` messages only: `{ messageId, poll }`. */
export interface PollUpdate extends Camelize<wire.PollUpdate> {}
/** A raised hand: `{ userId, name, raisedAt }`. */
export interface RaisedHand extends Camelize<wire.RaisedHand> {}
/** A hand went up or down: `{ userId, name, raised, byAdmin? }`. */
export interface HandChange extends Camelize<wire.HandChange> {}
/** One page of `searchParticipants`: `{ participants, next, total }` (`next`: the offset of the next page, or null). */
export type ParticipantsPage = Omit<Extract<Camelize<wire.ParticipantsPage>, { ok: true }>, 'ok'>;
/** What the server sends once a socket is admitted, camelCased: what `RoomStore.handleWelcome` takes. */
export interface WelcomePayload extends Camelize<wire.WelcomePayload> {}
/** The answer to `send`: `{ ok: true, message }` or `{ ok: false, code, message }`. */
export type ChatSendAck = Camelize<wire.ChatSendAck>;
