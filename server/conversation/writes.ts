import type { Participant, RoomMessage, Self, Sender } from '../../src/core/protocol.ts';
import { quoteOf } from '../../src/core/conversation-shapes.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import { oncePerClientId, type ClientMark, type ClientWrites } from '../core/client-writes.ts';
import type { StoredMessage } from '../core/history.ts';
import type { RoomService } from '../core/room-service.ts';
import type { RoomRecord } from '../core/rooms.ts';
import { audience as audiences, isTargetOf, type Audience } from '../core/targets.ts';
import {
  CONVERSATION_KINDS,
  REACTION_KINDS_MAX,
  REACTION_KINDS_PER_USER,
  emojiProblem,
  mentionsIn,
  senderOf,
} from './content.ts';
import { moderationWrites } from './moderation.ts';
import { refusals, type ConversationPolicy, type WriteKind } from './policy.ts';

export interface ConversationDeps {
  service: RoomService;
  policy: ConversationPolicy;
  writes: ClientWrites;
  chatMaxLength: number;
  /** Removes a deleted file message's file (the files catalog). */
  removeFile?: (roomId: string, fileId: string) => Promise<void>;
}

/** Where a new chat message goes, what it quotes and whom it mentions: the server decides all three. */
interface ChatPlan {
  audience: Audience;
  private: boolean;
  to?: Sender;
  reply_to?: RoomMessage['reply_to'];
  mentions?: string[];
}

/** The writer's client id, on what its write publishes (absent for writes without one). */
type Mark = ClientMark;

const invalid = (message: string) => new RoomRefusal('message_invalid', message);

function idOf(request: unknown, field: string): string {
  const value =
    typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 200) throw invalid(`${field} must be a message id`);
  return value;
}

