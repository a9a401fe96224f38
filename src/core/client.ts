import { RoomConnection } from './connection.ts';
import { resolveServer } from './defaults.ts';
import type { ChatSendAck } from './protocol.ts';
import { RoomStore, type RoomStoreEvents } from './store/room-store.ts';

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

  /** Typed events of the room: `change`, `message`, `state`, `unread`, `ended`, `error`. */
  on<K extends keyof RoomStoreEvents>(event: K, listener: (value: RoomStoreEvents[K]) => void): () => void {
    return this.store.on(event, listener);
  }

  /**
   * Sends a public message, or a private one when `to` is a participant's user_id. It is listed at once as
   * pending, then becomes the server's copy or shows as failed (see `retry`).
   */
  async send(text: string, to?: string): Promise<ChatSendAck> {
    const id = text.trim() === '' ? null : this.store.addPending(text, to);
    if (id === null) return { ok: false, code: 'message_invalid', message: text.trim() === '' ? 'the message is empty' : 'not connected' };
    const ack = await this.connection.send(text, to);
    this.store.settle(id, ack);
    return ack;
  }

  /** Sends a failed message again, in place of the failed one. */
  retry(id: string): Promise<ChatSendAck> | null {
    const entry = this.store.snapshot.chat.find((e) => e.id === id);
    if (entry?.kind !== 'message' || entry.status !== 'failed') return null;
    this.store.remove(id);
    return this.send(entry.message.text, entry.to);
  }

  markRead(): void {
    this.store.markRead();
  }

  /** Lets go of the room; the socket closes when nothing else on the page holds it. Idempotent. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    const shared = this.shared;
    shared.holders--;
    // After a task, so an element moved in the DOM (removed, then added) keeps the socket open.
    setTimeout(() => shared.holders || shared.connection.close());
  }
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
    shared = { store, connection: new RoomConnection(url, token, store), holders: 0 };
    rooms.set(key, shared);
  } else {
    shared.connection.open();
  }
  shared.holders++;
  return new RoomClient(shared);
}
