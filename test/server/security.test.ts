import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { ConfigError, DEMO_API_KEY, DEMO_API_SECRET, loadConfig } from '../../server/config.ts';
import { startRoomServer } from '../room-server-process.js';
import {
  KEY,
  SECRET,
  barrier,
  connect,
  createRoom,
  hms,
  joinToken,
  pn,
  rc,
  rcHeaders,
  refusal,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';

/**
 * Each attack a hostile tester reproduced against the first release, replayed as a test. Every one of these
 * failed on that release; the comment above each names the finding in docs/security.md.
 */
describe('security: cross-room channels', () => {
  let server: TestServer;
  let mgmt: string;
  const c: Record<string, Client> = {};

  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    for (const id of ['A', 'A:admins', 'A:u:bob']) await createRoom(server.url, id);
    c.admin = await connect(server.url, await joinToken(server.url, 'A', 'ada', true));
    c.bob = await connect(server.url, await joinToken(server.url, 'A', 'bob'));
    c.student = await connect(server.url, await peerToken('A', 'stu', 'student'));
    c.inAdmins = await connect(server.url, await joinToken(server.url, 'A:admins', 'mallory'));
    c.inBob = await connect(server.url, await joinToken(server.url, 'A:u:bob', 'mallory2'));
    // A 100ms app token makes this room implicitly: its id looks like room A's student channel.
    c.inRole = await connect(server.url, await peerToken('A:role:student', 'mallory3', 'x'));
  });

  after(async () => {
    for (const client of Object.values(c)) client.close();
    await server.stop();
  });

  it("a room named like another room's channel receives none of its admin, private or role messages", async () => {
    await pn(server.url, '/room/broadcastToRoom', {
      room_id: 'A',
      only_to_admins: true,
      chat_msg: { message: 'admins only' },
    });
    await pn(server.url, '/room/broadcastToRoom', {
      room_id: 'A',
      to_user_id: 'bob',
      chat_msg: { message: 'for bob' },
    });
    await hms(server.url, 'A', { role: 'student', message: 'for students' }, mgmt);
    await barrier(server.url, 'A', [c.admin!, c.bob!, c.student!], mgmt);
    assert.deepEqual(visible(c.admin!), ['admins only']);
    assert.deepEqual(visible(c.bob!), ['for bob']);
    assert.deepEqual(visible(c.student!), ['for students']);
    for (const name of ['A:admins', 'A:u:bob', 'A:role:student'])
      await barrier(server.url, name, [], mgmt).catch(() => undefined);
    await sleep(200);
    assert.deepEqual(visible(c.inAdmins!), []);
    assert.deepEqual(visible(c.inBob!), []);
    assert.deepEqual(visible(c.inRole!), []);
  });

  it('what a member of such a room sends stays in that room, and ending it leaves room A alone', async () => {
    const ack = await c.inAdmins!.send('hello from A:admins');
    assert.equal(ack.ok, true);
    await sleep(200);
    assert.equal(c.admin!.texts().includes('hello from A:admins'), false);
    const ended = await pn(server.url, '/room/endRoom', { room_id: 'A:admins' });
    assert.equal(ended.status, 200);
    await sleep(200);
    assert.equal(
      c.admin!.events.some((e) => e.event === 'room_ended'),
      false,
    );
    assert.equal(c.admin!.socket.connected, true);
  });
});

