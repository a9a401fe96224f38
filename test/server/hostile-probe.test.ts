import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SignJWT } from 'jose';
import pino from 'pino';
import { io as connectSocket } from 'socket.io-client';
import type { RoomMessage } from '../../src/core/protocol.ts';
import { isInternalAddress, webhookTargetProblem } from '../../server/core/webhook-targets.ts';
import { withinBudget } from '../../server/realtime/welcome-budget.ts';
import { apiClient } from '../api-client.js';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3 } from '../s3-process.js';
import { act, sent } from './conversation-scenario.ts';
import { download, eventually, filesUnder, link, pdf, upload } from './files-helpers.ts';
import { guestToken } from './hms-sdk.ts';
import {
  KEY,
  SECRET,
  Client,
  connect,
  createRoom,
  joinToken,
  pn,
  sleep,
  startServer,
  type TestServer,
} from './helpers.ts';

/**
 * Issue 32: the second hostile probe's seven findings and what it also noted, each reproduced against the real
 * server (and Redis, s3rver, the 100ms SDK where the finding involves them). docs/security.md lists each with its test.
 */

/** Resolves to the refusal a handshake got (or throws if the widget was admitted). */
async function refusalOf(url: string, auth: Record<string, unknown>, opts: Record<string, unknown> = {}) {
  const client = connectSocket(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, ...opts });
  try {
    return await new Promise<{ code: string; message: string }>((resolve, reject) => {
      client.once('welcome', () => reject(new Error('admitted')));
      client.once('connect_error', (err: Error & { data?: { code: string; message: string } }) =>
        err.data ? resolve(err.data) : reject(err),
      );
    });
  } finally {
    client.close();
  }
}

/** A real webhook receiver on loopback that counts what arrives. */
async function receiver() {
  const got: Array<{ event: string }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push(JSON.parse(Buffer.concat(chunks).toString()) as { event: string });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A zip archive with one stored entry: real bytes of the type the name claims. */
function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localPart = Buffer.concat([local, fileName, data]);
  const centralPart = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

describe('hostile probe 2 (issue 32): one user per token', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ MAX_SOCKETS_PER_USER: '5' });
  });
  after(() => server.stop());

  it('a 100ms guest token without user_id is one user: 12 sockets → 5 admitted, 36 messages → rate limited', async () => {
    const token = await guestToken('guest-room', 'guest');
    const attempts = await Promise.allSettled(Array.from({ length: 12 }, () => connect(server.url, token)));
    const admitted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    try {
      assert.equal(admitted.length, 5, 'MAX_SOCKETS_PER_USER holds for the guest link');
      const refused = attempts.flatMap((a) =>
        a.status === 'rejected' ? [a.reason as { data?: { code: string } }] : [],
      );
      assert.ok(refused.every((e) => e.data?.code === 'too_many_connections'));
      const users = new Set(admitted.map((c) => c.welcome.self.user_id));
      assert.equal(users.size, 1, 'every connection of the token is the same user');
      assert.match([...users][0]!, /^guest-[0-9a-f]{24}$/);
      const acks = await Promise.all(Array.from({ length: 36 }, (_, i) => admitted[i % 5]!.send(`m${i}`)));
      assert.equal(acks.filter((a) => a.ok).length, 5, 'CHAT_RATE_POINTS (5) for the one user');
      assert.ok(acks.filter((a) => !a.ok).every((a) => !a.ok && a.code === 'rate_limited'));
    } finally {
      admitted.forEach((c) => c.close());
    }
  });

  it('a 100ms app token with neither user_id nor jti is refused with token_invalid', async () => {
    const token = await new SignJWT({ access_key: KEY, type: 'app', version: 2, room_id: 'guest-room', role: 'guest' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const refusal = await refusalOf(server.url, { token });
    assert.equal(refusal.code, 'token_invalid');
    assert.match(refusal.message, /neither user_id nor jti/);
  });
});

