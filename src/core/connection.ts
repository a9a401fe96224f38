import { io, type Socket } from 'socket.io-client';
import { Emitter } from './emitter.ts';
import type {
  ChatSendAck,
  ClientToServerEvents,
  ErrorPayload,
  HandshakeAuth,
  Participant,
  RoomMessage,
  ServerToClientEvents,
  WelcomePayload,
} from './protocol.ts';
import { connectionTransports } from './transports.ts';
import { parseMessage, parseParticipants, parseWelcome } from './validate.ts';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface ConnectionEvents extends Record<string, unknown> {
  state: ConnectionState;
  /** After every (re)join, with what the server sent. */
  welcome: WelcomePayload;
  message: RoomMessage;
  participants: Participant[];
  ended: { logoutUrl: string | null };
  error: ErrorPayload;
}

const SEEN_IDS_KEPT = 5000;
const ACK_TIMEOUT_MS = 8000;

/**
 * One socket per server and token, however many elements use it. Validates every payload, keeps the last
 * sequence number for resume, holds live messages until the (re)join's history is in, and drops duplicates.
 */
export class RoomConnection extends Emitter<ConnectionEvents> {
  state: ConnectionState = 'connecting';
  welcome: WelcomePayload | null = null;
  participants: Participant[] = [];
  ended = false;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  readonly #seen = new Set<string>();
  #lastSeq: number | null = null;
  #peerId: string | undefined;
  /** Live messages that arrived before this join's welcome. */
  #held: RoomMessage[] | null = [];

  constructor(
    readonly server: string,
    readonly token: string,
  ) {
    super();
    this.#socket = io(server, {
      auth: (cb) => cb(this.#handshake()),
      transports: connectionTransports(),
      tryAllTransports: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 8000,
      randomizationFactor: 0.5,
    });
    const s = this.#socket;
    s.on('welcome', (raw) => this.#onWelcome(raw));
    s.on('message', (raw) => this.#onMessage(raw));
    s.on('participants', (raw) => this.#guard('participants', () => this.#setParticipants(parseParticipants(raw))));
    s.on('room_ended', (raw) => this.#onEnded(raw));
    s.on('connect_error', (err) => this.#onConnectError(err));
    s.on('disconnect', () => {
      this.#held = [];
      this.#setState(s.active && !this.ended ? 'reconnecting' : 'disconnected');
    });
  }

  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  /** Sends a chat message; resolves with the server's acknowledgement. */
  async send(text: string, to?: string): Promise<ChatSendAck> {
    if (this.state !== 'connected') return { ok: false, code: 'server_error', message: 'not connected' };
    try {
      return await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat_send', to === undefined ? { text } : { text, to });
    } catch {
      return { ok: false, code: 'server_error', message: 'the server did not confirm the message' };
    }
  }

  close(): void {
    this.#socket.disconnect();
    this.#setState('disconnected');
  }

  /** For tests and diagnostics: drops the transport as a network failure would. */
  simulateNetworkDrop(): void {
    this.#socket.io.engine?.close();
  }

  #handshake(): HandshakeAuth {
    const auth: HandshakeAuth = { token: this.token };
    if (this.#lastSeq !== null) auth.since = this.#lastSeq;
    if (this.#peerId) auth.peer_id = this.#peerId;
    return auth;
  }

  #guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.emit('error', { code: 'payload_invalid', message: `ignored a malformed ${what}: ${(error as Error).message}` });
    }
  }

  #onWelcome(raw: unknown): void {
    this.#guard('welcome', () => {
      const { welcome, dropped } = parseWelcome(raw);
      for (const problem of dropped) this.emit('error', { code: 'payload_invalid', message: `ignored a malformed message: ${problem}` });
      this.welcome = welcome;
      this.#peerId = welcome.self.peer_id;
      this.#lastSeq = Math.max(this.#lastSeq ?? 0, welcome.seq);
      this.#setParticipants(welcome.participants);
      const held = this.#held ?? [];
      this.#held = null;
      this.emit('welcome', welcome);
      this.#setState('connected');
      for (const m of [...welcome.history, ...held].sort(bySeq)) this.#deliver(m);
    });
  }

  #onMessage(raw: unknown): void {
    this.#guard('message', () => {
      const message = parseMessage(raw);
      if (this.#held) this.#held.push(message);
      else this.#deliver(message);
    });
  }

  #deliver(m: RoomMessage): void {
    if (this.#seen.has(m.id)) return;
    this.#seen.add(m.id);
    if (this.#seen.size > SEEN_IDS_KEPT) this.#seen.delete(this.#seen.values().next().value as string);
    if (m.seq !== null) this.#lastSeq = Math.max(this.#lastSeq ?? 0, m.seq);
    this.emit('message', m);
  }

  #onEnded(raw: unknown): void {
    const url = typeof raw === 'object' && raw !== null ? (raw as { logout_url?: unknown }).logout_url : null;
    this.ended = true;
    this.emit('ended', { logoutUrl: typeof url === 'string' ? url : null });
    this.#socket.disconnect();
    this.#setState('disconnected');
  }

  #onConnectError(err: Error & { data?: unknown }): void {
    const data = err.data as Partial<ErrorPayload> | undefined;
    if (data && typeof data.code === 'string' && typeof data.message === 'string') {
      // Refused by the server (token, room): retrying cannot help.
      this.emit('error', { code: data.code, message: data.message });
      this.#setState('disconnected');
      return;
    }
    this.#setState(this.#socket.active ? (this.welcome ? 'reconnecting' : 'connecting') : 'disconnected');
  }

  #setParticipants(list: Participant[]): void {
    this.participants = list;
    this.emit('participants', list);
  }

  #setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }
}

function bySeq(a: RoomMessage, b: RoomMessage): number {
  return (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);
}

const shared = new Map<string, { connection: RoomConnection; users: number }>();

/** The page-wide connection for this server and token, opened on first use. */
export function acquireConnection(server: string, token: string): RoomConnection {
  const key = `${server}\n${token}`;
  let entry = shared.get(key);
  if (!entry || entry.connection.state === 'disconnected') {
    entry = { connection: new RoomConnection(server, token), users: 0 };
    shared.set(key, entry);
  }
  entry.users++;
  return entry.connection;
}

/** Closes the connection when its last user lets go (after a task, so moving an element keeps it open). */
export function releaseConnection(connection: RoomConnection): void {
  const key = `${connection.server}\n${connection.token}`;
  const entry = shared.get(key);
  if (!entry || entry.connection !== connection) return;
  entry.users--;
  setTimeout(() => {
    if (entry.users === 0 && shared.get(key) === entry) {
      shared.delete(key);
      connection.close();
    }
  }, 0);
}
