import type { Participant, RoomMessage, Self, Sender } from '../../src/core/protocol.ts';
import { CONVERSATION_KINDS, REACTION_KINDS_MAX, emojiProblem, mentionsIn, quoteOf } from '../core/conversation.ts';
import type { StoredMessage } from '../core/history.ts';
import type { RateLimiter } from '../core/limits.ts';
import type { RoomService } from '../core/room-service.ts';
import { defaultLocks, type RoomRecord } from '../core/rooms.ts';
import { audience as audiences, isTargetOf, type Audience } from '../core/targets.ts';
import { JoinRefused } from './refusal.ts';

export interface ConversationDeps {
  service: RoomService;
  chatLimiter: RateLimiter;
  /** Removes a deleted file message's file (the files catalog). */
  removeFile?: (roomId: string, fileId: string) => Promise<void>;
}

export const senderOf = (p: Pick<Self, 'user_id' | 'name' | 'role'>): Sender => ({ user_id: p.user_id, name: p.name, role: p.role });

/** Where a new chat message goes, what it quotes and whom it mentions: the server decides all three. */
export interface ChatPlan {
  audience: Audience;
  private: boolean;
  to?: Sender;
  reply_to?: RoomMessage['reply_to'];
  mentions?: string[];
}

function idOf(request: unknown, field: string): string {
  const value = typeof request === 'object' && request !== null ? (request as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 200) throw new JoinRefused('message_invalid', `${field} must be a message id`);
  return value;
}

export function conversation(deps: ConversationDeps) {
  const { service, chatLimiter } = deps;

  /** A message this participant can see and may act on; anything else is "not found", so nothing leaks. */
  async function visibleOriginal(self: Self, roomId: string, id: string): Promise<StoredMessage> {
    const stored = await service.history.find(roomId, id);
    if (!stored || !isTargetOf(stored.audience, self) || !CONVERSATION_KINDS.has(stored.message.kind) || stored.message.deleted) {
      throw new JoinRefused('message_not_found', 'that message is not in this room (or no longer)');
    }
    return stored;
  }

  async function openRoom(self: Self, roomId: string, locked: 'send' | 'never'): Promise<RoomRecord> {
    const room = await service.active(roomId);
    if (!room) throw new JoinRefused('room_not_active', 'the room has ended');
    if (!room.features.chat) throw new JoinRefused('chat_disabled', 'chat is turned off in this room');
    const locks = self.is_admin ? defaultLocks : room.locks;
    if (locked === 'send' && (locks.lock_chat || locks.lock_chat_send_message)) throw new JoinRefused('chat_locked', 'the moderator has locked the chat');
    const wait = await chatLimiter.take(`${roomId}\0${self.user_id}`);
    if (wait > 0) throw new JoinRefused('rate_limited', `too many messages: wait ${Math.ceil(wait / 1000)} s`);
    return room;
  }

  /** Mentions count only for people who will see the message. */
  function mentionsFor(text: string, self: Self, present: Participant[], audience: Audience): string[] | undefined {
    const eligible = present.filter((p) => p.user_id !== self.user_id && isTargetOf(audience, { ...p, peer_id: '' }));
    const found = mentionsIn(text, eligible);
    return found.length > 0 ? found : undefined;
  }

  return {
    /** The room, when this user may write in it now: active, chat on, not locked for them, within the rate limit. */
    openRoom,
    /**
     * The audience of a chat message: everyone, the pair of a private message, or for a reply to a private message
     * that message's own audience (a reply never widens who sees a conversation). `to` is an already checked string.
     */
    async planChat(self: Self, roomId: string, text: string, to: string | undefined, replyTo: unknown): Promise<ChatPlan> {
      // Presence is read only when needed: most messages are public and mention no one.
      const present = to !== undefined || text.includes('@') ? await service.participants(roomId) : [];
      let plan: ChatPlan;
      if (replyTo !== undefined) {
        const original = await visibleOriginal(self, roomId, idOf({ reply_to: replyTo }, 'reply_to'));
        const quote = quoteOf(original.message);
        if (original.message.private) {
          const { from, to: origTo } = original.message;
          const other = from && origTo ? (from.user_id === self.user_id ? origTo : from) : undefined;
          if (to !== undefined && to !== other?.user_id) throw new JoinRefused('message_invalid', 'a reply to a private message goes to the same pair: leave out to');
          plan = { audience: original.audience, private: true, ...(other ? { to: other } : {}), reply_to: quote };
        } else plan = { ...directed(self, present, to), reply_to: quote };
      } else plan = directed(self, present, to);
      const mentions = mentionsFor(text, self, present, plan.audience);
      return mentions ? { ...plan, mentions } : plan;
    },

    async react(self: Self, roomId: string, request: unknown): Promise<RoomMessage> {
      const messageId = idOf(request, 'message_id');
      const emoji = (request as Record<string, unknown>).emoji;
      const problem = emojiProblem(emoji);
      if (problem) throw new JoinRefused('reaction_invalid', problem);
      await openRoom(self, roomId, 'send');
      const original = await visibleOriginal(self, roomId, messageId);
      const outcome = await service.history.toggleReaction(roomId, messageId, self, emoji as string, REACTION_KINDS_MAX);
      if (outcome === 'gone') throw new JoinRefused('message_not_found', 'that message is not in this room (or no longer)');
      if (outcome === 'too_many_reactions') throw new JoinRefused('too_many_reactions', `a message can carry at most ${REACTION_KINDS_MAX} different reactions`);
      return service.publish(
        { room_id: roomId, kind: 'reaction', from: senderOf(self), private: original.message.private, text: '', reaction: { message_id: messageId, emoji: emoji as string, on: outcome === 'added' } },
        original.audience,
        { persist: true },
      );
    },

    /** Authors delete their own messages (even in a locked chat: taking words back is always allowed), admins any. */
    async remove(self: Self, roomId: string, request: unknown): Promise<RoomMessage> {
      const messageId = idOf(request, 'message_id');
      const room = await openRoom(self, roomId, 'never');
      const original = await visibleOriginal(self, roomId, messageId);
      const own = original.message.from?.user_id === self.user_id;
      if (!own && !self.is_admin) throw new JoinRefused('not_allowed', 'only the author or an admin can delete this message');
      const before = await service.history.erase(roomId, messageId);
      // Of two deletions racing, only the one that made the tombstone announces it.
      if (!before || before.message.deleted) throw new JoinRefused('message_not_found', 'that message is not in this room (or no longer)');
      const file = before.message.file;
      if (file && deps.removeFile) await deps.removeFile(roomId, file.id).catch(() => undefined);
      const deletion = { message_id: messageId, by_admin: !own };
      const published = await service.publish(
        { room_id: roomId, kind: 'message_deleted', from: senderOf(self), private: original.message.private, text: '', deletion },
        original.audience,
        { persist: true },
      );
      service.messageDeleted(room, self, { ...deletion, author: original.message.from });
      return published;
    },
  };

  function directed(self: Self, present: Participant[], to: string | undefined): ChatPlan {
    if (to === undefined) return { audience: audiences.everyone(), private: false };
    const recipient = present.find((p) => p.user_id === to);
    if (!recipient) throw new JoinRefused('recipient_unknown', 'that participant is not in the room');
    return { audience: audiences.of({ userIds: [self.user_id, recipient.user_id] }), private: true, to: senderOf(recipient) };
  }
}