describe('hostile probe 2 (issue 32): join churn', () => {
  it('60 join/leave cycles in half a second: too_many_joins past 20, and one joined/left webhook pair', async () => {
    const hooks = await receiver();
    const server = await startServer({ PRESENCE_REJOIN_GRACE_MS: '400' });
    try {
      await createRoom(server.url, 'churn', {}, { webhook_url: hooks.url });
      const token = await joinToken(server.url, 'churn', 'churner');
      const codes: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 60; i++) {
        const c = new Client(server.url, { token });
        await c.ready.then(
          () => codes.push('ok'),
          (e: { data?: { code: string } }) => codes.push(e.data?.code ?? 'error'),
        );
        c.close();
      }
      const took = Date.now() - started;
      assert.equal(codes.filter((c) => c === 'ok').length, 20, 'JOIN_RATE_PER_USER (20) joins in the window');
      assert.ok(
        codes.slice(20).every((c) => c === 'too_many_joins'),
        codes.join(','),
      );
      await sleep(400 + 600);
      const participantHooks = hooks.got.filter((h) => h.event.startsWith('participant_'));
      assert.deepEqual(
        participantHooks.map((h) => h.event),
        ['participant_joined', 'participant_left'],
        `one pair for 60 cycles in ${took} ms`,
      );
    } finally {
      await server.stop();
      await hooks.close();
    }
  });

  it('joins from one address are limited too (JOIN_RATE_PER_IP), whoever makes them', async () => {
    const server = await startServer({ JOIN_RATE_PER_IP: '5' });
    try {
      await createRoom(server.url, 'ip');
      const clients = [];
      for (let i = 0; i < 5; i++) clients.push(await connect(server.url, await joinToken(server.url, 'ip', `u${i}`)));
      const refusal = await refusalOf(server.url, { token: await joinToken(server.url, 'ip', 'u5') });
      assert.equal(refusal.code, 'too_many_joins');
      assert.match(refusal.message, /from this address/);
      clients.forEach((c) => c.close());
    } finally {
      await server.stop();
    }
  });
});

/**
 * 40 reaction toggles with HISTORY_LIMIT=30 (four users, ten each): the chat stays in a late joiner's welcome and
 * deletable by its author; a resume from before them gets the latest state event per user and emoji, no gap.
 */
async function reactionsDoNotEvict(urlOf: () => string, token: (user: string) => Promise<string>): Promise<void> {
  const author = await connect(urlOf(), await token('author'));
  const reactors = await Promise.all(['r0', 'r1', 'r2', 'r3', 'r4'].map(async (u) => connect(urlOf(), await token(u))));
  const clients = [author, ...reactors];
  try {
    const chat = sent(await act.send(author, { text: 'keep me' }));
    const resumeFrom = chat.seq!;
    const since = await connect(urlOf(), await token('resumer'));
    const peer = since.welcome.self.peer_id;
    since.close();
    for (const r of reactors.slice(0, 4)) for (let i = 0; i < 10; i++) sent(await act.react(r, chat.id, '👍'));
    const eleventh = await act.react(reactors[0]!, chat.id, '👍');
    assert.equal(eleventh.ok === false && eleventh.code, 'rate_limited', 'ten toggles a minute per user and message');
    assert.match(!eleventh.ok ? eleventh.message : '', /reaction changes on this message/);
    sent(await act.react(reactors[4]!, chat.id, '🎉'));

    const late = await connect(urlOf(), await token('late'));
    clients.push(late);
    const seen = late.welcome.history.find((m) => m.id === chat.id);
    assert.ok(seen, 'the chat is still in a late joiner’s welcome');
    assert.deepEqual(seen.reactions, [{ emoji: '🎉', count: 1, users: [{ user_id: 'r4', name: 'r4' }] }]);

    const resumed = await connect(urlOf(), await token('resumer'), { since: resumeFrom, peer_id: peer });
    clients.push(resumed);
    assert.equal(resumed.welcome.gap, false, 'nothing the resumer needs was trimmed');
    const events = resumed.welcome.history.filter((m) => m.kind === 'reaction');
    assert.equal(events.length, 5, 'one event per user and emoji: the latest');
    const last = new Map(events.map((m) => [m.from!.user_id, m.reaction!.on]));
    assert.deepEqual(Object.fromEntries(last), { r0: false, r1: false, r2: false, r3: false, r4: true });

    const removed = sent(await act.remove(author, chat.id));
    assert.deepEqual(removed.deletion, { message_id: chat.id, by_admin: false }, 'the author can still delete it');
  } finally {
    clients.forEach((c) => c.close());
  }
}

