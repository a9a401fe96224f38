import { tombstoneOf, withoutQuotedText } from '../conversation-shapes.ts';
import { Emitter } from '../emitter.ts';
import type {
  ChatSendAck,
  ErrorPayload,
  Participant,
  Reaction,
  RoomMessage,
  RoomSnapshot,
  Self,
  WelcomePayload,
} from '../public-types.ts';
import type { ChatEntry, ConnectionState, MessageDeletion, ReactionUpdate, RoomState, UnreadCounts } from './state.ts';

import { load, newClientId, OUTBOX_MS, outgoing, serialize, store, type Saved } from './outbox.ts';

type Outgoing = Extract<ChatEntry, { kind: 'message' }>;

type News = { [K in 'reaction' | 'deleted' | 'mention']: [K, RoomStoreEvents[K]] }['reaction' | 'deleted' | 'mention'];

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
}

const SEEN_IDS_KEPT = 5000;
const NOTIFICATIONS_KEPT = 50;
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
    chat: [],
    received: 0,
    notifications: [],
    unread: { unread: 0, public: 0, private: 0 },
    mentions: 0,
    ended: null,
    refusal: null,
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
  /** Where the outbox and draft are saved (localStorage), once the welcome says whose they are; null: not saved. */
  #key: string | null = null;
  #saved = '';
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
    const self = welcome.self;
    this.#restore(self, welcome.room);
    // A fresh join's history is the room's past, not news; a resume's is what this page missed.
    for (const m of welcome.history) this.#receive(m, welcome.resumed ? self.userId : null);
    this.#commit({
      connection: 'connected',
      self,
      room: welcome.room,
      participants: welcome.participants,
      ended: null,
      refusal: null,
    });
  }

  handleMessage(message: RoomMessage): void {
    this.#receive(message, this.#state.self?.userId ?? null);
    this.#commit();
  }

  handleParticipants(participants: Participant[]): void {
    this.#commit({ participants });
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
    return self && room
      ? this.#queue(self, room, [newClientId(), text, Date.now(), to ?? null, replyTo ?? null])
      : null;
  }

  #queue(self: Self, room: RoomSnapshot, saved: Saved): string {
    const id = `local-${++localIds}`;
    const entry = outgoing(id, self, room.roomId, saved, saved[4] === null ? undefined : this.message(saved[4]));
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

  /** Saved outbox and draft are forgotten: the user left the room (or it ended). What the page holds stays. */
  leave(): void {
    if (this.#key) store(this.#key, '');
    this.#key = null;
    this.#saved = '';
  }

  #sent(local: Outgoing, message: RoomMessage): void {
    if (!this.#remember(message.id))
      this.#chat.delete(local.id); // its echo is listed already
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

  /** Your unsent message with this client id (queued, pending or failed). */
  #unsent(clientId: string): Outgoing | undefined {
    for (const e of this.#chat.values())
      if (e.kind === 'message' && e.clientId === clientId && e.status !== 'sent') return e;
  }

  /** The welcome names the room and user: the outbox and draft saved for them come back (not over 12 h old). */
  #restore(self: Self, room: RoomSnapshot): void {
    const key = `room-widgets ${this.origin} ${room.roomId} ${self.userId}`;
    if (key === this.#key) return;
    this.#key = key;
    const saved = load(key);
    this.#draft ||= saved.d ?? '';
    for (const s of saved.o ?? []) if (s[2] > Date.now() - OUTBOX_MS && !this.#unsent(s[0])) this.#queue(self, room, s);
  }

  /** Saves the outbox (queued and pending messages) and the draft, when they changed. */
  #save(): void {
    const value = this.#key ? serialize(this.#chat.values(), this.#draft) : '';
    if (!this.#key || value === this.#saved) return;
    this.#saved = value;
    store(this.#key, value);
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
    if (!this.#remember(m.id)) return;
    this.#arrived.push(m);
    if (m.kind === 'notification') {
      this.#state = { ...this.#state, notifications: [...this.#state.notifications, m].slice(-NOTIFICATIONS_KEPT) };
    } else if (m.kind === 'message_deleted') {
      const { messageId, byAdmin } = m.deletion!;
      this.#tombstone(messageId);
      this.#news.push(['deleted', { id: m.id, messageId, byAdmin, by: m.from }]);
    } else if (m.kind === 'reaction') {
      const { messageId, emoji, on } = m.reaction!;
      this.#news.push(['reaction', { id: m.id, messageId, emoji, on, from: m.from, reactions: this.#react(m) }]);
    } else if (m.kind !== 'custom') {
      // Yours, from the outbox (it arrived live or by resume before the answer to sending it): it settles that entry.
      const mine = m.clientId ? this.#unsent(m.clientId) : undefined;
      if (mine && mine.message.from?.userId === m.from?.userId) {
        this.#rekey(mine.id, { ...mine, id: m.id, message: m, status: 'sent' });
        return this.#done(mine.id, { ok: true, message: m });
      }
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

  /** Applies one user's reaction change; applying it twice changes nothing. Returns the message's reactions. */
  #react({ reaction, from }: RoomMessage): Reaction[] | null {
    const entry = this.#chat.get(reaction!.messageId);
    if (entry?.kind !== 'message' || entry.message.deleted || !from) return null;
    const { emoji, on } = reaction!;
    const list = entry.message.reactions ?? [];
    const at = list.find((r) => r.emoji === emoji);
    const had = !!at?.users.some((u) => u.userId === from.userId);
    if (had === on) return list;
    const users = on
      ? [...(at?.users ?? []), { userId: from.userId, name: from.name }]
      : at!.users.filter((u) => u.userId !== from.userId);
    const next = { emoji, count: users.length, users };
    const reactions = at ? list.flatMap((r) => (r !== at ? [r] : users.length ? [next] : [])) : [...list, next];
    this.#chat.set(entry.id, { ...entry, message: { ...entry.message, reactions } });
    return reactions;
  }

  /** The deleted message keeps its place, with no text, file, quote, reaction or mention left in the store. */
  #tombstone(id: string): void {
    for (const [key, e] of this.#chat) {
      if (e.kind === 'message' && e.message.replyTo?.id === id)
        this.#chat.set(key, { ...e, message: withoutQuotedText(e.message) });
    }
    const entry = this.#chat.get(id);
    if (entry?.kind !== 'message') return;
    this.#chat.set(id, { ...entry, message: tombstoneOf(entry.message) });
    this.#forget(id);
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
