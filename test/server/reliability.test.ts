import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { ResumingClient } from '../resuming-client.ts';
import { Client, sleep } from './helpers.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;

/** Fast heartbeats and deadline polls, so a dead process stops counting within a second. */
const FAST = { PRESENCE_HEARTBEAT_MS: '200', DEADLINE_POLL_MS: '100' };

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Resolves to the widget's welcome, or to the refusal's code. */
function attempt(url: string, token: string): Promise<{ client: Client; code: string | null }> {
  const client = new Client(url, { token });
  return client.ready.then(
    () => ({ client, code: null }),
    (error: { data?: { code: string } }) => ({ client, code: error.data?.code ?? 'network' }),
  );
}

/**
 * What several processes sharing Redis guarantee beyond delivery: one order per room, limits that hold when joins
 * race on different processes, and room deadlines that outlive the process that set them (docs/reliability.md).
 */
describe('many processes, no surprises', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  const api = (p: Proc) => apiClient(p.url, TEST_KEY, TEST_SECRET);

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all([0, 1].map(() => startRoomServer({ REDIS_URL: redis.url, ...FAST })));
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  it('two processes publishing to one room at once: every client sees one order, the sequence order', async () => {
    const [a, b] = procs as [Proc, Proc];
    await api(a).createRoom('order');
    const clients = await Promise.all(
      ['u1', 'u2', 'u3', 'u4'].map(async (user, i) => {
        const c = new Client((i % 2 ? b : a).url, { token: await api(a).joinToken('order', user) });
        await c.ready;
        return c;
      }),
    );
    try {
      const N = 120;
      const calls = Array.from({ length: N }, (_, i) =>
        api(i % 2 ? b : a).pn('/room/broadcastToRoom', { room_id: 'order', chat_msg: { message: `m${i}` } }),
      );
      assert.ok((await Promise.all(calls)).every((r) => r.status === 200));
      await until(() => clients.every((c) => c.messages.length === N), 'every message at every client');
      const reference = clients[0]!.messages.map((m) => m.id);
      for (const c of clients) {
        const seqs = c.messages.map((m) => m.seq!);
        assert.deepEqual(
          seqs,
          [...seqs].sort((x, y) => x - y),
          'arrival order is sequence order',
        );
        assert.equal(new Set(seqs).size, N);
        assert.deepEqual(
          c.messages.map((m) => m.id),
          reference,
          'the same order at every client, on either process',
        );
      }
    } finally {
      clients.forEach((c) => c.close());
    }
  });

  it('max_participants holds when joins race for the last places on two processes', async () => {
    const [a, b] = procs as [Proc, Proc];
    await api(a).createRoom('race', { max_participants: 3 });
    const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => api(a).joinToken('race', `r${i}`)));
    const results = await Promise.all(tokens.map((t, i) => attempt((i % 2 ? b : a).url, t)));
    try {
      assert.equal(results.filter((r) => r.code === null).length, 3);
      assert.ok(results.filter((r) => r.code !== null).every((r) => r.code === 'room_full'));
    } finally {
      results.forEach((r) => r.client.close());
    }
  });

  it('the per-user socket cap holds across processes', async () => {
    const [a, b] = procs as [Proc, Proc];
    await api(a).createRoom('tabs');
    const token = await api(a).joinToken('tabs', 'many-tabs');
    // MAX_SOCKETS_PER_USER is 5 by default: ten tabs at once on two processes.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt((i % 2 ? b : a).url, token)));
    try {
      assert.equal(results.filter((r) => r.code === null).length, 5);
      assert.ok(results.filter((r) => r.code !== null).every((r) => r.code === 'too_many_connections'));
    } finally {
      results.forEach((r) => r.client.close());
    }
  });

  it('a room whose creating process was killed still ends on time, and its vanished widgets stop counting', async () => {
    const creator = await startRoomServer({ REDIS_URL: redis.url, ...FAST });
    const [a] = procs as [Proc];
    await api(creator).createRoom('orphan', { empty_timeout: 1 });
    const widget = new Client(creator.url, { token: await api(a).joinToken('orphan', 'ghost') });
    await widget.ready;
    process.kill(creator.pid!, 'SIGKILL');
    await creator.stop();
    // The widget's process died without a goodbye: once its heartbeat expires another process removes it, sees the
    // room empty, arms empty_timeout, and ends the room (which no process holds a timer for).
    await until(
      async () => (await api(a).pn('/room/getActiveRoomInfo', { room_id: 'orphan' })).status === 404,
      'the orphaned room to end',
      15_000,
    );
    assert.equal((await api(a).pn('/room/isRoomActive', { room_id: 'orphan' })).body.is_active, false);
    widget.close();
  });

  it('room_duration ends a room on time on a process that did not create it', async () => {
    const creator = await startRoomServer({ REDIS_URL: redis.url, ...FAST });
    const [a, b] = procs as [Proc, Proc];
    await api(creator).createRoom('timed', {}, { room_features: { room_duration: 0.02 } }); // 1.2 s
    const widget = new Client(b.url, { token: await api(a).joinToken('timed', 'stays') });
    await widget.ready;
    process.kill(creator.pid!, 'SIGKILL');
    await creator.stop();
    await until(() => widget.events.some((e) => e.event === 'room_ended'), 'room_ended at the widget', 10_000);
    widget.close();
  });
});

describe('a Redis outage while widgets reconnect', () => {
  it('a widget that reconnects while Redis is down is not refused for good: it joins once Redis is back', async () => {
    let redis = await startRedis();
    const proc = await startRoomServer({ REDIS_URL: redis.url, ...FAST });
    const api = apiClient(proc.url, TEST_KEY, TEST_SECRET);
    let widget: ResumingClient | undefined;
    try {
      await api.createRoom('blip');
      widget = new ResumingClient(proc.url, await api.joinToken('blip', 'w'));
      await widget.welcomed(1);
      const { port, dir } = redis;
      // Saved first, as a Redis with persistence keeps its rooms over a restart: had it come back empty, the room
      // would be gone and the widget's refusal (`room_not_active`) right.
      await redis.stop({ keepData: true });
      // A network blip during the outage: the widget's reconnection attempts meet a server that cannot reach Redis.
      widget.socket.io.engine.close();
      await sleep(1500);
      redis = await startRedis(port, { dir });
      const welcome = await widget.welcomed(2, 20_000);
      assert.equal(welcome.self.user_id, 'w');
    } finally {
      widget?.close();
      await proc.stop();
      await redis.stop();
    }
  });
});
