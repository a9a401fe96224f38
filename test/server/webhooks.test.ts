import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtVerify } from 'jose';
import { KEY, SECRET, connect, createRoom, joinToken, pn, sleep, startServer } from './helpers.ts';
import { peerToken } from './hms-sdk.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: any;
}

/** A real HTTP receiver on loopback; `answer` decides the status and headers of each reply. */
async function receiver(
  answer: (r: Received) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const r = { headers: req.headers, raw, body: JSON.parse(raw) };
      got.push(r);
      const { status, headers } = answer(r);
      res.writeHead(status, headers).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/**
 * plugNmeet's receiving side (LiveKit's webhook receiver, which plugNmeet's examples use): the `Authorization` JWT
 * must verify with the API secret, be issued by the API key, and carry `sha256` = base64 SHA-256 of the exact body;
 * the body must then decode strictly as a `CommonNotifyEvent`.
 */
async function verifyPlugNmeet(r: Received) {
  const token = String(r.headers.authorization);
  assert.equal(r.headers['hash-token'], token, 'Hash-Token carries the same token');
  const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { issuer: KEY, algorithms: ['HS256'] });
  assert.equal(payload.sha256, createHash('sha256').update(r.raw).digest('base64'));
  assert.equal(payload.exp! - payload.nbf!, 300, 'valid for 5 minutes');
  // protobuf-JSON with proto field names: snake_case, 64-bit integers as strings.
  const event = JSON.parse(r.raw) as {
    event: string;
    id: string;
    created_at: string;
    room?: { room_id: string; creation_time: string };
    participant?: { identity: string; name: string; sid: string };
  };
  assert.match(event.created_at, /^\d+$/);
  if (event.room) assert.match(event.room.creation_time, /^\d+$/);
  return event;
}

describe('webhooks in each dialect’s format', () => {
  it('plugNmeet: CommonNotifyEvent, verified with plugNmeet’s algorithm', async () => {
    const hooks = await receiver();
    // No rejoin grace: the leave is told at once (the grace has a test of its own in hostile-probe.test.ts).
    const server = await startServer({ PRESENCE_REJOIN_GRACE_MS: '0' });
    try {
      await createRoom(server.url, 'hooked', {}, { webhook_url: hooks.url });
      const a = await connect(server.url, await joinToken(server.url, 'hooked', 'a', false, 'Ann'));
      a.close();
      await until(() => hooks.got.some((h) => h.body.event === 'participant_left'));
      await pn(server.url, '/room/endRoom', { room_id: 'hooked' });
      await until(() => hooks.got.some((h) => h.body.event === 'room_finished'));
      const events = await Promise.all(hooks.got.map(verifyPlugNmeet));
      assert.deepEqual(
        events.map((e) => e.event),
        ['room_created', 'participant_joined', 'participant_left', 'room_finished'],
      );
      assert.equal(events[0]!.room?.room_id, 'hooked');
      assert.equal(events[1]!.participant?.identity, 'a');
      assert.equal(events[1]!.participant?.name, 'Ann');
      assert.equal(events[1]!.participant?.sid, a.welcome.self.peer_id);
      assert.match(hooks.got[0]!.raw, /"room_id":"hooked"/, 'proto field names, as plugNmeet sends them');
      assert.ok(events.every((e) => e.id && e.created_at));
    } finally {
      await server.stop();
      await hooks.close();
    }
  });

  it('100ms: peer and session events with the configured headers, for every room', async () => {
    const hooks = await receiver();
    const server = await startServer({
      PRESENCE_REJOIN_GRACE_MS: '0',
      HMS_WEBHOOK_URL: hooks.url,
      HMS_WEBHOOK_HEADERS: JSON.stringify({ 'X-Hook-Secret': 's3cret' }),
    });
    try {
      const player = await connect(server.url, await peerToken('poker', 'player-1', 'guest'));
      await until(() => hooks.got.some((h) => h.body.type === 'peer.join.success'));
      player.close();
      await until(() => hooks.got.some((h) => h.body.type === 'peer.leave.success'));
      await pn(server.url, '/room/endRoom', { room_id: 'poker' });
      await until(() => hooks.got.some((h) => h.body.type === 'session.close.success'));
      assert.deepEqual(
        hooks.got.map((h) => h.body.type),
        ['session.open.success', 'peer.join.success', 'peer.leave.success', 'session.close.success'],
      );
      const join = hooks.got[1]!.body;
      assert.equal(join.version, '2.0');
      assert.equal(join.data.peer_id, player.welcome.self.peer_id, 'the backend learns the peer id to send to');
      assert.equal(join.data.user_id, 'player-1');
      assert.equal(join.data.role, 'guest');
      assert.equal(join.data.room_id, 'poker');
      assert.equal(join.data.session_id, hooks.got[0]!.body.data.session_id);
      assert.ok(!Number.isNaN(Date.parse(join.data.joined_at)) && !Number.isNaN(Date.parse(join.timestamp)));
      assert.ok(hooks.got.every((h) => h.headers['x-hook-secret'] === 's3cret'));
    } finally {
      await server.stop();
      await hooks.close();
    }
  });

  it('a redirect is not followed: the signed event never reaches the other URL', async () => {
    const elsewhere = await receiver();
    const redirecting = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const server = await startServer();
    try {
      await createRoom(server.url, 'redirected', {}, { webhook_url: redirecting.url });
      const a = await connect(server.url, await joinToken(server.url, 'redirected', 'a'));
      await until(() => redirecting.got.some((h) => h.body.event === 'participant_joined'));
      await server.stop();
      assert.equal(elsewhere.got.length, 0);
      a.close();
    } finally {
      await server.stop().catch(() => undefined);
      await elsewhere.close();
      await redirecting.close();
    }
  });
});
