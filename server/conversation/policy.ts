import type { RoomFileSettings } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { RateLimiter } from '../core/limits.ts';
import type { RoomRecord } from '../core/rooms.ts';

/**
 * Every way a participant writes into a room's conversation, each with its own rules below. Edits, pins, polls
 * (create, vote, close) and the moderators' writes (lock the chat, mute, slow mode, clear) join as new kinds.
 */
export type WriteKind =
  | 'chat'
  | 'private_chat'
  | 'reply'
  | 'file'
  | 'reaction'
  | 'delete'
  /** Issue 29: an author changes their message's text. */
  | 'edit'
  /** Issue 29: an admin pins or unpins a message. */
  | 'pin'
  /** Issue 29: an admin locks the chat, mutes a participant, sets slow mode or clears the chat. */
  | 'moderate';

/** Kinds that say something new: slow mode counts them (server/conversation/policy.ts `takeTurn`). */
const SENDS: ReadonlySet<WriteKind> = new Set(['chat', 'private_chat', 'reply', 'file']);

/** Who writes: admins pass the moderator's locks, never a feature the room turned off. */
export interface Writer {
  user_id: string;
  is_admin: boolean;
}

/**
 * What the rules read of a room. State a moderator changes while the room runs (muted participants, slow mode)
 * belongs here beside the locks, so that each rule reads it from one place.
 */
export type RoomRules = Pick<RoomRecord, 'room_id' | 'features' | 'locks' | 'files' | 'moderation'>;

/**
 * Every sentence the conversation refuses with, worded once. The status is the HTTP answer where a refusal goes
 * over HTTP (the files endpoint); over the socket only the code and the sentence travel.
 */
export const refusals = {
  roomEnded: () => new RoomRefusal('room_not_active', 'the room has ended', 404),
  roomNotActive: (roomId: string) => new RoomRefusal('room_not_active', `room "${roomId}" is not active`, 404),
  chatDisabled: () => new RoomRefusal('chat_disabled', 'chat is turned off in this room', 403),
  chatLocked: () => new RoomRefusal('chat_locked', 'the moderator has locked the chat', 403),
  privateChatLocked: () => new RoomRefusal('private_chat_locked', 'the moderator has locked private messages', 403),
  fileUploadDisabled: () => new RoomRefusal('file_upload_disabled', 'file sharing is turned off in this room', 403),
  fileShareLocked: () => new RoomRefusal('file_share_locked', 'the moderator has locked file sharing', 403),
  recipientUnknown: () => new RoomRefusal('recipient_unknown', 'that participant is not in the room', 400),
  rateLimited: (waitMs: number) =>
    new RoomRefusal('rate_limited', `too many messages: wait ${Math.ceil(waitMs / 1000)} s`, 429),
  reactionsTooFast: (waitMs: number) =>
    new RoomRefusal(
      'rate_limited',
      `too many reaction changes on this message: wait ${Math.ceil(waitMs / 1000)} s`,
      429,
    ),
  tooManyReactions: (max: number) =>
    new RoomRefusal('too_many_reactions', `a message can carry at most ${max} different reactions`),
  tooManyOwnReactions: (max: number) =>
    new RoomRefusal('too_many_reactions', `one person can add at most ${max} different reactions to a message`),
  messageNotFound: () => new RoomRefusal('message_not_found', 'that message is not in this room (or no longer)', 404),
  notAllowedToDelete: () => new RoomRefusal('not_allowed', 'only the author or an admin can delete this message', 403),
  notAllowedToEdit: () => new RoomRefusal('not_allowed', 'only the author can edit this message', 403),
  adminsOnly: () => new RoomRefusal('not_allowed', 'only an admin can moderate the chat', 403),
  participantMuted: () => new RoomRefusal('participant_muted', 'the moderator has muted your chat', 403),
  slowMode: (waitMs: number) =>
    new RoomRefusal('slow_mode', `slow mode: wait ${Math.ceil(waitMs / 1000)} s before your next message`, 429),
};

interface RuleInput {
  room: RoomRules;
  writer: Writer;
  files: RoomFileSettings;
}

/** One condition of writing: the refusal when it does not hold. */
type Rule = (input: RuleInput) => RoomRefusal | null;

const chatOn: Rule = ({ room }) => (room.features.chat ? null : refusals.chatDisabled());
const chatUnlocked: Rule = ({ room, writer }) =>
  !writer.is_admin && (room.locks.lock_chat || room.locks.lock_chat_send_message) ? refusals.chatLocked() : null;
