import type { Socket } from 'socket.io-client';
import type {
  ChatSendAck as WireAck,
  ClientToServerEvents,
  ErrorPayload,
  HandshakeAuth,
  ServerToClientEvents,
} from './protocol.ts';
import { camelize, type ChatSendAck, type RoomMessage } from './public-types.ts';
import type { RoomStore } from './store/room-store.ts';
import type { ConnectionState } from './store/state.ts';
import { needsCore } from './core-kinds.ts';
import { loadCore } from './load-core.ts';
import { parseMessage, parsePresence, parseWelcome } from './validate.ts';

export type { ConnectionState } from './store/state.ts';

const ACK_TIMEOUT_MS = 8000;
/** Between tries to connect, and to load socket.io's file (dist/room-widgets-socket.js) after it failed. */
const RETRY_MS = [500, 8000] as const;

type RoomSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** Messages of a batch applied in one task: a few milliseconds of the page's main thread. */
export const BATCH_SLICE = 100;

/** Runs `fn` in a task of its own, soon: after what the browser has waiting (rendering, input), unclamped by timers. */
function nextTask(fn: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => (channel.port1.close(), fn());
  channel.port2.postMessage(null);
}

/**
 * The socket under one room store: validates every payload and camelCases its keys (the wire's snake_case stops
 * here), drops what belongs to another room, keeps the last sequence number and peer id for resume, and holds live
 * messages until the (re)join's history is in. What it accepts goes into the store; it keeps no room state of its own.
 * Requests go out in the wire's names.
 */
export class RoomConnection {
  /** Made once socket.io's code is in (src/core/socket-io.ts, on demand in the classic script). */
  #socket: RoomSocket | undefined;
  /** Whether the connection should be open: `close()` before the socket is made keeps it from connecting. */
  #wanted = true;
  #loading = false;
  /** What waits for the socket to be made (`withSocket`). */
  #onSocket: Array<(socket: RoomSocket) => void> = [];
  #state: ConnectionState = 'connecting';
  #roomId: string | null = null;
  #lastSeq: number | null = null;
  #peerId: string | undefined;
  /** Live messages that arrived before this join's welcome. */
  #held: RoomMessage[] | null = [];
  #flushing = false;
  /** Events held, in order, while the conversation core loads for one of them, or a large batch is applied. */
  #waiting: Array<() => void> | null = null;

  constructor(
    readonly server: string,
    readonly token: string,
    private readonly store: RoomStore,
  ) {
    this.#load(0);
    // The outbox's storage loads while the socket joins (the welcome takes longer); until it has, the outbox is kept
    // in memory, and it is saved once it arrives. Without it (the file failed to load), nothing outlives the page.
    void import('./store/outbox.ts').then((disk) => {
      store.storage(disk);
      void this.flush();
    }, Object);
  }

