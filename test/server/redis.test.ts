import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../redis-process.js';
import { startRoomServer, TEST_KEY, TEST_SECRET } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { Client, connect, sleep, visible } from './helpers.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;

/**
 * Several real server processes sharing one real redis-server: an API call to any process reaches widgets on all
 * of them, with the same targeting, one sequence, one history, and a resume that works across processes.
 */
describe('scale-out through Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  const api = (p: Proc) => apiClient(p.url, TEST_KEY, TEST_SECRET);

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all([0, 1, 2].map(() => startRoomServer({ REDIS_URL: redis.url })));
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  async function waitAll(clients: Client[], text: string) {
    await Promise.all(clients.map((c) => c.waitFor((m) => m.text === text, 5000)));
  }

  it('a room created on one process is active on all; an API call on any reaches targets on every process, once', async () => {
    const [a, b, c] = procs as [Proc, Proc, Proc];
    assert.equal((await api(a).createRoom('shared')).status, 200);
    const admin = await connect(b.url, await api(c).joinToken('shared', 'admin', { isAdmin: true }));
    const vip = await connect(c.url, await api(a).joinToken('shared', 'vip-user-789'));
    const plain = await connect(a.url, await api(b).joinToken('shared', 'plain'));
    const all = [admin, vip, plain];
    try {
      const res = await api(c).pn('/room/broadcastToRoom', {
        room_id: 'shared',
        only_to_admins: true,
        to_user_id: 'vip-user-789',
        chat_msg: { message: 'admins+vip' },
      });
      assert.equal(res.status, 200);
      await api(b).pn('/room/broadcastToRoom', { room_id: 'shared', chat_msg: { message: 'everyone' } });
      await waitAll(all, 'everyone');
      await sleep(200);
      assert.deepEqual(visible(admin), ['admins+vip', 'everyone']);
      assert.deepEqual(visible(vip), ['admins+vip', 'everyone']);
      assert.deepEqual(visible(plain), ['everyone']);
      const seqs = admin.messages.map((m) => m.seq!);
      assert.equal(seqs[1], seqs[0]! + 1, 'one sequence for the room, whichever process numbered it');
      const info = await api(a).pn('/room/getActiveRoomInfo', { room_id: 'shared' });
      assert.deepEqual(info.body.room.participants_info.map((p: { identity: string }) => p.identity).sort(), [
        'admin',
        'plain',
        'vip-user-789',
      ]);
    } finally {
      all.forEach((x) => x.close());
    }
  });

  it('a widget whose process is killed with SIGKILL resumes on another and gets exactly what it missed', async () => {
    const victim = await startRoomServer({ REDIS_URL: redis.url });
    const [a, b] = procs as [Proc, Proc];
    await api(a).createRoom('failover');
    const token = await api(a).joinToken('failover', 'user-456');
    const widget = await connect(victim.url, token);
    await api(b).pn('/room/broadcastToRoom', { room_id: 'failover', chat_msg: { message: 'before' } });
    await widget.waitFor((m) => m.text === 'before');
    const since = Math.max(...widget.messages.map((m) => m.seq ?? 0));
    const peerId = widget.welcome.self.peer_id;
    process.kill(victim.pid!, 'SIGKILL');
    await sleep(300);
    await api(a).pn('/room/broadcastToRoom', {
      room_id: 'failover',
      to_user_id: 'user-456',
      notification_msg: { text: 'the room closes in 5 minutes', type: 1 },
    });
    await api(a).pn('/room/broadcastToRoom', {
      room_id: 'failover',
      to_user_id: 'someone-else',
      chat_msg: { message: 'not for 456' },
    });
    await api(b).pn('/room/broadcastToRoom', { room_id: 'failover', chat_msg: { message: 'while away' } });
    const resumed = await connect(b.url, token, { since, peer_id: peerId });
    try {
      assert.equal(resumed.welcome.resumed, true);
      assert.equal(resumed.welcome.gap, false);
      assert.deepEqual(
        resumed.welcome.history.map((m) => m.text),
        ['the room closes in 5 minutes', 'while away'],
      );
      assert.equal(resumed.welcome.self.peer_id, peerId);
    } finally {
      resumed.close();
      widget.close();
      await victim.stop();
    }
  });

  it('RongCloud nonces and rate limits are shared: a nonce used on one process is refused on another', async () => {
    const [a, b] = procs as [Proc, Proc];
    const { createHash } = await import('node:crypto');
    const nonce = `shared-${Date.now()}`;
    const ts = String(Date.now());
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'App-Key': TEST_KEY,
      Nonce: nonce,
      Timestamp: ts,
      Signature: createHash('sha1')
        .update(TEST_SECRET + nonce + ts)
        .digest('hex'),
    };
    const body = new URLSearchParams({ fromUserId: 'u', objectName: 'App:X', content: 'x' }).toString();
    const first = await fetch(`${a.url}/message/chatroom/broadcast.json`, { method: 'POST', headers, body });
    assert.equal(first.status, 200);
    const replay = await fetch(`${b.url}/message/chatroom/broadcast.json`, { method: 'POST', headers, body });
    assert.equal(replay.status, 401);
    assert.deepEqual(await replay.json(), {
      code: 1004,
      errorMessage:
        'Nonce: was already used; RONGCLOUD_NONCE_CHECK=off accepts the official rongcloud-sdk, which signs once per process',
    });
    const limited = await api(b).rc({ fromUserId: 'u', objectName: 'App:X', content: 'y' });
    assert.deepEqual(limited, { status: 429, body: { code: 1008, errorMessage: 'more than 1 request per second' } });
  });

  it('waits for Redis when it is down at start, saying so, then serves', async () => {
    const { freePort } = await import('../room-server-process.js');
    const port = await freePort();
    const starting = startRoomServer({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await sleep(1500);
    const late = await startRedis(port);
    try {
      const proc = await starting;
      assert.equal((await api(proc).createRoom('late-redis')).status, 200);
      await proc.stop();
    } finally {
      await late.stop();
    }
  });

  it('survives Redis restarting: delivery resumes once it is back', async () => {
    const [a, b] = procs as [Proc, Proc];
    await api(a).createRoom('restart');
    const widget = await connect(b.url, await api(a).joinToken('restart', 'u'));
    const port = redis.port;
    await redis.stop();
    const down = await api(a)
      .pn('/room/broadcastToRoom', { room_id: 'restart', chat_msg: { message: 'lost?' } })
      .catch(() => ({ status: 0 }));
    // 503 is what a backend retries on; any other failure would look final (docs/reliability.md).
    assert.equal(down.status, 503, 'while Redis is down the API says "retry" (503)');
    redis = await startRedis(port);
    // Redis came back empty (no persistence in this test): the room must be created again, then it works.
    const deadline = Date.now() + 15_000;
    let res = { status: 0 };
    while (Date.now() < deadline) {
      res = await api(a)
        .createRoom('restart')
        .catch(() => ({ status: 0 }));
      if (res.status === 200) break;
      await sleep(250);
    }
    assert.equal(res.status, 200, 'the API serves again once Redis is back');
    await sleep(500);
    const after = await api(b).pn('/room/broadcastToRoom', { room_id: 'restart', chat_msg: { message: 'back' } });
    assert.equal(after.status, 200);
    widget.close();
  });
});
