import { quoteOf, tombstoneOf, withoutQuotedText } from '../conversation-shapes.ts';
import { Emitter } from '../emitter.ts';
import type { ChatSendAck, ErrorPayload, Participant, Reaction, RoomMessage, WelcomePayload } from '../public-types.ts';
import type { ChatEntry, ConnectionState, MessageDeletion, ReactionUpdate, RoomState, UnreadCounts } from './state.ts';

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

  get snapshot(): RoomState {
    return this.#state;
  }

  /** Calls `listener` with the snapshot now and after every change; returns the unsubscribe function. */
  subscribe(listener: (state: RoomState) => void): () => void {
    listener(this.#state);
    return this.on('change', listener);
  }

  handleWelcome(welcome: WelcomePayload): void {
    if (welcome.resumed && welcome.gap) this.#add({ kind: 'gap', id: `gap-${welcome.seq}-${this.#state.received}` });
    const self = welcome.self;
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

  handleEnded(logoutUrl: string | null): void {
    this.#commit({ ended: { logoutUrl } });
    this.emit('ended', { logoutUrl });
  }

  /** A problem to report; `refused` when the server will not admit this page, which the views then show. */
  handleError(error: ErrorPayload, refused = false): void {
    if (refused) this.#commit({ refusal: error });
    this.emit('error', error);
  }

  /** Lists a message of yours before the server confirms it; returns its local id, or null before the welcome. */
  addPending(text: string, to?: string, replyTo?: string): string | null {
    const { self, room } = this.#state;
    if (!self || !room) return null;
    const id = `local-${++localIds}`;
    const original = replyTo === undefined ? undefined : this.message(replyTo);
    const message: RoomMessage = {
      id: '',
      roomId: room.roomId,
      seq: null,
      ts: Date.now(),
      kind: 'chat',
      from: self,
      private: to !== undefined || !!original?.private,
      text,
    };
    if (original) message.replyTo = quoteOf(original);
    this.#add({ kind: 'message', id, status: 'pending', to, message }, false);
    this.#commit();
    return id;
  }

  /** The server's answer to a pending message: it becomes the server's copy (exactly one), or failed. */
  settle(localId: string, ack: ChatSendAck): void {
    const local = this.#chat.get(localId);
    if (local?.kind !== 'message') return;
    if (!ack.ok) this.#chat.set(localId, { ...local, status: 'failed', error: ack.message });
    else if (!this.#remember(ack.message.id))
      this.#chat.delete(localId); // its echo is listed already
    else this.#rekey(localId, { ...local, id: ack.message.id, message: ack.message, status: 'sent' });
    this.#commit();
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