describe('hostile probe 2 (issue 32): reactions and the history', () => {
  it('40 toggles with HISTORY_LIMIT=30 keep the chat for late joiners and its author (memory)', async () => {
    const server = await startServer({ HISTORY_LIMIT: '30', CHAT_RATE_POINTS: '1000' });
    try {
      await createRoom(server.url, 'rx');
      await reactionsDoNotEvict(
        () => server.url,
        (u) => joinToken(server.url, 'rx', u),
      );
    } finally {
      await server.stop();
    }
  });

  it('40 toggles with HISTORY_LIMIT=30 keep the chat for late joiners and its author (Redis, two processes)', async () => {
    const redis = await startRedis();
    const env = { REDIS_URL: redis.url, HISTORY_LIMIT: '30', CHAT_RATE_POINTS: '1000' };
    const [a, b] = await Promise.all([startRoomServer(env), startRoomServer(env)]);
    try {
      const api = apiClient(a.url, TEST_KEY, TEST_SECRET);
      assert.equal((await api.createRoom('rx')).status, 200);
      let turn = 0;
      await reactionsDoNotEvict(
        () => (turn++ % 2 ? b.url : a.url),
        (u) => api.joinToken('rx', u),
      );
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await redis.stop();
    }
  });

  it('a reaction is exactly one RGI emoji; one user adds at most 4 kinds to a message', async () => {
    const server = await startServer({ CHAT_RATE_POINTS: '1000' });
    try {
      await createRoom(server.url, 'emoji');
      const c = await connect(server.url, await joinToken(server.url, 'emoji', 'eve'));
      const target = sent(await act.send(c, { text: 'react' }));
      for (const bad of ['👍ClickHere', '©Moderator', '⚠️VIRUS-FOUND', '©', '👍👍', '🇫', 'ok']) {
        const ack = await act.react(c, target.id, bad);
        assert.equal(ack.ok === false && ack.code, 'reaction_invalid', JSON.stringify(bad));
      }
      for (const good of ['👍', '⚠️', '👩‍💻', '🇫🇷']) sent(await act.react(c, target.id, good));
      const fifth = await act.react(c, target.id, '1️⃣');
      assert.equal(fifth.ok === false && fifth.code, 'too_many_reactions');
      assert.match(!fifth.ok ? fifth.message : '', /one person can add at most 4/);
      c.close();
    } finally {
      await server.stop();
    }
  });
});

