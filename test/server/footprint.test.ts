import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket } from 'ws';
import { io as connectSocket } from 'socket.io-client';
import { loadConfig } from '../../server/config.ts';
import { memoryBackends } from '../../server/backends/memory/index.ts';
import {
  barrier,
  connect,
  createRoom,
  hms,
  joinToken,
  pn,
  rc,
  refusal,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';
import { startRedis } from '../redis-process.js';
import { startRoomServer, TEST_KEY, TEST_SECRET } from '../room-server-process.js';
import { apiClient } from '../api-client.js';

/**
 * What the small idle footprint (issue 18) must not change: sockets share their handlers, users and peers have no
 * socket.io room of their own (their sockets are found when a message names them), and a place is released on
 * `disconnect` or, for a handshake whose transport closed while it was admitted, by the handshake itself.
 */
describe('idle footprint: targeting without per-socket channels', () => {
  let server: TestServer;
  let mgmt: string;
  const room = 'fp-1';
  const c: Record<string, Client> = {};

  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    await createRoom(server.url, room);
    // Bob and Alice each hold two widgets (two tabs): a message naming one of them reaches both, or neither.
    for (const [name, user, admin] of [
      ['bob1', 'bob', false],
      ['bob2', 'bob', false],
      ['alice1', 'alice', false],
      ['alice2', 'alice', false],
      ['carol', 'carol', true],
      ['dan', 'dan', false],
    ] as const) {
      c[name] = await connect(server.url, await joinToken(server.url, room, user, admin));
    }
  });

  after(async () => {
    for (const client of Object.values(c)) client.close();
    await server.stop();
  });

  const everyone = () => Object.values(c);
  async function check(send: () => Promise<{ status: number }>, expected: Record<string, string[]>) {
    for (const client of everyone()) client.messages.length = 0;
    const res = await send();
    assert.equal(res.status, 200, JSON.stringify(res));
    await barrier(server.url, room, everyone(), mgmt);
    for (const name of Object.keys(c))
      assert.deepEqual(visible(c[name]!), expected[name] ?? [], `what ${name} received`);
  }

  it('a message to a user reaches every widget of that user and no one else', async () => {
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', { room_id: room, to_user_id: 'bob', chat_msg: { message: 'for bob' } }),
      {
        bob1: ['for bob'],
        bob2: ['for bob'],
      },
    );
  });

  it('admins and a named user together get it once each', async () => {
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', {
          room_id: room,
          only_to_admins: true,
          to_user_id: 'dan',
          chat_msg: { message: 'admins+dan' },
        }),
      {
        carol: ['admins+dan'],
        dan: ['admins+dan'],
      },
    );
  });

  it('a message to a peer reaches that one widget, not the same user’s other one', async () => {
    const peer = c.bob2!.welcome.self.peer_id;
    await check(() => hms(server.url, room, { peer_id: peer, message: 'this tab' }, mgmt), { bob2: ['this tab'] });
  });

  it('a broadcast that leaves out its sender leaves out every widget of the sender', async () => {
    await check(
      () => rc(server.url, { fromUserId: 'alice', objectName: 'RC:TxtMsg', content: '{"content":"from alice"}' }),
      {
        bob1: ['from alice'],
        bob2: ['from alice'],
        carol: ['from alice'],
        dan: ['from alice'],
      },
    );
  });

  it('a private chat reaches both widgets of each of the pair, and no one else', async () => {
    for (const client of everyone()) client.messages.length = 0;
    const ack = await c.alice1!.send('psst', 'bob');
    assert.equal(ack.ok, true, JSON.stringify(ack));
    await barrier(server.url, room, everyone(), mgmt);
    for (const name of ['alice1', 'alice2', 'bob1', 'bob2'])
      assert.deepEqual(visible(c[name]!), ['psst'], `what ${name} received`);
    for (const name of ['carol', 'dan']) assert.deepEqual(visible(c[name]!), [], `what ${name} received`);
  });

  it('widgets sending at once are each answered as themselves (the handlers are shared)', async () => {
    const senders = ['bob1', 'alice2', 'carol', 'dan'] as const;
    const acks = await Promise.all(senders.map((name) => c[name]!.send(`I am ${name}`)));
    acks.forEach((ack, i) => {
      assert.equal(ack.ok, true, JSON.stringify(ack));
      const expected = c[senders[i]!]!.welcome.self.user_id;
      assert.equal(ack.ok && ack.message.from?.user_id, expected);
      assert.equal(ack.ok && ack.message.text, `I am ${senders[i]}`);
    });
  });
});

