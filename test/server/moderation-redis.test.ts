import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { playModeration } from './moderation-scenario.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;

/** Issue 29 across two processes sharing Redis: the room's moderation and the edited history live in Redis. */
describe('edit, pin and moderate with Redis and two processes', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  const api = () => apiClient(procs[0]!.url, TEST_KEY, TEST_SECRET);

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all([0, 1].map(() => startRoomServer({ REDIS_URL: redis.url, CHAT_RATE_POINTS: '1000' })));
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  it('every control set on one process holds on the other; no edited-away or cleared text stays in Redis', async () => {
    const [a, b] = procs as [Proc, Proc];
    assert.equal((await api().createRoom('mod-r')).status, 200);
    const onA = new Set(['mod', 'carol', 'erin', 'gina', 'ivan']);
    const played = await playModeration({
      urlOf: (u) => (onA.has(u) ? a.url : b.url),
      token: (u, isAdmin) => api().joinToken('mod-r', u, { isAdmin }),
      // The backend calls the process the widgets of alice and bob are not on.
      backend: (path, body) => apiClient(a.url, TEST_KEY, TEST_SECRET).pn(path, body),
    });
    played.close();
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      for (const key of await client.keys('rw:*mod-r*')) {
        const type = await client.type(key);
        const readers: Record<string, () => Promise<unknown>> = {
          zset: () => client.zRange(key, 0, -1),
          hash: () => client.hGetAll(key),
          set: () => client.sMembers(key),
        };
        const dump = JSON.stringify(await (readers[type]?.() ?? client.get(key)));
        for (const gone of ['first draft', 'final words', 'admin one'])
          assert.ok(!dump.includes(gone), `${key} holds no "${gone}"`);
      }
    } finally {
      await client.quit();
    }
  });
});
