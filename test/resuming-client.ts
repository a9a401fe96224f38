// A socket.io client that reconnects and resumes exactly as the widget's connection does (src/core/connection.ts):
// the widget's reconnection options, `since` = the last sequence number seen on every handshake, live messages
// held until the (re)join's welcome, then history and held messages delivered in sequence order, each id once.
// It records what a user would be shown, and every disconnect reason, for tests and the load driver.
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  RoomMessage,
  ServerToClientEvents,
  WelcomePayload,
} from '../src/core/protocol.ts';

export class ResumingClient {
  readonly shown: RoomMessage[] = [];
  readonly welcomes: WelcomePayload[] = [];
  readonly disconnects: string[] = [];
  /** Copies dropped because their id was already shown (a resume overlapping live delivery). */
  copiesDropped = 0;
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #lastSeq: number | null = null;
  #peerId: string | undefined;
  #held: RoomMessage[] | null = [];
  readonly #seen = new Set<string>();

  constructor(
    url: string,
    token: string,
    private readonly onShown: (message: RoomMessage) => void = () => undefined,
  ) {
    this.socket = io(url, {
      auth: (cb) => cb(this.#handshake(token)),
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 8000,
      randomizationFactor: 0.5,
      timeout: 20_000,
    });
    this.socket.on('welcome', (welcome) => {
      this.welcomes.push(welcome);
      this.#peerId = welcome.self.peer_id;
      this.#lastSeq = Math.max(this.#lastSeq ?? 0, welcome.seq);
      const held = this.#held ?? [];
      this.#held = null;
      for (const m of [...welcome.history, ...held].sort(bySeq)) this.#show(m);
    });
    this.socket.on('message', (m) => (this.#held ? this.#held.push(m) : this.#show(m)));
    this.socket.on('disconnect', (reason) => {
      this.disconnects.push(reason);
      this.#held = [];
    });
  }

  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  /** Resolves on the next welcome after `count` welcomes, or rejects on a refusal with a code (final, as for the widget). */
  welcomed(count = 1, timeoutMs = 20_000): Promise<WelcomePayload> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`no welcome #${count} within ${timeoutMs} ms`)), timeoutMs);
      const check = () => {
        if (this.welcomes.length >= count) {
          clearTimeout(deadline);
          this.socket.off('welcome', check);
          this.socket.off('connect_error', refused);
          resolve(this.welcomes[count - 1]!);
        }
      };
      const refused = (err: Error & { data?: { code?: string } }) => {
        if (!err.data?.code) return;
        clearTimeout(deadline);
        reject(Object.assign(new Error(`refused: ${err.data.code}`), { data: err.data }));
      };
      this.socket.on('welcome', check);
      this.socket.on('connect_error', refused);
      check();
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  #handshake(token: string): HandshakeAuth {
    const auth: HandshakeAuth = { token };
    if (this.#lastSeq !== null) auth.since = this.#lastSeq;
    if (this.#peerId) auth.peer_id = this.#peerId;
    return auth;
  }

  #show(m: RoomMessage): void {
    if (this.#seen.has(m.id)) {
      this.copiesDropped++;
      return;
    }
    this.#seen.add(m.id);
    if (m.seq !== null) this.#lastSeq = Math.max(this.#lastSeq ?? 0, m.seq);
    this.shown.push(m);
    this.onShown(m);
  }
}

function bySeq(a: RoomMessage, b: RoomMessage): number {
  return (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER);
}
