import { quoteOf, tombstoneOf } from '../conversation-shapes.ts';
import type { RoomMessage } from '../public-types.ts';
import type { ChatEntry, RoomState } from './state.ts';

/**
 * Issue 29 in the store: an edit changes a listed message's text (and the quotes of it), a `moderation` message
 * brings the room's locks and moderation as they are now, and a clear turns every message before it into a
 * tombstone, followed by one system line. Applying one twice changes nothing. Answers the state with the room as the message leaves it.
 */
export function moderated(chat: Map<string, ChatEntry>, state: RoomState, m: RoomMessage): RoomState {
  if (m.edit) {
    const { messageId, text } = m.edit;
    const entry = chat.get(messageId);
    if (entry?.kind === 'message' && !entry.message.deleted)
      chat.set(messageId, { ...entry, message: { ...entry.message, text, edited: true } });
    const { excerpt } = quoteOf({ ...m, text });
    for (const [id, e] of chat)
      if (e.kind === 'message' && e.message.replyTo?.id === messageId && !e.message.replyTo.deleted)
        chat.set(id, { ...e, message: { ...e.message, replyTo: { ...e.message.replyTo, excerpt } } });
    return state;
  }
  const change = m.moderation;
  if (!change) return state;
  if (change.action === 'clear') {
    for (const [id, e] of chat)
      if (e.kind === 'message' && e.message.seq !== null && e.message.seq < (m.seq ?? Infinity))
        chat.set(id, { ...e, message: tombstoneOf(e.message) });
    // The chat's one line saying so (not offered to the host as a chat message).
    chat.set(m.id, { kind: 'message', id: m.id, message: m, status: 'sent' });
  }
  return state.room ? { ...state, room: { ...state.room, locks: change.locks, moderation: change.state } } : state;
}
