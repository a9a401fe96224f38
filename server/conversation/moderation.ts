import type { ModerationAction, RoomMessage, RoomModeration, Self } from '../../src/core/protocol.ts';
import { quoteOf } from '../../src/core/conversation-shapes.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { StoredMessage } from '../core/history.ts';
import type { RoomService } from '../core/room-service.ts';
import type { RoomRecord } from '../core/rooms.ts';
import { audience } from '../core/targets.ts';
import { senderOf } from './content.ts';
import { refusals, type WriteKind } from './policy.ts';

/*
 * Issue 29: editing one's own message, and what admins change while the room runs (lock the chat, mute one user,
 * slow mode, clear the chat, pins). Every write goes through the policy (`openRoom` asks it) and the exactly-once
 * memo (writes.ts `once`); the room's moderation lives in its record (RoomRecord.moderation, `locks`), so welcomes
 * and resumes carry it, and every change goes to the widgets as one `moderation` message with the state after it.
 */

/** The pinned bar shows at most this many, newest first. */
export const PINS_MAX = 3;
/** Slow mode's longest interval. */
export const SLOW_MODE_MAX_S = 3600;

/** The room server's own backend API writing (an extension route): an admin with no name, its messages from no one. */
export const BACKEND: Self = { user_id: '', name: '', role: null, is_admin: true, peer_id: '' };

type Mark = { client_id?: string };

export interface ModerationHelpers {
  service: RoomService;
  chatMaxLength: number;
  /** The room, once the policy allows this write of `kind` (and the writer's rate). */
  openRoom(self: Self, roomId: string, kind: WriteKind): Promise<RoomRecord>;
  /** A chat or file message this participant can see, not deleted; else `message_not_found`. */
  visibleOriginal(self: Self, roomId: string, id: string): Promise<StoredMessage>;
}

const invalid = (message: string) => new RoomRefusal('message_invalid', message);
const noModeration: RoomModeration = { muted: [], slow_mode: 0, pins: [] };
export const moderationOf = (room: Pick<RoomRecord, 'moderation'>): RoomModeration => room.moderation ?? noModeration;

function textOf(request: Record<string, unknown>, max: number): string {
  const { text } = request;
  if (typeof text !== 'string' || text.trim() === '') throw invalid('text must be a non-empty string');
  if (text.length > max) throw new RoomRefusal('message_too_long', `messages are limited to ${max} characters`);
  return text;
}

function stringField(request: Record<string, unknown>, field: string): string {
  const value = request[field];
  if (typeof value !== 'string' || value === '' || value.length > 200) throw invalid(`${field} must be an id`);
  return value;
}

function boolField(request: Record<string, unknown>, field: string): boolean {
  const value = request[field];
  if (typeof value !== 'boolean') throw invalid(`${field} must be true or false`);
  return value;
}

/** The action a request names, checked field by field (nothing else of the request is kept). */
export function actionOf(request: unknown): ModerationAction {
  if (typeof request !== 'object' || request === null) throw invalid('the request must be an object');
  const r = request as Record<string, unknown>;
  switch (r.action) {
    case 'lock_chat':
      return { action: 'lock_chat', locked: boolField(r, 'locked') };
    case 'mute':
      return { action: 'mute', user_id: stringField(r, 'user_id'), muted: boolField(r, 'muted') };
    case 'slow_mode': {
      const { seconds } = r;
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > SLOW_MODE_MAX_S)
        throw invalid(`seconds must be a whole number from 0 to ${SLOW_MODE_MAX_S}`);
      return { action: 'slow_mode', seconds };
    }
    case 'clear':
      return { action: 'clear' };
    case 'pin':
      return { action: 'pin', message_id: stringField(r, 'message_id'), pinned: boolField(r, 'pinned') };
    default:
      throw invalid('action must be lock_chat, mute, slow_mode, clear or pin');
  }
}

