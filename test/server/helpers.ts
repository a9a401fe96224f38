import { createHash, createHmac } from 'node:crypto';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { loadConfig, type ServerConfig } from '../../server/config.ts';
import { createRoomServer, type AppOptions, type RoomServerApp } from '../../server/app.ts';
import type {
  ChatSendAck,
  ClientToServerEvents,
  ErrorPayload,
  RoomMessage,
  ServerToClientEvents,
  WelcomePayload,
} from '../../src/core/protocol.ts';

export const KEY = 'test-key';
export const SECRET = 'test-secret-0123456789';

export interface TestServer {
  url: string;
  app: RoomServerApp;
  config: ServerConfig;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET, ...env });
  const app = await createRoomServer(config, { logLevel: 'silent', ...options });
  const url = await app.listen();
  return { url, app, config, stop: () => app.close() };
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text: the test shows what came back
  }
  return { status: res.status, body };
}

/** plugNmeet: JSON signed with HMAC-SHA256 of the raw body. */
export async function pn(
  url: string,
  path: string,
  body: unknown,
  opts: { key?: string; secret?: string; raw?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const raw = opts.raw ?? JSON.stringify(body);
  const signature = createHmac('sha256', opts.secret ?? SECRET)
    .update(raw)
    .digest('hex');
  const res = await fetch(`${url}/auth${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'API-KEY': opts.key ?? KEY,
      'HASH-SIGNATURE': signature,
      ...opts.headers,
    },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return answer(res);
}

export async function hms(url: string, roomId: string, body: unknown, token: string, raw?: string): Promise<Answer> {
  const res = await fetch(`${url}/v2/active-rooms/${encodeURIComponent(roomId)}/send-message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: raw ?? JSON.stringify(body),
  });
  return answer(res);
}

let nonceCounter = 0;
export function rcHeaders(
  opts: { key?: string; secret?: string; nonce?: string; timestamp?: string } = {},
): Record<string, string> {
  const nonce = opts.nonce ?? `n${process.pid}-${Date.now()}-${nonceCounter++}`;
  const timestamp = opts.timestamp ?? String(Date.now());
  const signature = createHash('sha1')
    .update((opts.secret ?? SECRET) + nonce + timestamp)
    .digest('hex');
  return { 'App-Key': opts.key ?? KEY, Nonce: nonce, Timestamp: timestamp, Signature: signature };
}

export async function rc(
  url: string,
  form: Record<string, string> | string,
  headers: Record<string, string> = rcHeaders(),
): Promise<Answer> {
  const res = await fetch(`${url}/message/chatroom/broadcast.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
  });
  return answer(res);
}

export function roomBody(roomId: string, extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    room_id: roomId,
    metadata: {
      room_title: `Room ${roomId}`,
      welcome_message: 'Welcome to room',
      room_features: {
        allow_webcams: true,
        room_duration: 0,
        chat_features: { allow_chat: true, allow_file_upload: true },
      },
      ...metadata,
    },
    ...extra,
  };
}

export async function createRoom(
  url: string,
  roomId: string,
  extra: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) {
  const res = await pn(url, '/room/create', roomBody(roomId, extra, metadata));
  if (res.status !== 200 || res.body.status !== true) throw new Error(`create failed: ${JSON.stringify(res)}`);
  return res.body;
}

export async function joinToken(
  url: string,
  roomId: string,
  userId: string,
  isAdmin = false,
  name = userId,
): Promise<string> {
  const res = await pn(url, '/room/getJoinToken', {
    room_id: roomId,
    user_info: { name, user_id: userId, is_admin: isAdmin, is_hidden: false },
  });
  if (res.status !== 200) throw new Error(`getJoinToken failed: ${JSON.stringify(res)}`);
  return res.body.token as string;
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A widget-like client that records everything it is sent. */
export class Client {
  readonly messages: RoomMessage[] = [];
  readonly events: Array<{ event: string; args: unknown[] }> = [];
  welcome!: WelcomePayload;
  readonly socket: ClientSocket;
  readonly ready: Promise<WelcomePayload>;

  constructor(url: string, auth: Record<string, unknown>) {
    this.socket = connectSocket(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket.onAny((event, ...args) => this.events.push({ event, args }));
    this.socket.on('message', (m) => this.messages.push(m));
    // A busy room's batch is that many messages, in order.
    this.socket.on('messages', (list) => this.messages.push(...list));
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('welcome', (w) => {
        this.welcome = w;
        resolve(w);
      });
      this.socket.once('connect_error', (err) =>
        reject(Object.assign(err, { data: (err as { data?: ErrorPayload }).data })),
      );
    });
  }

  texts(kind?: RoomMessage['kind']): string[] {
    return this.messages.filter((m) => !kind || m.kind === kind).map((m) => m.text);
  }

  async waitFor(predicate: (m: RoomMessage) => boolean, timeoutMs = 3000): Promise<RoomMessage> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.messages.find(predicate);
      if (hit) return hit;
      await sleep(10);
    }
    throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.texts())}`);
  }

  send(text: string, to?: string): Promise<ChatSendAck> {
    return this.socket.timeout(3000).emitWithAck('chat_send', to === undefined ? { text } : { text, to });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function connect(url: string, token: string, extra: Record<string, unknown> = {}): Promise<Client> {
  const client = new Client(url, { token, ...extra });
  await client.ready;
  return client;
}

/** Resolves to the refusal a connection attempt gets. */
export async function refusal(url: string, auth: Record<string, unknown>): Promise<ErrorPayload> {
  const client = new Client(url, auth);
  try {
    await client.ready;
    throw new Error('the connection was admitted');
  } catch (error) {
    const data = (error as { data?: ErrorPayload }).data;
    if (!data) throw error;
    return data;
  } finally {
    client.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a marker to everyone and waits until every client has it: all earlier deliveries have then arrived. */
export async function barrier(url: string, roomId: string, clients: Client[], token: string): Promise<void> {
  const marker = `barrier-${crypto.randomUUID()}`;
  const res = await hms(url, roomId, { message: marker, type: 'barrier' }, token);
  if (res.status !== 200) throw new Error(`barrier failed: ${JSON.stringify(res)}`);
  await Promise.all(clients.map((c) => c.waitFor((m) => m.text === marker)));
}

export function visible(client: Client): string[] {
  return client.messages.filter((m) => m.type !== 'barrier').map((m) => m.text);
}