describe('hostile probe 2 (issue 32): files and their room', () => {
  it('after a restart on the same UPLOAD_DIR, the old files are gone and a recreated room does not serve them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rw-standup-'));
    const saved = mkdtempSync(join(tmpdir(), 'rw-standup-saved-'));
    try {
      const first = await startServer({ UPLOAD_DIR: dir });
      await createRoom(first.url, 'standup');
      const ann = await joinToken(first.url, 'standup', 'ann');
      const up = await upload(first.url, 'standup', 'notes.pdf', pdf(2048), { token: ann });
      assert.equal(up.status, 201);
      const old = up.body.ok ? up.body.message.file! : assert.fail('upload refused');
      cpSync(dir, saved, { recursive: true });
      await first.stop();

      const second = await startServer({ UPLOAD_DIR: dir });
      try {
        await eventually(() => filesUnder(dir).length === 0, 'the old room’s files are swept at start');
        await createRoom(second.url, 'standup');
        const newcomer = await joinToken(second.url, 'standup', 'newcomer');
        assert.equal((await download(second.url, old.url, newcomer)).status, 404);
        assert.equal((await link(second.url, old.url, newcomer)).status, 404);
        // Even were its bytes still there (a failed sweep), the file belongs to the earlier room of that id.
        cpSync(saved, dir, { recursive: true });
        assert.ok(filesUnder(dir).length > 0);
        const stale = await download(second.url, old.url, newcomer);
        assert.equal(stale.status, 404);
        assert.equal(stale.json?.code, 'file_not_found');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(saved, { recursive: true, force: true });
    }
  });

  it('with S3, a restart sweeps the objects of rooms that no longer exist from the bucket', async () => {
    const s3 = await startS3();
    const env = {
      FILES_S3_BUCKET: s3.bucket,
      FILES_S3_ENDPOINT: s3.url,
      FILES_S3_PREFIX: 'swept',
      FILES_S3_ACCESS_KEY_ID: S3_ACCESS_KEY,
      FILES_S3_SECRET_ACCESS_KEY: S3_SECRET_KEY,
    };
    const bucket = new S3Client({
      endpoint: s3.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
    });
    const keys = async () =>
      ((await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'swept/' }))).Contents ?? []).length;
    try {
      const first = await startRoomServer(env);
      const api = apiClient(first.url, TEST_KEY, TEST_SECRET);
      const files = { room_features: { chat_features: { allow_chat: true, allow_file_upload: true } } };
      assert.equal((await api.createRoom('standup', {}, files)).status, 200);
      const token = await api.joinToken('standup', 'ann');
      assert.equal((await upload(first.url, 'standup', 'notes.pdf', pdf(2048), { token })).status, 201);
      assert.equal(await keys(), 2, 'bytes and record');
      await first.stop();
      const second = await startRoomServer(env);
      try {
        await eventually(async () => (await keys()) === 0, 'the bucket holds nothing of the room that is gone');
      } finally {
        await second.stop();
      }
    } finally {
      bucket.destroy();
      await s3.stop();
    }
  });

  it('bidirectional controls are removed from file names: report\\u202Efdp.zip is shown and served as reportfdp.zip', async () => {
    const server = await startServer({ CHAT_RATE_POINTS: '1000' });
    try {
      await createRoom(server.url, 'bidi');
      const token = await joinToken(server.url, 'bidi', 'ann');
      const up = await upload(server.url, 'bidi', 'report\u202Efdp.zip', zipOf('a.txt', 'hello'), { token });
      assert.equal(up.status, 201, JSON.stringify(up.body));
      const file = up.body.ok ? up.body.message.file! : assert.fail('refused');
      assert.equal(file.name, 'reportfdp.zip');
      assert.equal(up.body.ok && up.body.message.text, 'reportfdp.zip');
      const got = await download(server.url, file.url, token);
      assert.equal(got.status, 200);
      assert.doesNotMatch(
        decodeURIComponent(got.headers.get('content-disposition') ?? ''),
        /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/,
      );
      for (const control of [
        '\u202a',
        '\u202b',
        '\u202c',
        '\u202d',
        '\u2066',
        '\u2067',
        '\u2068',
        '\u2069',
        '\u200e',
        '\u200f',
        '\u061c',
      ]) {
        const r = await upload(server.url, 'bidi', `a${control}b.pdf`, pdf(512), { token });
        assert.equal(r.status, 201);
        assert.equal(r.body.ok && r.body.message.file!.name, 'ab.pdf', `U+${control.codePointAt(0)!.toString(16)}`);
      }
    } finally {
      await server.stop();
    }
  });

  it('FILE_STORAGE_QUOTA_MB caps all rooms together: file_quota_exceeded (507) naming the server’s storage', async () => {
    const server = await startServer({ FILE_STORAGE_QUOTA_MB: '1' });
    try {
      await createRoom(server.url, 'qa');
      await createRoom(server.url, 'qb');
      const first = await upload(server.url, 'qa', 'a.pdf', pdf(600 * 1024), {
        token: await joinToken(server.url, 'qa', 'ann'),
      });
      assert.equal(first.status, 201);
      const second = await upload(server.url, 'qb', 'b.pdf', pdf(600 * 1024), {
        token: await joinToken(server.url, 'qb', 'bob'),
      });
      assert.equal(second.status, 507);
      assert.equal(second.body.code, 'file_quota_exceeded');
      assert.match(second.body.ok === false ? second.body.message : '', /server's file storage is full/);
    } finally {
      await server.stop();
    }
  });
});