  /**
   * Loads socket.io's code (the first time; a failed load is tried again, further apart each time, while the
   * connection is wanted) and makes the socket, connecting unless `close()` came first.
   */
  #load(attempt: number): void {
    if (this.#socket || this.#loading) return;
    this.#loading = true;
    import('./socket-io.ts').then(
      ({ io, connectionTransports }) => {
        this.#loading = false;
        const s: RoomSocket = (this.#socket = io(this.server, {
          auth: (cb) => cb(this.#handshake()),
          transports: connectionTransports(),
          tryAllTransports: true,
          reconnectionDelay: RETRY_MS[0],
          reconnectionDelayMax: RETRY_MS[1],
          randomizationFactor: 0.5,
          autoConnect: this.#wanted,
        }));
        this.#listen(s);
        for (const run of this.#onSocket.splice(0)) run(s);
      },
      (error: Error) => {
        this.#loading = false;
        this.store.handleError({ code: 'feature_unavailable', message: error.message });
        if (this.#wanted)
          setTimeout(() => this.#wanted && this.#load(attempt + 1), Math.min(RETRY_MS[1], RETRY_MS[0] << attempt));
      },
    );
  }

  #listen(s: RoomSocket): void {
    const store = this.store;
    // Every event in the order it came: one that brings a kind of message the conversation core checks holds itself
    // and everything after it until the core has loaded.
    s.on('welcome', (raw) =>
      this.#inOrder(isObj(raw) && Array.isArray(raw.history) ? raw.history : [], () => this.#onWelcome(raw)),
    );
    s.on('message', (raw) =>
      this.#inOrder([raw], () => this.#guard('message', () => this.#onMessage(camelize(parseMessage(raw))))),
    );
    // A busy room's batch: applied in order, as one change of the store.
    s.on('messages', (raw) => this.#inOrder(Array.isArray(raw) ? raw : [], () => this.#batch(raw)));
    s.on('presence', (raw) =>
      this.#inOrder([], () => this.#guard('presence', () => store.handlePresence(camelize(parsePresence(raw))))),
    );
    s.on('room_ended', (raw) => this.#inOrder([], () => this.#onEnded(raw)));
    // Whether the socket will try again is read when the event comes, not when a held event is applied.
    s.on('connect_error', (err) => {
      const active = s.active;
      this.#inOrder([], () => this.#onConnectError(err, active));
    });
    s.on('disconnect', () => {
      const state = s.active ? 'reconnecting' : 'disconnected';
      this.#inOrder([], () => {
        this.#held = [];
        this.#setState(state);
      });
    });
  }

  /**
   * Runs `apply` now, unless events are held: then after them. When `messages` (as sent) need the conversation core
   * and it is not loaded, it loads, and this event and every later one wait for it, in order, each applied once.
   * Should it fail to load, they are applied without it: what needed it is reported as malformed (`room-error`), and
   * the next such message tries again.
   */
  #inOrder(messages: unknown[], apply: () => void): void {
    if (this.#waiting) return void this.#waiting.push(apply);
    if (!needsCore(messages)) return apply();
    const waiting = (this.#waiting = [apply]);
    const release = () => this.#release(waiting);
    loadCore().then(release, (error: Error) => {
      this.store.handleError({ code: 'feature_unavailable', message: error.message });
      release();
    });
  }

  /** Applies what `held` holds, in order; should one of them hold what follows again (a batch in slices), the rest waits. */
  #release(held: Array<() => void>): void {
    // close() drops what is held: the next join resumes from the last message applied.
    if (this.#waiting !== held) return;
    this.#waiting = null;
    for (let i = 0; i < held.length; i++) {
      if (this.#waiting) return void (this.#waiting as Array<() => void>).push(...held.slice(i));
      held[i]!();
    }
  }

  /**
   * A busy room's batch, applied in order, as one change of the store; a large one (a reader that fell behind is
   * sent what it is owed in one frame) in slices, a change and a task each, holding what comes after it meanwhile: the
   * page's main thread is never held long by one frame (issue 34's flood).
   */
  #batch(raw: unknown[], from = 0): void {
    const end = Math.min(raw.length, from + BATCH_SLICE);
    const list: RoomMessage[] = [];
    // A malformed one is left out and reported, as when it comes alone.
    for (let i = from; i < end; i++) this.#guard('message', () => list.push(camelize(parseMessage(raw[i]))));
    this.#onMessage(...list);
    if (end >= raw.length) return;
    // Run alone or as the first of what was held: nothing is held now.
    const held = (this.#waiting = [() => this.#batch(raw, end)]);
    nextTask(() => this.#release(held));
  }

  /**
   * Sends the store's outbox, one message at a time and in order, while connected (after every welcome, and when a
   * message is queued). Each attempt carries the message's client id, so a repeat is answered with the first one's
   * message. No answer because the connection dropped: the message goes back to the outbox for the next welcome; no
   * answer within 8 s on a live connection: it fails, and `retry()` sends it again with the same id.
   */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    for (let e; this.#state === 'connected' && (e = this.store.takeQueued());) {
      const { message, to, replyTo, clientId } = e;
      this.store.settle(
        e.id,
        await this.#emit('chat_send', { text: message.text, to, reply_to: replyTo, client_id: clientId }),
      );
    }
    this.#flushing = false;
  }

  /**
   * Sends a request that the server acknowledges (`chat_react`, `chat_delete`), in the wire's names; resolves with
   * the acknowledgement camelCased. Not queued: it fails at once while not connected.
   */
  async request<E extends keyof ClientToServerEvents>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ): Promise<ChatSendAck> {
    return (
      (this.#state === 'connected' && (await this.#emit(event, payload))) || {
        ok: false,
        code: 'server_error',
        message: 'not connected',
      }
    );
  }

  /** The answer, camelCased; null when the connection dropped before it came. */
  async #emit(event: string, payload: unknown): Promise<ChatSendAck | null> {
    try {
      // socket.io's typed emitWithAck cannot follow a generic event name.
      return camelize(
        await (this.#socket!.timeout(ACK_TIMEOUT_MS).emitWithAck as (e: string, p: unknown) => Promise<WireAck>)(
          event,
          payload,
        ),
      );
    } catch {
      return this.#state === 'connected'
        ? { ok: false, code: 'server_error', message: 'the server did not confirm the message' }
        : null;
    }
  }

  /**
   * Runs `use` with the socket, now or once it is made: for the parts loaded on demand that speak events of their
   * own (typing).
   */
  withSocket(use: (socket: RoomSocket) => void): void {
    if (this.#socket) use(this.#socket);
    else this.#onSocket.push(use);
  }

  /** Connects again after `close()`, resuming from the last message seen. */
  open(): void {
    this.#wanted = true;
    if (this.#socket?.active) return;
    this.#setState('connecting');
    if (this.#socket) this.#socket.connect();
    else this.#load(0);
  }

  close(): void {
    this.#wanted = false;
    this.#waiting = null;
    this.#socket?.disconnect();
    this.#setState('disconnected');
  }

  /** For tests and diagnostics: drops the transport as a network failure would. */
  simulateNetworkDrop(): void {
    this.#socket?.io.engine?.close();
  }

  #handshake(): HandshakeAuth {
    const auth: HandshakeAuth = { token: this.token };
    if (this.#lastSeq !== null) auth.since = this.#lastSeq;
    if (this.#peerId) auth.peer_id = this.#peerId;
    return auth;
  }

  #invalid(message: string): void {
    this.store.handleError({ code: 'payload_invalid', message });
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#invalid(`ignored a malformed ${what}: ${(error as Error).message}`);
    }
  }

  /** A message for another room is never shown, whatever the server sent (a bug, or a hostile server). */
  #ours(m: RoomMessage): boolean {
    if (m.roomId === this.#roomId) return true;
    this.#invalid(`ignored a message for another room (${JSON.stringify(m.roomId)})`);
    return false;
  }

  #onWelcome(raw: unknown): void {
    this.#guard('welcome', () => {
      const parsed = parseWelcome(raw);
      const welcome = camelize(parsed.welcome);
      for (const problem of parsed.dropped) this.#invalid(`ignored a malformed message: ${problem}`);
      this.#roomId = welcome.room.roomId;
      this.#peerId = welcome.self.peerId;
      this.#lastSeq = Math.max(this.#lastSeq ?? 0, welcome.seq);
      const history = [...welcome.history, ...(this.#held ?? [])].filter((m) => this.#ours(m)).sort(bySeq);
      this.#held = null;
      for (const m of history) this.#track(m);
      this.#state = 'connected';
      this.store.handleWelcome({ ...welcome, history });
      void this.flush();
    });
  }

  #onMessage(...list: RoomMessage[]): void {
    if (this.#held) this.#held.push(...list);
    else {
      list = list.filter((m) => this.#ours(m));
      list.forEach((m) => this.#track(m));
      this.store.handleMessage(...list);
    }
  }

  #track(m: RoomMessage): void {
    if (m.seq !== null) this.#lastSeq = Math.max(this.#lastSeq ?? 0, m.seq);
  }

  #onEnded(raw: unknown): void {
    const url = typeof raw === 'object' && raw !== null ? (raw as { logout_url?: unknown }).logout_url : null;
    this.store.handleEnded(typeof url === 'string' ? url : null);
    this.close();
  }

  #onConnectError(err: Error & { data?: unknown }, active: boolean): void {
    const data = err.data as Partial<ErrorPayload> | undefined;
    if (data && typeof data.code === 'string' && typeof data.message === 'string') {
      // Refused by the server (token, room): retrying cannot help.
      this.store.handleError({ code: data.code, message: data.message }, true);
      this.#setState('disconnected');
      return;
    }
    this.#setState(active ? (this.#roomId ? 'reconnecting' : 'connecting') : 'disconnected');
  }

  #setState(state: ConnectionState): void {
    this.#state = state;
    this.store.handleState(state);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function bySeq(a: RoomMessage, b: RoomMessage): number {
  return (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);
}
