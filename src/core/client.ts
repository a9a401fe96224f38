import { isPresenting, setPresenting } from './presenting.ts';
import { RoomConnection } from './connection.ts';
import { CORE_KINDS, conversation } from './core-kinds.ts';
import { loadCore } from './load-core.ts';
import { resolveServer } from './defaults.ts';
import type { FileLink, SendFileOptions } from './file-transfer.ts';
import type { SearchHit, TranscriptFormat, TranscriptOptions } from './reading.ts';
import type { Typist } from './typing.ts';
import { hostEvents } from './host-events.ts';
import { notificationCentre } from './notification-centre.ts';
import type { ClientToServerEvents, ModerationAction } from './protocol.ts';
import {
  camelize,
  type ChatSendAck,
  type FileAttachment,
  type ParticipantsPage,
  type RoomMessage,
} from './public-types.ts';
import { RoomRefusal } from './refusal.ts';
import { newClientId, RoomStore, type RoomStoreEvents } from './store/room-store.ts';

/** What `reply`, `react`, `deleteMessage` and `sendFile` reject with; the server throws the same class. */
export { RoomRefusal };

/** What `createPoll` takes. */
export interface NewPoll {
  question: string;
  /** 2 to 10 answers. */
  options: string[];
  /** Voters may choose several answers (default: one). */
  multiple?: boolean;
  /** Voters' names are never sent to anyone, admins included (default: false). */
  anonymous?: boolean;
}

export interface ConnectOptions {
  /** The room server's URL. Default: the origin the classic script came from, else the page's. */
  server?: string;
  /** A join token of either dialect. */
  token: string;
}

/**
 * A hold on the page-wide room for one server and token: the elements hold one each, a host may hold its own
 * (`connect()`). All holders share one socket and one store; the socket closes when the last lets go.
 */
export class RoomClient {
  readonly store: RoomStore;
  readonly connection: RoomConnection;
  #open = true;

  constructor(private readonly shared: Shared) {
    this.store = shared.store;
    this.connection = shared.connection;
  }

  /**
   * Typed events of the room: `change`, `message`, `state`, `unread`, `ended`, `error`, `reaction`, `deleted`,
   * `mention`, `poll` (`{ id, pollId, poll }`) and `hand` (`{ userId, name, raised, byAdmin? }`).
   */
  on<K extends keyof RoomStoreEvents>(event: K, listener: (value: RoomStoreEvents[K]) => void): () => void {
    return this.store.on(event, listener);
  }

  /**
   * Sends a public message, or a private one when `to` is a participant's `userId`. It is listed at once: `queued`
   * in the outbox until the connection is up (it waits there while disconnected or reconnecting, and a reload keeps
   * it), then `pending`, then the server's copy, or failed with the refusal (see `retry`). Resolves with the server's
   * answer, however long the outbox holds it.
   */
  async send(text: string, to?: string, replyTo?: string): Promise<ChatSendAck> {
    const id = text.trim() === '' ? null : this.store.addPending(text, to, replyTo);
    if (id === null)
      return {
        ok: false,
        code: 'message_invalid',
        message: text.trim() === '' ? 'the message is empty' : 'not connected',
      };
    return this.#out(id);
  }

