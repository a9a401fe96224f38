import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/define.ts';
import { setHowlerLoader } from '../../src/sound/sound-player.ts';
import { howlerFromScript } from '../../src/sound/howler-script.ts';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import type { RoomNotifications } from '../../src/components/room-notifications/room-notifications.ts';

// howler is CommonJS, which the test server does not convert: load its browser build as the classic script does.
setHowlerLoader(howlerFromScript('/node_modules/howler/dist/howler.core.min.js'));

export interface Answer {
  status: number;
  body: any;
}

export const room = {
  url: () => executeServerCommand<string, object>('room', { op: 'url' }),
  hostileUrl: () => executeServerCommand<string, object>('room', { op: 'hostile-url' }),
  create: (room_id: string, extra: object = {}, metadata: object = {}) =>
    executeServerCommand<Answer, object>('room', { op: 'create', room_id, extra, metadata }),
  token: (room_id: string, user_id: string, opts: { name?: string; isAdmin?: boolean; isHidden?: boolean } = {}) =>
    executeServerCommand<string, object>('room', { op: 'token', room_id, user_id, ...opts }),
  peerToken: (room_id: string, user_id: string, role: string) =>
    executeServerCommand<string, object>('room', { op: 'peer-token', room_id, user_id, role }),
  pn: (path: string, body: object) => executeServerCommand<Answer, object>('room', { op: 'pn', path, body }),
  /** `count` messages `${prefix}0`… through broadcastToRoom, one after another; resolves with the ms they took. */
  flood: (room_id: string, count: number, prefix: string) =>
    executeServerCommand<number, object>('room', { op: 'flood', room_id, count, prefix }),
  hms: (room_id: string, body: object) => executeServerCommand<Answer, object>('room', { op: 'hms', room_id, body }),
  blns: () => executeServerCommand<string[], object>('room', { op: 'blns' }),
  rc: (form: Record<string, string>) => executeServerCommand<Answer, object>('room', { op: 'rc', form }),
  /** `@100mslive/server-sdk`'s `activeRooms.sendMessage` and `retrieveActivePeers`, run in node. */
  hmsSdkSend: (room_id: string, params: object) =>
    executeServerCommand<string, object>('room', { op: 'hms-sdk-send', room_id, params }),
  hmsSdkPeers: (room_id: string) =>
    executeServerCommand<Record<string, { id: string; user_id: string }>, object>('room', {
      op: 'hms-sdk-peers',
      room_id,
    }),
  /** A room and a join token on the room server that the real `rongcloud-sdk` talks to. */
  rcSdkRoom: (room_id: string, user_id: string) =>
    executeServerCommand<{ url: string; token: string }, object>('room', { op: 'rc-sdk-room', room_id, user_id }),
  /** A cutting proxy (test/cutting-proxy.ts) in front of the room server: resolves with its URL, which is its id. */
  proxyStart: () => executeServerCommand<string, object>('room', { op: 'proxy-start' }),
  /** From now on the server's answers over the open connections are lost; the widgets' writes still arrive. */
  proxySilence: (id: string) => executeServerCommand<boolean, object>('room', { op: 'proxy-silence', id }),
  /** Closes every connection through the proxy; `down`: refuses new ones until `proxyUp`. */
  proxyCut: (id: string, down = false) => executeServerCommand<boolean, object>('room', { op: 'proxy-cut', id, down }),
  proxyUp: (id: string) => executeServerCommand<boolean, object>('room', { op: 'proxy-up', id }),
  proxyClose: (id: string) => executeServerCommand<boolean, object>('room', { op: 'proxy-close', id }),
  rcSdkBroadcast: (message: object) =>
    executeServerCommand<{ code: number | string }, object>('room', { op: 'rc-sdk-broadcast', message }),
};

let rooms = 0;
/** A fresh room per test, so tests never see each other's messages. */
export async function freshRoom(metadata: object = {}, extra: object = {}): Promise<string> {
  const id = `b-${Date.now().toString(36)}-${++rooms}`;
  const res = await room.create(id, extra, metadata);
  if (res.status !== 200) throw new Error(JSON.stringify(res));
  return id;
}

export async function until<T>(
  check: () => T | undefined | null | false,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function mountChat(server: string, token: string, attrs: Record<string, string> = {}): Promise<RoomChat> {
  const el = document.createElement('room-chat');
  el.server = server;
  el.token = token;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.style.height = '400px';
  document.body.append(el);
  // The welcome (with its history) and the connected state land in one store change, so one render shows both;
  // a cold start (first socket, first JIT) can take longer than a warm one.
  await until(
    () => el.shadowRoot?.querySelector('.status')?.textContent === 'Connected',
    'the chat to connect',
    10_000,
  );
  await el.updateComplete;
  return el;
}

export async function mountNotifications(
  server: string,
  token: string,
  attrs: Record<string, string> = {},
): Promise<RoomNotifications> {
  const el = document.createElement('room-notifications');
  el.server = server;
  el.token = token;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const connected = new Promise<void>((resolve) => {
    const onChange = (e: Event) => {
      if ((e as CustomEvent).detail.state === 'connected') {
        el.removeEventListener('room-connection-change', onChange);
        resolve();
      }
    };
    el.addEventListener('room-connection-change', onChange);
  });
  document.body.append(el);
  await connected;
  return el;
}

/** What a reader sees in a chat: each message's visible text. */
/** After the next frame has painted: the chat keeps its scroll place in the frame after an update. */
export const painted = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

/** What a reader does to read back: the wheel on the list, which scrolls to its top. */
export function readBack(log: HTMLElement): void {
  log.dispatchEvent(new WheelEvent('wheel', { deltaY: -1000, bubbles: true, composed: true }));
  log.scrollTop = 0;
  log.dispatchEvent(new Event('scroll'));
}

export function chatTexts(el: Element): string[] {
  return [...(el.shadowRoot?.querySelectorAll('[part~="message-text"]') ?? [])].map((p) => p.textContent ?? '');
}

export function toasts(el: Element): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>('[part~="toast"]') ?? [])];
}

export function cleanup(): void {
  for (const el of document.querySelectorAll('room-chat, room-notifications')) el.remove();
}