const privateUnlocked: Rule = ({ room, writer }) =>
  !writer.is_admin && room.locks.lock_private_chat ? refusals.privateChatLocked() : null;
const notMuted: Rule = ({ room, writer }) =>
  !writer.is_admin && room.moderation?.muted.includes(writer.user_id) ? refusals.participantMuted() : null;
const adminOnly: Rule = ({ writer }) => (writer.is_admin ? null : refusals.adminsOnly());
const filesOn: Rule = ({ files }) => (files.enabled ? null : refusals.fileUploadDisabled());
const filesUnlocked: Rule = ({ writer, files }) =>
  !writer.is_admin && files.locked ? refusals.fileShareLocked() : null;

/** The rules of each kind, checked in order: the first that fails is the refusal the writer gets. */
const RULES: Record<WriteKind, readonly Rule[]> = {
  chat: [chatOn, chatUnlocked, notMuted],
  reply: [chatOn, chatUnlocked, notMuted],
  private_chat: [chatOn, chatUnlocked, privateUnlocked, notMuted],
  file: [chatOn, filesOn, chatUnlocked, filesUnlocked, notMuted],
  reaction: [chatOn, chatUnlocked, notMuted],
  // Taking words back is always allowed, even in a locked chat.
  delete: [chatOn],
  // Changing words is saying something: not in a locked chat, not while muted (whose message it is: writes.ts).
  edit: [chatOn, chatUnlocked, notMuted],
  pin: [chatOn, adminOnly],
  moderate: [adminOnly],
};

export interface PolicyDeps {
  chatLimiter: RateLimiter;
  /** One user's toggles on one message (content.ts REACTION_TOGGLES_PER_MESSAGE); absent: no such limit. */
  reactionLimiter?: RateLimiter;
  /** A room's file settings when `room/create` gave none: the server's own limits. */
  fileDefaults: RoomFileSettings;
  /** One send per slow-mode interval of each non-admin (absent: slow mode is not enforced). */
  slowTurns?: SlowTurns;
}

/** Slow mode's memory: a key may be taken once per `ms`; `take` answers 0, or the ms until it may be taken again. */
export interface SlowTurns {
  take(key: string, ms: number): Promise<number>;
}

/**
 * May this participant write here, now? The one answer every write path asks for (socket chat, reactions,
 * deletions, the files endpoint), after the checks of its own request's shape and before it publishes anything.
 */
export class ConversationPolicy {
  constructor(private readonly deps: PolicyDeps) {}

  /** Throws the refusal when `writer` may not make a write of `kind` in `room`. */
  mayWrite(room: RoomRules, writer: Writer, kind: WriteKind): void {
    const input = { room, writer, files: this.filesOf(room) };
    for (const rule of RULES[kind]) {
      const refusal = rule(input);
      if (refusal) throw refusal;
    }
  }

  /**
   * Counts one write against the writer's rate in the room; throws `rate_limited` past it. A non-admin's message
   * (`kind` one of SENDS) in a room with slow mode on is refused with `slow_mode` within the interval of their last.
   */
  async takeTurn(room: RoomRules, writer: Writer, kind?: WriteKind): Promise<void> {
    const slow = room.moderation?.slow_mode ?? 0;
    if (slow > 0 && !writer.is_admin && kind && SENDS.has(kind) && this.deps.slowTurns) {
      const wait = await this.deps.slowTurns.take(`${room.room_id}\0${writer.user_id}`, slow * 1000);
      if (wait > 0) throw refusals.slowMode(wait);
    }
    // An admin's moderation (admins only, by the rules) does not use up their chat's rate.
    if (kind === 'moderate' || kind === 'pin') return;
    const wait = await this.deps.chatLimiter.take(`${room.room_id}\0${writer.user_id}`);
    if (wait > 0) throw refusals.rateLimited(wait);
  }

  /** Counts one reaction toggle of the writer's on one message; throws `rate_limited` past the per-message limit. */
  async takeReactionTurn(room: RoomRules, writer: Writer, messageId: string): Promise<void> {
    const wait = (await this.deps.reactionLimiter?.take(`${room.room_id}\0${messageId}\0${writer.user_id}`)) ?? 0;
    if (wait > 0) throw refusals.reactionsTooFast(wait);
  }

  filesOf(room: RoomRules): RoomFileSettings {
    return room.files ?? this.deps.fileDefaults;
  }
}
