import type { RoomConnection } from './connection.ts';
import type { TypingNotice } from './protocol.ts';
import type { RoomStore } from './store/room-store.ts';

/** What typing needs of a room's client (RoomClient): its store and socket. */
interface RoomClient {
  store: RoomStore;
  connection: Pick<RoomConnection, 'withSocket'>;
}

/*
 * "Who is typing" (issue 31), loaded on demand: this page's notices out, throttled, and the room's in, each shown
 * until its writer sends or pauses. The server relays a notice only to whom the message would go (docs/protocol.md
 * "Typing"), so a private draft is never announced to anyone but its recipient.
 */

/** Someone writing now; `private`: to this user only. */
export interface Typist {
  userId: string;
  name: string;
  private: boolean;
}

/** At most one notice out every this many ms while the user types (the server drops more). */
export const TYPING_SEND_MS = 3000;
/** A writer shows this long after their last notice, unless their message comes first. */
export const TYPING_SHOW_MS = 6000;

/** The typing state of one room on the page, shared by every chat and the headless client that hold it. */
export class Typing {
  #sentAt = 0;
  #sentTo: string | undefined;
  readonly #typists = new Map<string, Typist & { timer: ReturnType<typeof setTimeout> }>();
  readonly #listeners = new Set<(typists: Typist[]) => void>();

  constructor(private readonly client: RoomClient) {
    client.connection.withSocket((socket) => socket.on('typing', (raw: TypingNotice) => this.#heard(raw)));
    // A writer's message ends their typing, wherever it went.
    client.store.on('message', (m) => m.from && this.#drop(m.from.userId));
    client.store.on('state', (s) => s === 'connected' || this.#clear());
  }

  /** Who is typing now, earliest first (never this user). */
  get typists(): Typist[] {
    return [...this.#typists.values()].map(({ userId, name, private: p }) => ({ userId, name, private: p }));
  }

  /** Calls `listener` with the typists whenever they change; returns the unsubscribe function. */
  subscribe(listener: (typists: Typist[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** This user is typing, to everyone or to `to` (a userId): tells the room at most every TYPING_SEND_MS. */
  typing(to?: string): void {
    const now = Date.now();
    if (now - this.#sentAt < TYPING_SEND_MS && to === this.#sentTo) return;
    if (this.client.store.snapshot.connection !== 'connected') return;
    this.#sentAt = now;
    this.#sentTo = to;
    this.client.connection.withSocket((socket) => socket.emit('typing', to ? { to } : {}));
  }

  /** This user sent: the next keystroke announces again at once. */
  sent(): void {
    this.#sentAt = 0;
  }

  #heard(raw: TypingNotice): void {
    if (typeof raw?.user_id !== 'string' || typeof raw.name !== 'string') return;
    const userId = raw.user_id;
    if (userId === this.client.store.snapshot.self?.userId) return;
    clearTimeout(this.#typists.get(userId)?.timer);
    this.#typists.delete(userId);
    const timer = setTimeout(() => this.#drop(userId), TYPING_SHOW_MS);
    this.#typists.set(userId, { userId, name: raw.name, private: raw.private === true, timer });
    this.#changed();
  }

  #drop(userId: string): void {
    const t = this.#typists.get(userId);
    if (!t) return;
    clearTimeout(t.timer);
    this.#typists.delete(userId);
    this.#changed();
  }

  #clear(): void {
    for (const id of [...this.#typists.keys()]) this.#drop(id);
  }

  #changed(): void {
    const now = this.typists;
    for (const listener of this.#listeners) listener(now);
  }
}

const rooms = new WeakMap<object, Typing>();

/** The room's typing state, made the first time something on the page asks for it. */
export function typingOf(client: RoomClient): Typing {
  let t = rooms.get(client.connection);
  if (!t) rooms.set(client.connection, (t = new Typing(client)));
  return t;
}
