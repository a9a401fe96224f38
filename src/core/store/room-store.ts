import { quoteOf } from '../conversation-shapes.ts';
import { CORE_KINDS, conversation } from '../core-kinds.ts';
import { Emitter } from '../emitter.ts';
import type { ChatSendAck, ErrorPayload, RoomMessage, RoomSnapshot, Self, WelcomePayload } from '../public-types.ts';
import type * as Outbox from './outbox.ts';
import { presenceChange, withPresence } from './presence-change.ts';
import type {
  ChatEntry,
  ConnectionState,
  News,
  Outgoing,
  PresenceChange,
  RoomState,
  RoomStoreEvents,
} from './state.ts';

export type { RoomStoreEvents } from './state.ts';
import { newClientId } from './client-id.ts';

export { newClientId };

const [SEEN_IDS_KEPT, NOTIFICATIONS_KEPT] = [5000, 50];
let localIds = 0;

/**
 * The state of one room as this page sees it, framework-free and without a transport: the connection feeds it
 * through `handle*()`, views and hosts read `snapshot` and `subscribe()`. Every message id is checked here once.
 */
export class RoomStore extends Emitter<RoomStoreEvents> {
  /** Chat entries kept; each chat raises it to its `max-messages`. */
  limit = 500;
  #state: RoomState = {
    connection: 'connecting',
    self: null,
    room: null,
    participants: [],
    participantCount: 0,
    chat: [],
    received: 0,
    notifications: [],
    unread: { unread: 0, public: 0, private: 0 },
    mentions: 0,
    ended: null,
    refusal: null,
    hands: [],
  };
  /** By id, in order: an update can replace an entry where it stands. */
  readonly #chat = new Map<string, ChatEntry>();
  readonly #seen = new Set<string>();
  /** Unread chat ids, each with whether it was private. */
  readonly #unread = new Map<string, boolean>();
  /** Unread ids that mention this user. */
  readonly #mentioned = new Set<string>();
  /** Chat entries no chat has offered to the host (`room-chat-message`) yet. */
  #unvetted: string[] = [];
  #arrived: RoomMessage[] = [];
  #news: News[] = [];
  /** The room server's origin, which names the saved outbox and draft with the room and user (`connect()` sets it). */
  origin = '';
  /** Whose outbox and draft these are (the welcome's room and user): their key in localStorage. */
  #key = '';
  /** The key the saved outbox came back from, and is saved under: set once both the welcome and the storage are in. */
  #restored = '';
  /** The outbox's storage (./outbox.ts), once loaded: until then the outbox and draft are kept in memory. */
  #disk?: typeof Outbox;
  #draft = '';
  /** Callers awaiting a message of theirs, by local id. */
  readonly #waiting = new Map<string, (ack: ChatSendAck) => void>();

  get snapshot(): RoomState {
    return this.#state;
  }

  /** Calls `listener` with the snapshot now and after every change; returns the unsubscribe function. */
  subscribe(listener: (state: RoomState) => void): () => void {
    listener(this.#state);
    return this.on('change', listener);
  }

  /** The composer's unsent text, saved with the outbox. */
  get draft(): string {
    return this.#draft;
  }

  set draft(text: string) {
    this.#draft = text;
    this.#save();
  }

  handleWelcome(welcome: WelcomePayload): void {
    if (welcome.resumed && welcome.gap) this.#add({ kind: 'gap', id: `gap-${welcome.seq}-${this.#state.received}` });
    const { self, room } = welcome;
    this.#key = `room-widgets ${this.origin} ${room.roomId} ${self.userId}`;
    this.#restore(self, room);
    // A fresh join's history is the room's past, not news; a resume's is what this page missed.
    for (const m of welcome.history) this.#receive(m, welcome.resumed ? self.userId : null);
    this.#commit({
      connection: 'connected',
      self,
      room,
      participants: welcome.participants,
      participantCount: welcome.participantCount ?? welcome.participants.length,
      ended: null,
      refusal: null,
      hands: welcome.hands ?? [],
    });
  }

  handleMessage(...messages: RoomMessage[]): void {
    for (const m of messages) this.#receive(m, this.#state.self?.userId ?? null);
    this.#commit();
  }

  /** A `presence` update: applied to the list (by user), then told as the `presence` event (without this page's user). */
  handlePresence(update: PresenceChange): void {
    const before = this.#state.participants;
    this.#commit({ participants: withPresence(before, update), participantCount: update.count });
    for (const change of presenceChange(update, before, this.#state.self?.userId)) this.emit('presence', change);
  }

  handleState(connection: ConnectionState): void {
    if (connection !== this.#state.connection) this.#commit({ connection });
  }

  /** The room ended: what the outbox holds fails (`room_not_active`) and nothing stays saved. */
  handleEnded(logoutUrl: string | null): void {
    this.#failAll({ code: 'room_not_active', message: 'the meeting has ended' });
    this.leave();
    this.#commit({ ended: { logoutUrl } });
    this.emit('ended', { logoutUrl });
  }

  /** A problem to report; `refused`: the server will not admit this page (views show it, the outbox fails with it). */
  handleError(error: ErrorPayload, refused = false): void {
    // The outbox cannot go out any more: what it holds fails with the refusal.
    if (refused) {
      this.#failAll(error);
      this.#commit({ refusal: error });
    }
    this.emit('error', error);
  }

  /** Puts a message of yours in the outbox (listed at once, `queued`); returns its local id, or null before the welcome. */
  addPending(text: string, to?: string, replyTo?: string): string | null {
    const { self, room } = this.#state;
    return self && room ? this.#queue(self, room, [newClientId(), text, Date.now(), to, replyTo]) : null;
  }

  /** Lists a message of yours as `queued`, quoting the message it replies to when that is loaded. */
  #queue(from: Self, { roomId }: RoomSnapshot, [clientId, text, ts, to, replyTo]: Outbox.Saved): string {
    const id = `local-${++localIds}`;
    const original = replyTo ? this.message(replyTo) : undefined;
    const message: RoomMessage = { id: '', roomId, seq: null, ts, kind: 'chat', from, text, clientId, private: !!to };
    if (original) message.replyTo = quoteOf(original);
    message.private ||= !!original?.private;
    const entry: Outgoing = { kind: 'message', id, status: 'queued', message, clientId, to: to ?? undefined };
    if (replyTo) entry.replyTo = replyTo;
    this.#add(entry, false);
    this.#commit();
    return id;
  }

  /** The outbox's next message, now `pending`: the connection sends it and `settle()`s it. */
  takeQueued(): Outgoing | undefined {
    for (const e of this.#chat.values())
      if (e.kind === 'message' && e.status === 'queued') {
        const sending = { ...e, status: 'pending' as const };
        this.#chat.set(e.id, sending);
        this.#commit();
        return sending;
      }
  }

  /** Resolves with the server's answer to a message of yours (it may wait for the connection). */
  until(localId: string): Promise<ChatSendAck> {
    return new Promise((resolve) => this.#waiting.set(localId, resolve));
  }

  /** A failed message goes back into the outbox, with the same client id. False when `id` is not a failed message. */
  requeue(id: string): boolean {
    const e = this.#chat.get(id);
    if (e?.kind !== 'message' || e.status !== 'failed' || !e.clientId) return false;
    this.#chat.set(id, { ...e, status: 'queued', error: undefined, code: undefined });
    this.#commit();
    return true;
  }

  /** The server's answer to a message of yours: its copy (once), or failed; null (no answer) puts it back in the outbox. */
  settle(localId: string, ack: ChatSendAck | null): void {
    const local = this.#chat.get(localId);
    if (local?.kind !== 'message' || local.status === 'sent' || local.status === 'failed') return;
    if (!ack) this.#chat.set(localId, { ...local, status: 'queued' });
    else if (!ack.ok) this.#fail(local, ack);
    else this.#sent(local, ack.message);
    this.#commit();
  }

  /** Saved outbox and draft are forgotten (loading the storage if need be): the user left, or the room ended. */
  leave(): void {
    const key = this.#key;
    this.#key = this.#restored = '';
    if (key) void import('./outbox.ts').then((disk) => disk.save(key));
  }

  /** The storage has loaded (the connection loads it as it starts): the saved outbox comes back, this one is saved. */
  storage(disk: typeof Outbox): void {
    this.#disk = disk;
    this.#restore();
    this.#commit();
  }

  /** `listed`: the server's copy is in the log already (its echo came first). */
  #sent(local: Outgoing, message: RoomMessage, listed = !this.#remember(message.id)): void {
    if (listed) this.#chat.delete(local.id);
    else this.#rekey(local.id, { ...local, id: message.id, message, status: 'sent' });
    this.#done(local.id, { ok: true, message });
  }

  #fail(local: Outgoing, { code, message }: ErrorPayload): void {
    this.#chat.set(local.id, { ...local, status: 'failed', error: message, code });
    this.#done(local.id, { ok: false, code, message });
  }

  #failAll(error: ErrorPayload): void {
    for (const e of this.#chat.values()) if (e.kind === 'message' && /^[pq]/.test(e.status)) this.#fail(e, error);
  }

  #done(localId: string, ack: ChatSendAck): void {
    this.#waiting.get(localId)?.(ack);
    this.#waiting.delete(localId);
  }

  /** The message listed with this client id: yours (sent or not), or the room's copy of a write of yours. */
  #written(clientId: string): Outgoing | undefined {
    for (const e of this.#chat.values()) if (e.kind === 'message' && e.message.clientId === clientId) return e;
  }

  /** Once the welcome and the storage are in (either first), the saved outbox, but for what is listed, and draft. */
  #restore(self = this.#state.self, room = this.#state.room): void {
    const key = this.#key;
    if (!this.#disk || !self || !room || !key || key === this.#restored) return;
    this.#restored = key;
    const { d, o } = this.#disk.load(key);
    this.#draft ||= d ?? '';
    for (const s of o) if (!this.#written(s[0])) this.#queue(self, room, s);
  }

  /** Saves the outbox (queued and pending messages) and the draft; in memory only until the storage is in. */
  #save(): void {
    if (this.#restored) this.#disk!.save(this.#restored, this.#chat.values(), this.#draft);
  }

  /** Takes an entry out of the log (a retried failure, a message the host refused). */
  remove(id: string): void {
    if (!this.#chat.delete(id)) return;
    this.#forget(id);
    this.#commit();
  }

  /** Hands out the chat entries not yet offered to the host, each once. */
  takeUnvetted(): Array<Extract<ChatEntry, { kind: 'message' }>> {
    const ids = this.#unvetted;
    this.#unvetted = [];
    return ids
      .map((id) => this.#chat.get(id))
      .filter((e): e is Extract<ChatEntry, { kind: 'message' }> => e?.kind === 'message');
  }

  /** Everything listed so far counts as read (a visible chat showed it, or the host says so). */
  markRead(): void {
    if (this.#unread.size === 0) return;
    this.#unread.clear();
    this.#mentioned.clear();
    this.#commit();
  }

  /** Listed and not yet shown by a visible chat (nor marked read by the host). */
  isUnread = (id: string): boolean => this.#unread.has(id);
  /** A chat or file message listed here, by its server id. */
  message(id: string): RoomMessage | undefined {
    const entry = this.#chat.get(id);
    return entry?.kind === 'message' ? entry.message : undefined;
  }

  #forget(id: string): void {
    this.#unread.delete(id);
    this.#mentioned.delete(id);
  }

  #remember(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > SEEN_IDS_KEPT) this.#seen.delete(this.#seen.values().next().value as string);
    return true;
  }

  /** `reader`: whose unread count a chat message from someone else raises (null: it raises none). */
  #receive(m: RoomMessage, reader: string | null): void {
    // The answer to your vote comes after (or before) the room's copy, with your own choice: both apply.
    if (this.#remember(m.id)) this.#arrived.push(m);
    else if (!m.pollUpdate?.poll.mine) return;
    if (m.kind === 'notification') {
      this.#state = { ...this.#state, notifications: [...this.#state.notifications, m].slice(-NOTIFICATIONS_KEPT) };
    } else if (m.kind !== 'poll' && CORE_KINDS.has(m.kind)) {
      // A reaction, deletion, edit, moderation, poll update or hand: the conversation core folds it (the connection
      // and the client load it before they hand one over).
      this.#state = conversation.core!.fold(this.#chat, this.#state, m, this.#news, (id) => this.#forget(id));
    } else if (m.kind !== 'custom') {
      // Yours, from the outbox (it arrived live or by resume before the answer to sending it): it settles that entry.
      const mine = m.clientId ? this.#written(m.clientId) : undefined;
      if (mine && mine.status !== 'sent' && mine.message.from?.userId === m.from?.userId)
        return this.#sent(mine, m, false);
      this.#add({ kind: 'message', id: m.id, message: m, status: 'sent' });
      if (reader !== null && m.from?.userId !== reader) {
        this.#unread.set(m.id, m.private);
        if (m.mentions?.includes(reader)) {
          this.#mentioned.add(m.id);
          this.#news.push(['mention', m]);
        }
      }
    }
  }

  /** `offer`: the host hears of it through `room-chat-message` (not for your own pending messages). */
  #add(entry: ChatEntry, offer = true): void {
    this.#chat.set(entry.id, entry);
    if (offer) this.#unvetted.push(entry.id);
    this.#state = { ...this.#state, received: this.#state.received + 1 };
    for (const id of this.#chat.keys()) {
      if (this.#chat.size <= this.limit) break;
      this.#chat.delete(id);
      this.#forget(id);
    }
  }

  #rekey(oldId: string, entry: ChatEntry): void {
    const entries = [...this.#chat];
    this.#chat.clear();
    for (const [id, e] of entries) this.#chat.set(id === oldId ? entry.id : id, id === oldId ? entry : e);
  }

  #commit(patch: Partial<RoomState> = {}): void {
    let priv = 0;
    for (const p of this.#unread.values()) if (p) priv++;
    const before = this.#state.unread;
    const size = this.#unread.size;
    const unread =
      before.unread === size && before.private === priv ? before : { unread: size, public: size - priv, private: priv };
    const state: RoomState = {
      ...this.#state,
      ...patch,
      chat: [...this.#chat.values()],
      unread,
      mentions: this.#mentioned.size,
    };
    const connectionChanged = state.connection !== this.#state.connection;
    this.#state = state;
    this.#save();
    this.emit('change', state);
    if (connectionChanged) this.emit('state', state.connection);
    if (unread !== before) this.emit('unread', unread);
    const arrived = this.#arrived;
    this.#arrived = [];
    for (const m of arrived) this.emit('message', m);
    const news = this.#news;
    this.#news = [];
    for (const [name, value] of news) this.emit(name, value as never);
  }
}