/** The room's record after `action` (pins: the new pin's quote comes from `pin`). */
function applied(room: RoomRecord, action: ModerationAction, pin?: RoomMessage): RoomRecord {
  const now = moderationOf(room);
  switch (action.action) {
    case 'lock_chat':
      return { ...room, locks: { ...room.locks, lock_chat: action.locked, lock_chat_send_message: action.locked } };
    case 'mute': {
      const others = now.muted.filter((u) => u !== action.user_id);
      return { ...room, moderation: { ...now, muted: action.muted ? [...others, action.user_id] : others } };
    }
    case 'slow_mode':
      return { ...room, moderation: { ...now, slow_mode: action.seconds } };
    case 'clear':
      return { ...room, moderation: { ...now, pins: [] } };
    case 'pin': {
      const others = now.pins.filter((p) => p.id !== action.message_id);
      const pins = pin ? [{ ...quoteOf(pin), pinned_at: Date.now() }, ...others].slice(0, PINS_MAX) : others;
      return { ...room, moderation: { ...now, pins } };
    }
  }
}

/** The edit and moderation writes, beside the conversation's own (writes.ts wraps each in the exactly-once memo). */
export function moderationWrites(h: ModerationHelpers) {
  const { service } = h;

  /** A deleted or edited message's pin follows it: gone, or with the new excerpt. */
  async function followPin(roomId: string, id: string, message?: RoomMessage): Promise<void> {
    const room = await service.rooms.get(roomId);
    if (!room?.moderation?.pins.some((p) => p.id === id)) return;
    await service.rooms.update(roomId, (r) => {
      const m = moderationOf(r);
      const pins = message
        ? m.pins.map((p) => (p.id === id ? { ...quoteOf(message), pinned_at: p.pinned_at } : p))
        : m.pins.filter((p) => p.id !== id);
      return { ...r, moderation: { ...m, pins } };
    });
  }

  return {
    followPin,

    /** The author changes the text of their own chat message (not a file's, not a deleted one, not someone else's). */
    async edit(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      if (typeof request !== 'object' || request === null) throw invalid('the request must be an object');
      const r = request as Record<string, unknown>;
      const messageId = stringField(r, 'message_id');
      const text = textOf(r, h.chatMaxLength);
      const room = await h.openRoom(self, roomId, 'edit');
      const original = await h.visibleOriginal(self, roomId, messageId);
      if (original.message.from?.user_id !== self.user_id) throw refusals.notAllowedToEdit();
      if (original.message.kind !== 'chat') throw invalid('only chat messages can be edited');
      const before = await service.history.rewrite(roomId, messageId, (m) =>
        m.deleted ? m : { ...m, text, edited: true },
      );
      if (!before || before.message.deleted) throw refusals.messageNotFound();
      const edited = { ...before.message, text };
      // Replies quote the new words, as a reply sent now would.
      const excerpt = quoteOf(edited).excerpt;
      for (const s of await service.history.recent(roomId))
        if (s.message.reply_to?.id === messageId && !s.message.reply_to.deleted)
          await service.history.rewrite(roomId, s.message.id, (m) =>
            m.reply_to && !m.reply_to.deleted ? { ...m, reply_to: { ...m.reply_to, excerpt } } : m,
          );
      await followPin(roomId, messageId, edited);
      const published = await service.publish(
        {
          room_id: roomId,
          kind: 'message_edited',
          from: senderOf(self),
          private: original.message.private,
          text: '',
          edit: { message_id: messageId, text },
          ...mark,
        },
        original.audience,
        { persist: true },
      );
      service.conversationChanged('message_edited', room, self, { message_id: messageId, text });
      return published;
    },

    /** An admin's change to the chat: the room's record changes, then every widget hears the state after it. */
    async moderate(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const action = actionOf(request);
      await h.openRoom(self, roomId, action.action === 'pin' ? 'pin' : 'moderate');
      let pin: RoomMessage | undefined;
      if (action.action === 'pin' && action.pinned) {
        pin = (await h.visibleOriginal(self, roomId, action.message_id)).message;
        if (pin.private) throw invalid('only public messages can be pinned');
      }
      if (action.action === 'clear') await service.history.clear(roomId);
      const room = await service.rooms.update(roomId, (r) => applied(r, action, pin));
      if (!room) throw refusals.roomEnded();
      const published = await service.publish(
        {
          room_id: roomId,
          kind: 'moderation',
          from: self.user_id ? senderOf(self) : null,
          private: false,
          text: '',
          moderation: { ...action, locks: room.locks, state: moderationOf(room) },
          ...mark,
        },
        audience.everyone(),
        // The clear is the system line of the chat's history; the rest is the room's state (welcomes carry it).
        { persist: action.action === 'clear' },
      );
      service.conversationChanged(action.action === 'pin' ? 'message_pinned' : 'chat_moderated', room, self, {
        ...action,
      });
      return published;
    },
  };
}
