import type { HistoryPageAck, RoomMessage, TypingNotice } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { RoomService } from '../core/room-service.ts';
import { channel, isTargetOf } from '../core/targets.ts';
import { refusals, type ConversationPolicy } from '../conversation/policy.ts';
import type { RoomServer, RoomSocket } from './room-server.ts';

/*
 * What a widget reads and hears beside the conversation's writes (issue 31): older history page by page (search,
 * transcripts; an admin's whole room) and who is typing. Neither is stored or numbered: typing is relayed, history read.
 */

/** Messages of the conversation a page lists (no toasts, custom events or state events: those are folded in). */
const CONVERSATION = new Set<RoomMessage['kind']>(['chat', 'emoji', 'file']);
/** The most messages one `chat_history` answers. */
export const HISTORY_PAGE_MAX = 100;
/** At most one typing notice per socket in this many ms; the widget sends one every 3 s while its user types. */
export const TYPING_INTERVAL_MS = 2500;

const wholeNumber = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);

/**
 * A page of the kept history older than `before`, of what `socket`'s user was a target of (`all`, admins only: the
 * whole room), oldest first.
 */
export async function historyPage(service: RoomService, socket: RoomSocket, request: unknown): Promise<HistoryPageAck> {
  const r = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
  const { self, room_id } = socket.data;
  const all = r.all === true;
  if (all && !self.is_admin) throw refusals.notAllowedToReadAll();
  const before = wholeNumber(r.before) ?? Number.MAX_SAFE_INTEGER;
  const limit = Math.min(HISTORY_PAGE_MAX, Math.max(1, wholeNumber(r.limit) ?? HISTORY_PAGE_MAX));
  const older = (await service.history.recent(room_id)).filter(
    ({ message: m, audience }) =>
      CONVERSATION.has(m.kind) && m.seq !== null && m.seq < before && (all || isTargetOf(audience, self)),
  );
  const page = older.slice(-limit);
  return { ok: true, messages: page.map((m) => m.message), more: older.length > page.length };
}

/** The `chat_history` handler, answered through its ack with the page or the refusal. */
export function historyHandler(service: RoomService) {
  return function (this: RoomSocket, request: unknown, ack: (result: HistoryPageAck) => void): void {
    if (typeof ack !== 'function') return;
    historyPage(service, this, request).then(ack, (error: unknown) => {
      const refusal =
        error instanceof RoomRefusal ? error : new RoomRefusal('server_error', 'the history could not be read');
      ack({ ok: false, code: refusal.code, message: refusal.message });
    });
  };
}

/**
 * The `typing` handler: relays "this user is typing" to whom the message would go — everyone else, or only the
 * private recipient — when the policy would let the user send it (never in a locked chat, never privately when
 * private chat is locked); at most one notice per socket every TYPING_INTERVAL_MS.
 */
export function typingHandler(io: RoomServer, service: RoomService, policy: ConversationPolicy) {
  const last = new WeakMap<RoomSocket, number>();
  return function (this: RoomSocket, request: unknown): void {
    const now = Date.now();
    if (now - (last.get(this) ?? -Infinity) < TYPING_INTERVAL_MS) return;
    last.set(this, now);
    const to = (request as { to?: unknown } | null)?.to;
    void relay(this, typeof to === 'string' && to !== '' ? to : undefined).catch(() => undefined);
  };

  async function relay(socket: RoomSocket, to: string | undefined): Promise<void> {
    const { self, room_id } = socket.data;
    const room = await service.active(room_id);
    if (!room || to === self.user_id) return;
    try {
      policy.mayWrite(room, self, to ? 'private_chat' : 'chat');
    } catch {
      return;
    }
    const notice: TypingNotice = { user_id: self.user_id, name: self.name, private: !!to };
    // Everyone else in the room (the user's own other tabs ignore their own name), or the recipient's sockets only.
    if (!to) return void socket.to(channel.room(room_id)).emit('typing', notice);
    for (const s of await io.in(channel.room(room_id)).fetchSockets())
      if (s.data.self.user_id === to) s.emit('typing', notice);
  }
}
