import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { acquireConnection, releaseConnection, type RoomConnection } from '../core/connection.ts';
import { claimOnce, resolveServer } from '../core/defaults.ts';
import type { RoomMessage, WelcomePayload } from '../core/protocol.ts';
import { emit } from '../events/events.ts';

export interface RoomHost extends ReactiveControllerHost, HTMLElement {
  server: string | undefined;
  token: string | undefined;
  /** Called for each new message, in order, once per element. */
  roomMessage(message: RoomMessage): void;
  roomWelcome?(welcome: WelcomePayload): void;
}

function parseData(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return message;
  }
}

/**
 * Connects an element to the shared room connection for its `server` and `token`: subscribes when connected
 * to the document, lets go when removed, and turns connection events into the elements' DOM events.
 */
export class RoomController implements ReactiveController {
  connection: RoomConnection | null = null;
  #key = '';
  #unsubscribe: Array<() => void> = [];

  constructor(private readonly host: RoomHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#detach();
  }

  #sync(): void {
    const server = resolveServer(this.host.server);
    const key = server && this.host.token ? `${server}\n${this.host.token}` : '';
    if (key === this.#key) return;
    this.#detach();
    this.#key = key;
    if (!key || !server || !this.host.token) return;
    const c = acquireConnection(server, this.host.token);
    this.connection = c;
    const host = this.host;
    this.#unsubscribe = [
      c.on('state', (state) => {
        emit(host, 'room-connection-change', { state });
        host.requestUpdate();
      }),
      c.on('welcome', (w) => {
        host.roomWelcome?.(w);
        host.requestUpdate();
      }),
      c.on('participants', () => host.requestUpdate()),
      c.on('message', (m) => this.#onMessage(m)),
      c.on('ended', ({ logoutUrl }) => {
        emit(host, 'room-ended', { logoutUrl });
        host.requestUpdate();
      }),
      c.on('error', (e) => {
        emit(host, 'room-error', e);
        host.requestUpdate();
      }),
    ];
    // A late-joining element of a shared connection still reports where it stands.
    emit(host, 'room-connection-change', { state: c.state });
    if (c.welcome) host.roomWelcome?.(c.welcome);
    host.requestUpdate();
  }

  #onMessage(m: RoomMessage): void {
    if (m.kind === 'custom' && m.type && claimOnce(m.id)) {
      emit(this.host, 'room-custom-event', { type: m.type, data: parseData(m.text), message: m.text, from: m.from, id: m.id, ts: m.ts, room_id: m.room_id });
    }
    this.host.roomMessage(m);
  }

  #detach(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    if (this.connection) releaseConnection(this.connection);
    this.connection = null;
    this.#key = '';
  }
}