  #out(id: string): Promise<ChatSendAck> {
    const answer = this.store.until(id);
    void this.connection.flush();
    return answer;
  }

  /**
   * Replies to message `messageId`, quoting it (a reply to a private message stays with the same pair; `to` makes a
   * reply to a public one private). Listed at once as pending, like `send`. Resolves with the server's copy, rejects
   * with a `RoomRefusal` (`code`: `message_not_found`, `message_invalid`, `chat_locked`, ...).
   */
  async reply(messageId: string, text: string, to?: string): Promise<RoomMessage> {
    return settled(await this.send(text, to, messageId));
  }

  /**
   * Toggles this user's `emoji` reaction on message `messageId`. Resolves with the `reaction` message, rejects with a
   * `RoomRefusal` (at once while not connected: reactions and deletions are not queued).
   */
  react(messageId: string, emoji: string): Promise<RoomMessage> {
    return this.#write('chat_react', { message_id: messageId, emoji });
  }

  /**
   * Deletes message `messageId` for everyone (your own, or any as an admin): resolves with the `message_deleted`
   * message, rejects with a `RoomRefusal` (`not_allowed` for someone else's).
   */
  deleteMessage(messageId: string): Promise<RoomMessage> {
    return this.#write('chat_delete', { message_id: messageId });
  }

  /**
   * Changes the text of your own message `messageId` for everyone (it shows as edited): resolves with the
   * `message_edited` message, rejects with a `RoomRefusal` (`not_allowed` for anyone else's, `message_not_found`).
   */
  editMessage(messageId: string, text: string): Promise<RoomMessage> {
    return this.#act(this.connection.request('chat_edit', { message_id: messageId, text, client_id: newClientId() }));
  }

  /** Admins: pins message `messageId` at the top of every chat of the room (the newest pins first, a few at most). */
  pinMessage(messageId: string): Promise<RoomMessage> {
    return this.#moderate({ action: 'pin', message_id: messageId, pinned: true });
  }

  /** Admins: unpins message `messageId`. */
  unpinMessage(messageId: string): Promise<RoomMessage> {
    return this.#moderate({ action: 'pin', message_id: messageId, pinned: false });
  }

  /** Admins: locks the chat for everyone but admins (`chat_locked`), or unlocks it. */
  lockChat(locked: boolean): Promise<RoomMessage> {
    return this.#moderate({ action: 'lock_chat', locked });
  }

  /** Admins: mutes one participant's chat (`participant_muted`), or lets them write again. */
  muteParticipant(userId: string, muted: boolean): Promise<RoomMessage> {
    return this.#moderate({ action: 'mute', user_id: userId, muted });
  }

  /** Admins: every message of the chat becomes a tombstone, and one line says the chat was cleared. */
  clearChat(): Promise<RoomMessage> {
    return this.#moderate({ action: 'clear' });
  }

  /** Admins: non-admins may send one message per `seconds` (`slow_mode`); 0 turns it off. */
  setSlowMode(seconds: number): Promise<RoomMessage> {
    return this.#moderate({ action: 'slow_mode', seconds });
  }

  /** Resolves with the `moderation` message (the room's state after it), rejects with a `RoomRefusal` (`not_allowed`). */
  #moderate(action: ModerationAction): Promise<RoomMessage> {
    return this.#act(this.connection.request('chat_moderate', { ...action, client_id: newClientId() }));
  }

  /**
   * Creates a poll in the chat (admins; anyone where the room allows it): 2 to 10 `options`, one choice each unless
   * `multiple`, voters never named when `anonymous`. Resolves with the `poll` message (its `id` is the poll's).
   */
  createPoll(poll: NewPoll): Promise<RoomMessage> {
    return this.#write('poll_create', poll);
  }

  /**
   * Votes on poll `pollId` with your whole choice (option ids): it replaces your earlier vote, `[]` takes it back.
   * Rejects with `poll_closed` once the poll has closed.
   */
  vote(pollId: string, optionIds: string[]): Promise<RoomMessage> {
    return this.#write('poll_vote', { message_id: pollId, options: optionIds });
  }

  /** Closes poll `pollId` (its creator or an admin): the results stay, votes are refused from then on. */
  closePoll(pollId: string): Promise<RoomMessage> {
    return this.#write('poll_close', { message_id: pollId });
  }

  /** Raises your hand: it joins `state.hands` (oldest first) everywhere in the room. */
  raiseHand(): Promise<RoomMessage> {
    return this.#write('hand_raise', {});
  }

  /** Lowers your hand, or as an admin anyone's (`userId`). */
  lowerHand(userId?: string): Promise<RoomMessage> {
    return this.#write('hand_lower', { user_id: userId });
  }

  /** A write the server acknowledges, with a client id of its own (not queued: it fails at once while not connected). */
  #write<E extends keyof ClientToServerEvents>(
    event: E,
    request: Omit<Parameters<ClientToServerEvents[E]>[0], 'client_id'>,
  ): Promise<RoomMessage> {
    return this.#act(this.connection.request(event, { ...request, client_id: newClientId() } as never));
  }

  /**
   * The store applies the acknowledged change at once; the broadcast copy that follows is a duplicate by id. Every
   * such change is a kind the conversation core folds: it loads while the request is under way (if it cannot, the
   * broadcast copy applies the change once it has).
   */
  async #act(request: Promise<ChatSendAck>): Promise<RoomMessage> {
    const [ack] = await Promise.all([request, loadCore().catch(Object)]);
    const message = settled(ack);
    if (conversation.core || !CORE_KINDS.has(message.kind)) this.store.handleMessage(message);
    return message;
  }

  /**
   * Shares a file with the room, or privately with participant `to` (a `userId`). Resolves with the file message (the
   * room's copy follows, like any message), rejects with a `RoomRefusal` (`file_too_large`, `file_type_not_allowed`,
   * `file_share_locked`, ...; `upload_cancelled` when `signal` aborts it).
   */
  sendFile(file: File, options: SendFileOptions = {}): Promise<RoomMessage> {
    // The upload answers in the wire's names: camelCased here, like everything the connection receives.
    const clientId = newClientId();
    return import('./file-transfer.ts').then((t) => t.sendFile(this, file, options, clientId)).then(camelize);
  }

  /**
   * A link to the file that works without the token (for `<img src>` or a plain download) until `expiresAt`: one
   * request per file, shared by every holder of the room, and another once the link is within 30 s of expiring.
   */
  fileLink(file: FileAttachment): Promise<FileLink> {
    return import('./file-transfer.ts').then((t) => t.fileLink(this, file));
  }

  /**
   * Sends a failed message of yours again, where it stands, with the same client id (a first attempt that did reach
   * the server is not published twice). Null when `id` is not a failed message of yours.
   */
  retry(id: string): Promise<ChatSendAck> | null {
    return this.store.requeue(id) ? this.#out(id) : null;
  }

  /**
   * Messages this user can see that hold `query` (ignoring case and accents), newest first: the store's, then older
   * history from the server, page by page. `loaded`: the store holds it.
   */
  search(query: string): Promise<SearchHit[]> {
    return import('./reading.ts').then((r) => r.search(this, query));
  }

  /**
   * The chat as this user can see it (private messages of their own pairs only, deleted ones as tombstones, edited
   * ones marked, times in `options.locale`) as `text`, `html` or `json`; `options.all`: an admin's whole room.
   */
  exportTranscript(format: TranscriptFormat = 'text', options?: TranscriptOptions): Promise<string> {
    return import('./reading.ts').then((r) => r.exportTranscript(this, format, options));
  }

  /** Tells the room this user is typing, to everyone or privately to `to` (a userId); at most one notice every 3 s goes out. */
  typing(to?: string): void {
    void import('./typing.ts').then((m) => m.typingOf(this).typing(to));
  }

  /** Calls `listener` with who else is typing whenever that changes; resolves with its unsubscribe function. */
  onTyping(listener: (typists: Typist[]) => void): Promise<() => void> {
    return import('./typing.ts').then((m) => m.typingOf(this).subscribe(listener));
  }

  /**
   * Participants whose name (any word of it) or `userId` starts with `query`, a page at a time (up to 20, by name)
   * from the server: how a room too large to list (`participantCount` above `participants.length`) is searched.
   * `offset`: the previous page's `next`. Rejects with a `RoomRefusal` (at once while not connected).
   */
  async searchParticipants(query: string, offset = 0): Promise<ParticipantsPage> {
    const page = (await this.connection.request('participants_search', { query, offset })) as ChatSendAck &
      ParticipantsPage;
    if (!page.ok) throw new RoomRefusal(page.code, page.message);
    const { participants, next, total } = page;
    return { participants: participants.filter((p) => typeof p?.name == 'string'), next, total };
  }

  markRead(): void {
    this.store.markRead();
  }

  /**
   * The page is presenting (its screen is shared): every widget of the page hides private text and holds OS
   * notifications. Page-wide, the same as `setPresenting()`; a headless UI reads it to do the same.
   */
  get presenting(): boolean {
    return isPresenting();
  }

  set presenting(on: boolean) {
    setPresenting(on);
  }

  /** Lets go of the room; the socket closes when nothing else on the page holds it. Idempotent. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    const shared = this.shared;
    shared.holders--;
    // After a task, so an element moved in the DOM (removed, then added) keeps the socket open.
    // The last holder leaving is the user leaving: the saved outbox and draft go (a reload closes nothing).
    setTimeout(() => shared.holders || (shared.connection.close(), shared.store.leave()));
  }
}

function settled(ack: ChatSendAck): RoomMessage {
  if (!ack.ok) throw new RoomRefusal(ack.code, ack.message);
  return ack.message;
}

interface Shared {
  store: RoomStore;
  connection: RoomConnection;
  holders: number;
}

/**
 * Rooms this page has opened, kept after their last holder lets go: a chat mounted again later finds the room as
 * it left it, and the reopened socket resumes from the last message seen (the server sends what came meanwhile).
 */
const rooms = new Map<string, Shared>();

/** Opens (or shares) the room for this server and token; `close()` the returned client when done. */
export function connect({ server, token }: ConnectOptions): RoomClient {
  const url = resolveServer(server);
  if (!url) throw new Error('room-widgets: connect() needs a server URL');
  const key = `${url}\n${token}`;
  let shared = rooms.get(key);
  if (!shared) {
    const store = new RoomStore();
    store.origin = new URL(url).origin;
    // The page-wide host events and the notification centre listen first, from the room's first message on.
    hostEvents(store);
    notificationCentre(store);
    shared = { store, connection: new RoomConnection(url, token, store), holders: 0 };
    rooms.set(key, shared);
  } else {
    shared.connection.open();
  }
  shared.holders++;
  return new RoomClient(shared);
}