describe('idle footprint: places are released', () => {
  let server: TestServer;
  const room = 'fp-2';

  /** Admission takes this long, as a slow Redis would make it: long enough for a client to give up in the middle. */
  const ADMIT_MS = 100;

  before(async () => {
    const backends = memoryBackends(loadConfig({ ROOM_API_KEY: 'k', ROOM_API_SECRET: 's' }));
    const admit = backends.presence.admit.bind(backends.presence);
    backends.presence.admit = async (...args) => {
      await sleep(ADMIT_MS);
      return admit(...args);
    };
    server = await startServer({ MAX_SOCKETS_PER_USER: '2' }, { backends });
    await createRoom(server.url, room);
  });
  after(() => server.stop());

  /** A raw socket.io handshake whose transport closes `afterMs` after its CONNECT packet, at any step of admission. */
  function abandonedHandshake(token: string, afterMs: number): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
      ws.on('message', (data: Buffer) => {
        if (!data.toString().startsWith('0')) return;
        ws.send(`40${JSON.stringify({ token })}`);
        setTimeout(() => ws.close(), afterMs);
      });
      ws.on('close', () => resolve());
      ws.on('error', () => resolve());
    });
  }

  it('handshakes closed while being admitted leave no place taken: the user can still open every widget allowed', async () => {
    const token = await joinToken(server.url, room, 'erin');
    // Closed at once, while the place is being taken (the place is then taken for a transport already gone), and
    // once admitted (the socket connects and disconnects).
    for (const afterMs of [0, 20, 50, 80, 20, 50, ADMIT_MS + 50, ADMIT_MS + 150])
      await abandonedHandshake(token, afterMs);
    // Leaving is asynchronous; give the server a moment to hear every close.
    await sleep(300);
    const first = await connect(server.url, token);
    const second = await connect(server.url, token);
    try {
      assert.deepEqual(
        first.welcome.participants.map((p) => p.user_id),
        ['erin'],
      );
      const peers = await server.app.service.peers(room);
      assert.equal(peers.length, 2, `places held: ${peers.length} (abandoned handshakes must hold none)`);
      // And the limit still holds: a third widget is refused.
      assert.equal((await refusal(server.url, { token })).code, 'too_many_connections');
    } finally {
      first.close();
      second.close();
    }
  });

  it('a widget that disconnects frees its place for the next one', async () => {
    const token = await joinToken(server.url, room, 'frank');
    for (let i = 0; i < 4; i++) {
      const a = await connect(server.url, token);
      const b = await connect(server.url, token);
      a.close();
      b.close();
      // Wait until the server has let both go before the next pair asks for the same two places.
      for (let t = 0; t < 100 && (await server.app.service.peers(room)).some((p) => p.user_id === 'frank'); t++)
        await sleep(20);
    }
    const last = await connect(server.url, token);
    assert.equal(last.welcome.self.user_id, 'frank');
    last.close();
  });
});

describe('idle footprint: the requests that opened the connections are let go', () => {
  let server: TestServer;
  const room = 'fp-3';
  before(async () => {
    server = await startServer();
    await createRoom(server.url, room);
  });
  after(() => server.stop());

  it('an admitted widget keeps neither its WebSocket upgrade nor its first polling request alive', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Every socket.io request the server gets: the WebSocket upgrades and the long-polling requests.
    const requests: Array<WeakRef<IncomingMessage>> = [];
    const seen = (req: IncomingMessage) => {
      if (req.url?.startsWith('/socket.io/')) requests.push(new WeakRef(req));
    };
    server.app.http.server.prependListener('upgrade', seen);
    server.app.http.server.prependListener('request', seen);
    const token = await joinToken(server.url, room, 'gina');
    // A widget on a WebSocket from the start, and one that starts with long polling and upgrades (socket.io's default).
    const direct = await connect(server.url, token);
    const upgraded = connectSocket(server.url, { auth: { token }, reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        upgraded.on('welcome', () => resolve());
        upgraded.on('connect_error', reject);
      });
      for (let t = 0; t < 100 && upgraded.io.engine.transport.name !== 'websocket'; t++) await sleep(20);
      assert.equal(upgraded.io.engine.transport.name, 'websocket', 'the second widget upgraded');
      assert.ok(requests.length >= 3, `requests seen: ${requests.length}`);
      // Both stay connected: their requests must be free all the same.
      let alive = requests.length;
      for (let t = 0; t < 20 && alive > 0; t++) {
        gc();
        await sleep(20);
        alive = requests.filter((r) => r.deref() !== undefined).length;
      }
      assert.equal(alive, 0, `requests still held: ${alive} of ${requests.length}`);
      assert.equal(upgraded.connected && direct.socket.connected, true);
    } finally {
      server.app.http.server.off('upgrade', seen);
      server.app.http.server.off('request', seen);
      direct.close();
      upgraded.close();
    }
  });
});