/** The writes a widget makes over its socket: chat messages (replies too), reactions and deletions. */
export function conversation(deps: ConversationDeps) {
  const { service, policy } = deps;

  /** A message this participant can see and may act on; anything else is "not found", so nothing leaks. */
  async function visibleOriginal(self: Self, roomId: string, id: string): Promise<StoredMessage> {
    const stored = await service.history.find(roomId, id);
    if (
      !stored ||
      !isTargetOf(stored.audience, self) ||
      !CONVERSATION_KINDS.has(stored.message.kind) ||
      stored.message.deleted
    ) {
      throw refusals.messageNotFound();
    }
    return stored;
  }

  /** The room, when this user may make this write in it now: active, allowed by the policy, within the rate. */
  async function openRoom(self: Self, roomId: string, kind: WriteKind): Promise<RoomRecord> {
    const room = await service.active(roomId);
    if (!room) throw refusals.roomEnded();
    policy.mayWrite(room, self, kind);
    await policy.takeTurn(room, self, kind);
    return room;
  }

  /** Mentions count only for people who will see the message. */
  function mentionsFor(text: string, self: Self, present: Participant[], audience: Audience): string[] | undefined {
    const eligible = present.filter((p) => p.user_id !== self.user_id && isTargetOf(audience, { ...p, peer_id: '' }));
    const found = mentionsIn(text, eligible);
    return found.length > 0 ? found : undefined;
  }

  function directed(self: Self, present: Participant[], to: string | undefined): ChatPlan {
    if (to === undefined) return { audience: audiences.everyone(), private: false };
    const recipient = present.find((p) => p.user_id === to);
    if (!recipient) throw refusals.recipientUnknown();
    return {
      audience: audiences.of({ userIds: [self.user_id, recipient.user_id] }),
      private: true,
      to: senderOf(recipient),
    };
  }

  /**
   * The audience of a chat message: everyone, the pair of a private message, or for a reply to a private message
   * that message's own audience (a reply never widens who sees a conversation). `to` is an already checked string.
   */
  async function planChat(
    self: Self,
    roomId: string,
    text: string,
    to: string | undefined,
    replyTo: unknown,
  ): Promise<ChatPlan> {
    // Presence is read only when needed: most messages are public and mention no one.
    const present = to !== undefined || text.includes('@') ? await service.participants(roomId) : [];
    let plan: ChatPlan;
    if (replyTo !== undefined) {
      const original = await visibleOriginal(self, roomId, idOf({ reply_to: replyTo }, 'reply_to'));
      const quote = quoteOf(original.message);
      if (original.message.private) {
        const { from, to: origTo } = original.message;
        const other = from && origTo ? (from.user_id === self.user_id ? origTo : from) : undefined;
        if (to !== undefined && to !== other?.user_id)
          throw invalid('a reply to a private message goes to the same pair: leave out to');
        plan = { audience: original.audience, private: true, ...(other ? { to: other } : {}), reply_to: quote };
      } else plan = { ...directed(self, present, to), reply_to: quote };
    } else plan = directed(self, present, to);
    const mentions = mentionsFor(text, self, present, plan.audience);
    return mentions ? { ...plan, mentions } : plan;
  }

  const moderation = moderationWrites({ service, chatMaxLength: deps.chatMaxLength, openRoom, visibleOriginal });

  const writes = {
    edit: moderation.edit,
    moderate: moderation.moderate,
    /** A chat message, public or private, or a reply; the policy is asked again once the plan shows it private. */
    async send(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      if (typeof request !== 'object' || request === null) throw invalid('the request must be an object');
      const { text, to, reply_to } = request as Record<string, unknown>;
      if (typeof text !== 'string' || text.trim() === '') throw invalid('text must be a non-empty string');
      if (text.length > deps.chatMaxLength)
        throw new RoomRefusal('message_too_long', `messages are limited to ${deps.chatMaxLength} characters`);
      if (to !== undefined && (typeof to !== 'string' || to === '')) throw invalid('to must be a user id');
      const room = await openRoom(self, roomId, reply_to === undefined ? 'chat' : 'reply');
      if (to !== undefined) policy.mayWrite(room, self, 'private_chat');
      const plan = await planChat(self, roomId, text, to, reply_to);
      if (plan.private) policy.mayWrite(room, self, 'private_chat');
      const { audience, ...shape } = plan;
      return service.publish(
        { room_id: roomId, kind: 'chat', from: senderOf(self), text, ...shape, ...mark },
        audience,
        {
          persist: true,
        },
      );
    },

    async react(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const messageId = idOf(request, 'message_id');
      const emoji = (request as Record<string, unknown>).emoji;
      const problem = emojiProblem(emoji);
      if (problem) throw new RoomRefusal('reaction_invalid', problem);
      const room = await openRoom(self, roomId, 'reaction');
      const original = await visibleOriginal(self, roomId, messageId);
      await policy.takeReactionTurn(room, self, messageId);
      const outcome = await service.history.toggleReaction(roomId, messageId, self, emoji as string, {
        kinds: REACTION_KINDS_MAX,
        ownKinds: REACTION_KINDS_PER_USER,
      });
      if (outcome === 'gone') throw refusals.messageNotFound();
      if (outcome === 'too_many_reactions') throw refusals.tooManyReactions(REACTION_KINDS_MAX);
      if (outcome === 'too_many_own') throw refusals.tooManyOwnReactions(REACTION_KINDS_PER_USER);
      return service.publish(
        {
          room_id: roomId,
          kind: 'reaction',
          from: senderOf(self),
          private: original.message.private,
          text: '',
          reaction: { message_id: messageId, emoji: emoji as string, on: outcome === 'added' },
          ...mark,
        },
        original.audience,
        { persist: true },
      );
    },

    /** Authors delete their own messages, admins any. */
    async remove(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const messageId = idOf(request, 'message_id');
      const room = await openRoom(self, roomId, 'delete');
      const original = await visibleOriginal(self, roomId, messageId);
      const own = original.message.from?.user_id === self.user_id;
      if (!own && !self.is_admin) throw refusals.notAllowedToDelete();
      const before = await service.history.erase(roomId, messageId);
      // Of two deletions racing, only the one that made the tombstone announces it.
      if (!before || before.message.deleted) throw refusals.messageNotFound();
      await moderation.followPin(roomId, messageId);
      const file = before.message.file;
      if (file && deps.removeFile) await deps.removeFile(roomId, file.id).catch(() => undefined);
      const deletion = { message_id: messageId, by_admin: !own };
      const published = await service.publish(
        {
          room_id: roomId,
          kind: 'message_deleted',
          from: senderOf(self),
          private: original.message.private,
          text: '',
          deletion,
          ...mark,
        },
        original.audience,
        { persist: true },
      );
      service.messageDeleted(room, self, { ...deletion, author: original.message.from });
      return published;
    },
  };

  const once = oncePerClientId<keyof typeof writes>(deps.writes, (name, self, roomId, request, mark) =>
    writes[name](self, roomId, request, mark),
  );

  return {
    send: once('send'),
    react: once('react'),
    remove: once('remove'),
    edit: once('edit'),
    moderate: once('moderate'),
    /** The backend's own moderation (an extension route): no client id, no memo; the route's signature is its check. */
    moderateAsBackend: (self: Self, roomId: string, request: unknown) => moderation.moderate(self, roomId, request, {}),
  };
}