describe('security: tokens, keys and signatures', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createRoom(server.url, 'sig');
  });
  after(() => server.stop());

  it('a form-encoded plugNmeet body is refused (415), so an HMAC of "" ends nothing', async () => {
    const res = await fetch(`${server.url}/auth/room/endRoom`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'API-KEY': KEY,
        'HASH-SIGNATURE': createHmac('sha256', SECRET).update('').digest('hex'),
      },
      body: 'room_id=sig',
    });
    assert.equal(res.status, 415);
    assert.deepEqual(await res.json(), { status: false, msg: 'content-type: must be application/json' });
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'sig' })).body.is_active, true);
  });

  it('API keys are compared exactly: another casing of the key is refused', async () => {
    const pnRes = await pn(server.url, '/room/isRoomActive', { room_id: 'sig' }, { key: KEY.toUpperCase() });
    assert.equal(pnRes.status, 401);
    assert.equal(pnRes.body.msg, 'API-KEY: is not known to this server');
    const rcRes = await rc(
      server.url,
      { fromUserId: 'u', objectName: 'X:Ping', content: '{}' },
      rcHeaders({ key: KEY.toUpperCase() }),
    );
    assert.equal(rcRes.status, 401);
  });

  it('a configured key with upper-case letters is accepted by the plugNmeet and RongCloud doors', async () => {
    const upper = await startServer({ ROOM_API_KEY: 'Mixed-Case-KEY' });
    try {
      await createRoom(upper.url, 'x').catch(() => undefined);
      const pnRes = await pn(
        upper.url,
        '/room/create',
        { room_id: 'x', metadata: { room_title: 't' } },
        { key: 'Mixed-Case-KEY' },
      );
      assert.equal(pnRes.status, 200);
      const rcRes = await rc(
        upper.url,
        { fromUserId: 'u', objectName: 'X:Ping', content: '{}' },
        rcHeaders({ key: 'Mixed-Case-KEY' }),
      );
      assert.deepEqual(rcRes.body, { code: 200 });
    } finally {
      await upper.stop();
    }
  });

  it('JWTs without exp are refused, for widgets and for the management API', async () => {
    const secret = new TextEncoder().encode(SECRET);
    const app = await new SignJWT({
      access_key: KEY,
      type: 'app',
      version: 2,
      room_id: 'sig',
      user_id: 'eve',
      role: 'host',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .sign(secret);
    assert.deepEqual(await refusal(server.url, { token: app }), {
      code: 'token_invalid',
      message: 'the token has no expiry (exp)',
    });
    const join = await new SignJWT({ room_id: 'sig', is_admin: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(KEY)
      .setSubject('eve')
      .sign(secret);
    assert.equal((await refusal(server.url, { token: join })).code, 'token_invalid');
    const mgmt = await new SignJWT({ access_key: KEY, type: 'management', version: 2 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setJti('j')
      .sign(secret);
    const res = await hms(server.url, 'sig', { message: 'x' }, mgmt);
    assert.equal(res.status, 401);
    assert.match(res.body.message, /no expiry/);
  });

  it('lock settings named after Object.prototype members are not stored or sent', async () => {
    const raw = JSON.stringify({
      room_id: 'proto',
      metadata: {
        room_title: 't',
        default_lock_settings: {
          constructor: true,
          toString: true,
          __proto__: { lock_chat: true },
          lock_private_chat: true,
        },
      },
    });
    assert.equal((await pn(server.url, '/room/create', null, { raw })).status, 200);
    const w = await connect(server.url, await joinToken(server.url, 'proto', 'u'));
    assert.deepEqual(w.welcome.room.locks, {
      lock_chat: false,
      lock_chat_send_message: false,
      lock_private_chat: true,
    });
    w.close();
  });

  it('a form body with a key named like an Object.prototype member is read, not refused as repeated', async () => {
    const res = await rc(server.url, {
      fromUserId: 'u',
      objectName: 'X:Ping',
      content: '{}',
      constructor: 'x',
    } as Record<string, string>);
    assert.notEqual(res.body.errorMessage, 'constructor: is given more than once');
  });

  it('metadata nested 200,000 deep is refused with 400 and stores no room', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const raw = `{"room_id":"deep","metadata":{"room_title":"t","x":${deep}}}`;
    const res = await pn(server.url, '/room/create', null, { raw });
    assert.equal(res.status, 400);
    assert.equal(res.body.msg, 'body: nests deeper than 32 levels');
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'deep' })).body.is_active, false);
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'sig' })).status, 200);
  });
});

describe('security: amplification and limits', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ MAX_SOCKETS_PER_USER: '3', WELCOME_MAX_BYTES: '65536' })));
  after(() => server.stop());

  it('a resume from since=0 is bounded in bytes and marks the rest as a gap', async () => {
    await createRoom(server.url, 'big');
    const token = await joinToken(server.url, 'big', 'reader');
    const big = 'x'.repeat(9000);
    for (let i = 0; i < 40; i++)
      await pn(server.url, '/room/broadcastToRoom', { room_id: 'big', chat_msg: { message: `${i}:${big}` } });
    const w = await connect(server.url, token, { since: 0 });
    const bytes = Buffer.byteLength(JSON.stringify(w.welcome.history));
    assert.ok(bytes <= 65536, `welcome history is ${bytes} bytes`);
    assert.ok(w.welcome.history.length >= 5);
    assert.equal(w.welcome.gap, true);
    // What it does carry is the newest, in order.
    assert.equal(w.welcome.history.at(-1)!.text.split(':')[0], '39');
    w.close();
  });

  it('one token opens at most MAX_SOCKETS_PER_USER sockets per room; a closed one frees its place', async () => {
    await createRoom(server.url, 'cap');
    const token = await joinToken(server.url, 'cap', 'tabs');
    const open = await Promise.all([1, 2, 3].map(() => connect(server.url, token)));
    const refused = await refusal(server.url, { token });
    assert.equal(refused.code, 'too_many_connections');
    assert.match(refused.message, /already has 3 connections/);
    open[0]!.close();
    await sleep(100);
    const again = await connect(server.url, token);
    assert.equal(again.welcome.self.user_id, 'tabs');
    for (const s of [...open, again]) s.close();
  });

  it('a join storm sends each widget a few participant updates, not one per join', async () => {
    await createRoom(server.url, 'storm');
    const first = await connect(server.url, await joinToken(server.url, 'storm', 'first'));
    const others = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => connect(server.url, await joinToken(server.url, 'storm', `u${i}`))),
    );
    await sleep(1000);
    // Changes, not lists (issue 34): each join named once across a few updates, the last with the count.
    const updates = first.events.filter((e) => e.event === 'presence');
    assert.ok(updates.length > 0 && updates.length <= 10, `${updates.length} participant updates for 30 joins`);
    const changes = updates.map((e) => e.args[0] as { joined: Array<{ user_id: string }>; count: number });
    const named = changes.flatMap((c) => c.joined.map((j) => j.user_id)).filter((u) => u !== 'first');
    assert.equal(named.length, 30);
    assert.equal(new Set(named).size, 30);
    assert.equal(changes.at(-1)!.count, 31);
    for (const s of [first, ...others]) s.close();
  });
});