describe('idle footprint: no ack table per socket', () => {
  let server: TestServer;
  const room = 'fp-4';
  before(async () => {
    server = await startServer();
    await createRoom(server.url, room);
  });
  after(() => server.stop());

  it('sockets share one empty ack table; an ack packet a widget makes up finds nothing and harms nothing', async () => {
    const a = await connect(server.url, await joinToken(server.url, room, 'hana'));
    const b = await connect(server.url, await joinToken(server.url, room, 'ivan'));
    // A raw client that answers acks the server never asked for (socket.io ACK packets, ids 0 to 2).
    // The token first: a WebSocket opened before an await may get engine.io's open packet with no listener yet.
    const token = await joinToken(server.url, room, 'jo');
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    try {
      await new Promise<void>((resolve, reject) => {
        setTimeout(() => reject(new Error('no welcome for the raw client within 5 s')), 5000).unref();
        raw.on('message', (data: Buffer) => {
          const text = data.toString();
          if (text.startsWith('0')) raw.send(`40${JSON.stringify({ token })}`);
          if (text.startsWith('42["welcome"')) {
            for (const id of [0, 1, 2]) raw.send(`43${id}["made up"]`);
            resolve();
          }
        });
        raw.on('error', reject);
      });
      const tables = [...server.app.io.sockets.sockets.values()].map(
        (s) => (s as unknown as { acks: Map<number, unknown> }).acks,
      );
      assert.equal(tables.length, 3);
      assert.equal(new Set(tables).size, 1, 'one table for every socket');
      assert.equal(tables[0]!.size, 0);
      // Every widget, the made-up acks' sender too, still sends and is answered.
      const ack = await a.send('still here');
      assert.equal(ack.ok, true, JSON.stringify(ack));
      await b.waitFor((m) => m.text === 'still here');
      assert.equal(raw.readyState, WebSocket.OPEN);
      // An emit asking a widget for an ack fails loudly, before anything is sent.
      const socket = server.app.io.sockets.sockets.values().next().value!;
      const asking = socket.timeout(1000) as unknown as { emit(event: string, ack: () => void): void };
      assert.throws(() => asking.emit('ping me', () => undefined), /asks widgets for no ack/);
    } finally {
      a.close();
      b.close();
      raw.close();
    }
  });
});

describe('idle footprint: targeting across processes behind Redis', () => {
  type Proc = Awaited<ReturnType<typeof startRoomServer>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  const api = (p: Proc) => apiClient(p.url, TEST_KEY, TEST_SECRET);

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all([0, 1].map(() => startRoomServer({ REDIS_URL: redis.url })));
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  it('each process finds its own sockets of a named user or peer, and leaves out its own sockets of an excepted sender', async () => {
    const [a, b] = procs as [Proc, Proc];
    assert.equal((await api(a).createRoom('fp-redis')).status, 200);
    // One widget of each user on each process.
    const c: Record<string, Client> = {};
    for (const user of ['bob', 'alice', 'dan']) {
      c[`${user}A`] = await connect(a.url, await api(a).joinToken('fp-redis', user));
      c[`${user}B`] = await connect(b.url, await api(b).joinToken('fp-redis', user));
    }
    const all = Object.values(c);
    try {
      await api(b).pn('/room/broadcastToRoom', {
        room_id: 'fp-redis',
        to_user_id: 'bob',
        chat_msg: { message: 'for bob' },
      });
      await api(a).hms('fp-redis', { peer_id: c.bobB!.welcome.self.peer_id, message: 'bob on b' });
      const rc = await api(a).rc({ fromUserId: 'alice', objectName: 'RC:TxtMsg', content: '{"content":"not alice"}' });
      assert.equal(rc.status, 200, JSON.stringify(rc));
      await api(b).pn('/room/broadcastToRoom', { room_id: 'fp-redis', chat_msg: { message: 'everyone' } });
      await Promise.all(all.map((x) => x.waitFor((m) => m.text === 'everyone', 5000)));
      await sleep(200);
      assert.deepEqual(visible(c.bobA!), ['for bob', 'not alice', 'everyone']);
      assert.deepEqual(visible(c.bobB!), ['for bob', 'bob on b', 'not alice', 'everyone']);
      for (const name of ['aliceA', 'aliceB'])
        assert.deepEqual(visible(c[name]!), ['everyone'], `what ${name} received`);
      for (const name of ['danA', 'danB'])
        assert.deepEqual(visible(c[name]!), ['not alice', 'everyone'], `what ${name} received`);
    } finally {
      all.forEach((x) => x.close());
    }
  });
});