describe('hostile probe 2 (issue 32): operations', () => {
  const production = { NODE_ENV: 'production', ROOM_API_SECRET: 'p'.repeat(40), ALLOWED_ORIGINS: 'https://a.example' };

  it('/metrics answers 404 on the public port in production by default, 401 without the token when one is set', async () => {
    const closed = await startServer(production);
    try {
      assert.equal((await fetch(`${closed.url}/metrics`)).status, 404);
    } finally {
      await closed.stop();
    }
    const tokened = await startServer({ ...production, METRICS_TOKEN: 'scrape-me' });
    try {
      assert.equal((await fetch(`${tokened.url}/metrics`)).status, 401);
      const ok = await fetch(`${tokened.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
      assert.equal(ok.status, 200);
    } finally {
      await tokened.stop();
    }
  });

  it('in production a webhook_url on a private, loopback or link-local host is refused (400) unless allowed', async () => {
    const server = await startServer(production);
    try {
      for (const url of [
        'http://127.0.0.1:9/hook',
        'http://169.254.169.254/latest',
        'http://[::1]/x',
        'http://localhost/x',
      ]) {
        const res = await pn(
          server.url,
          '/room/create',
          { room_id: 'hooked', metadata: { room_title: 't', webhook_url: url } },
          { secret: production.ROOM_API_SECRET },
        );
        assert.equal(res.status, 400, url);
        assert.match(
          res.body.msg,
          /^metadata\.webhook_url: host .* (private, loopback or link-local|does not resolve)/,
        );
      }
    } finally {
      await server.stop();
    }
    const allowed = await startServer({ ...production, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    try {
      const ok = await pn(
        allowed.url,
        '/room/create',
        { room_id: 'hooked', metadata: { room_title: 't', webhook_url: 'http://127.0.0.1:9/hook' } },
        { secret: production.ROOM_API_SECRET },
      );
      assert.equal(ok.status, 200);
      const other = await pn(
        allowed.url,
        '/room/create',
        { room_id: 'other', metadata: { room_title: 't', webhook_url: 'https://example.com/hook' } },
        { secret: production.ROOM_API_SECRET },
      );
      assert.equal(other.status, 400);
      assert.match(other.body.msg, /not in the server's WEBHOOK_ALLOWED_HOSTS/);
    } finally {
      await allowed.stop();
    }
    assert.ok(
      ['10.1.2.3', '172.20.0.1', '192.168.1.1', 'fe80::1', '::ffff:127.0.0.1', 'fd00::1'].every(isInternalAddress),
    );
    assert.ok(!['93.184.216.34', '2606:4700::1111'].some(isInternalAddress));
    const rules = { production: true, allowedHosts: [], resolve: async () => ['10.0.0.7'] };
    assert.match((await webhookTargetProblem('https://hooks.example/x', rules))!, /10\.0\.0\.7/);
  });

  it('the welcome budget skips a message too big for it and goes on with older ones', () => {
    const msg = (id: string, text: string) => ({ id, text }) as unknown as RoomMessage;
    const result = withinBudget(
      [msg('old', 'a'), msg('older-small', 'b'), msg('huge', 'x'.repeat(10_000)), msg('new', 'c')],
      10,
      1000,
    );
    assert.deepEqual(
      result.messages.map((m) => m.id),
      ['old', 'older-small', 'new'],
    );
    assert.equal(result.truncated, true);
  });

  it('a widget from an origin not in ALLOWED_ORIGINS gets origin_not_allowed naming it; one log line for two attempts', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const server = await startServer(
      { ALLOWED_ORIGINS: 'https://good.example' },
      { logger: pino({ level: 'warn' }, sink) },
    );
    try {
      await createRoom(server.url, 'origins');
      const token = await joinToken(server.url, 'origins', 'ann');
      for (let i = 0; i < 2; i++) {
        const refusal = await refusalOf(server.url, { token }, { extraHeaders: { origin: 'https://evil.example' } });
        assert.equal(refusal.code, 'origin_not_allowed');
        assert.match(refusal.message, /"https:\/\/evil\.example"/);
      }
      const polled = await refusalOf(
        server.url,
        { token },
        { transports: ['polling'], extraHeaders: { origin: 'https://evil.example' } },
      );
      assert.equal(polled.code, 'origin_not_allowed', 'long polling carries the refusal too');
      const handshake = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(
        handshake.headers.get('access-control-allow-origin'),
        'https://evil.example',
        'the browser may read the refusal',
      );
      await handshake.body?.cancel();
      const warned = lines.filter((l) => l.includes('evil.example'));
      assert.equal(warned.length, 1, 'one warning per origin a minute');
      assert.match(warned[0]!, /not in ALLOWED_ORIGINS/);
      const good = await connect(server.url, token, {});
      good.close();
    } finally {
      await server.stop();
    }
  });
});