describe('security: timers', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  it('an empty_timeout or room_duration past setTimeout range does not end the room at once', async () => {
    await createRoom(server.url, 'long-empty', { empty_timeout: 2_592_000 });
    await createRoom(server.url, 'long-duration', {}, { room_features: { room_duration: 525_600 } });
    await sleep(300);
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'long-empty' })).body.is_active, true);
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'long-duration' })).body.is_active, true);
  });
});

describe('security: configuration', () => {
  it('production refuses a secret shorter than 32 bytes, saying how to make one', () => {
    assert.throws(
      () =>
        loadConfig({ NODE_ENV: 'production', ROOM_API_KEY: 'k', ROOM_API_SECRET: 'ab', ALLOWED_ORIGINS: 'https://x' }),
      (e: unknown) =>
        e instanceof ConfigError && /at least 32 bytes/.test(e.message) && /openssl rand -hex 32/.test(e.message),
    );
    assert.equal(
      loadConfig({ NODE_ENV: 'production', ROOM_API_KEY: 'k', ROOM_API_SECRET: 'a'.repeat(32) }).production,
      true,
    );
  });

  it('NODE_ENV=Production counts as production', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'Production' }), ConfigError);
  });

  it('the demo console runs only with DEMO=1 and the demo credentials', () => {
    assert.equal(loadConfig({}).demo, false);
    assert.equal(loadConfig({ DEMO: '1' }).demo, true);
    assert.throws(
      () => loadConfig({ DEMO: '1', ROOM_API_KEY: 'real', ROOM_API_SECRET: 'x'.repeat(40) }),
      /runs only with the demo credentials/,
    );
  });

  it('without DEMO, a server with real credentials serves no console and no demo page', async () => {
    const s = await startRoomServer();
    try {
      const join = await fetch(`${s.url}/demo-api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ room_id: 'r', user_id: 'u', name: 'U', is_admin: true }),
      });
      assert.equal(join.status, 404);
      assert.equal((await fetch(`${s.url}/`)).status, 404);
      assert.equal((await fetch(`${s.url}/demo.js`)).status, 404);
    } finally {
      await s.stop();
    }
  });

  it("with DEMO=1 the console works, but its path cannot leave the dialect's prefix", async () => {
    const s = await startRoomServer({ DEMO: '1', ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET });
    try {
      const call = (path: string) =>
        fetch(`${s.url}/demo-api/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ dialect: 'pn', path, body: { room_id: 'r' } }),
        });
      assert.equal((await call('/room/isRoomActive')).status, 200);
      for (const path of ['/../demo-api/join', '/room/../../healthz', '/./room/create']) {
        const res = await call(path);
        assert.equal(res.status, 400, path);
      }
      assert.equal((await fetch(`${s.url}/`)).status, 200);
    } finally {
      await s.stop();
    }
  });
});

describe('security: slow requests and webhooks', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ REQUEST_TIMEOUT_MS: '1000' })));
  after(() => server.stop());

  it('a body dripped at a byte a second is cut off, and the server keeps serving', async () => {
    const { port } = new URL(server.url);
    const socket = tcpConnect(Number(port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      `POST /auth/room/isRoomActive HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`,
    );
    const closed = new Promise<string>((resolve) => {
      let reply = '';
      socket.on('data', (d) => (reply += d.toString()));
      socket.once('close', () => resolve(reply));
    });
    const drip = setInterval(() => socket.writable && socket.write(' '), 1000);
    const reply = await Promise.race([closed, sleep(15_000).then(() => 'still open')]);
    clearInterval(drip);
    socket.destroy();
    assert.notEqual(reply, 'still open');
    assert.match(reply, /^HTTP\/1\.1 408|^$/);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it('webhooks do not follow redirects: the signed body never reaches the redirect target', async () => {
    let stolen = 0;
    const thief: Server = createServer((_req, res) => {
      stolen++;
      res.end();
    });
    await new Promise<void>((r) => thief.listen(0, '127.0.0.1', r));
    const redirect: Server = createServer((_req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${(thief.address() as AddressInfo).port}/steal` });
      res.end();
    });
    let asked = 0;
    redirect.on('request', () => asked++);
    await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r));
    try {
      await createRoom(
        server.url,
        'hooked',
        {},
        { webhook_url: `http://127.0.0.1:${(redirect.address() as AddressInfo).port}/hook` },
      );
      const end = Date.now() + 3000;
      while (asked === 0 && Date.now() < end) await sleep(20);
      await sleep(200);
      assert.ok(asked > 0, 'the webhook was sent');
      assert.equal(stolen, 0);
    } finally {
      thief.close();
      redirect.close();
    }
  });
});
