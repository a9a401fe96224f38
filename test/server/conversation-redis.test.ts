import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { connect } from './helpers.ts';
import { act, playConversation, sent } from './conversation-scenario.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;

/** The same conversation across two processes sharing Redis: the history in Redis is the one truth. */
describe('conversation with Redis and two processes', () => {
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

  it('replies, reactions and deletions look the same from either process, and no deleted text stays in Redis', async () => {
    const [a, b] = procs as [Proc, Proc];
    assert.equal((await api().createRoom('talk-r')).status, 200);
    const onA = new Set(['mod', 'alice', 'dave']);
    const played = await playConversation(
      {
        urlOf: (u) => (onA.has(u) ? a.url : b.url),
        token: (u, isAdmin, name) => api().joinToken('talk-r', u, { isAdmin, name }),
      },
      'talk-r',
    );
    played.close();
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const keys = await client.keys('rw:*talk-r*');
      assert.ok(keys.includes('rw:history:talk-r'));
      for (const key of keys) {
        const type = await client.type(key);
        const readers: Record<string, () => Promise<unknown>> = {
          zset: () => client.zRange(key, 0, -1),
          hash: () => client.hGetAll(key),
          set: () => client.sMembers(key),
        };
        const dump = readers[type]?.() ?? client.get(key);
        assert.ok(['zset', 'hash', 'set', 'string'].includes(type), `${key} is a ${type}`);
        assert.ok(!JSON.stringify(await dump).includes('this will go'), `${key} holds no deleted text`);
      }
    } finally {
      await client.quit();
    }
  });

  it('users reacting at once on both processes: every toggle counts, the kinds bound holds', async () => {
    const [a, b] = procs as [Proc, Proc];
    assert.equal((await api().createRoom('race-r')).status, 200);
    const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
    const clients = await Promise.all(
      users.map(async (u, i) => connect((i % 2 ? b : a).url, await api().joinToken('race-r', u))),
    );
    try {
      const target = sent(await act.send(clients[0]!, { text: 'react to me' }));
      const acks = await Promise.all(clients.map((c) => act.react(c, target.id, '👍')));
      assert.ok(acks.every((ack) => ack.ok && ack.message.reaction?.on === true));
      // 8 users race for the last free kinds: 1 kind taken, 19 left, each tries 3 new ones.
      const pool = [
        '😀',
        '😁',
        '😂',
        '🤣',
        '😃',
        '😄',
        '😅',
        '😆',
        '😉',
        '😊',
        '😋',
        '😎',
        '😍',
        '😘',
        '🥰',
        '😗',
        '😙',
        '🥲',
        '🙂',
        '🤗',
        '🤩',
        '🤔',
        '🫡',
        '🤨',
      ];
      const tries = await Promise.all(
        clients.flatMap((c, i) => [0, 1, 2].map((k) => act.react(c, target.id, pool[i * 3 + k]!))),
      );
      assert.equal(tries.filter((t) => t.ok).length, 19);
      assert.ok(tries.filter((t) => !t.ok).every((t) => !t.ok && t.code === 'too_many_reactions'));
      const late = await connect(b.url, await api().joinToken('race-r', 'late'));
      const seen = late.welcome.history.find((m) => m.id === target.id)!;
      assert.equal(seen.reactions?.length, 20);
      assert.deepEqual(seen.reactions?.[0]?.emoji, '👍');
      assert.equal(seen.reactions?.[0]?.count, 8);
      late.close();
    } finally {
      clients.forEach((c) => c.close());
    }
  });

  it('a message trimmed from the history takes its reactions and index entry with it', async () => {
    const small = await startRoomServer({ REDIS_URL: redis.url, CHAT_RATE_POINTS: '1000', HISTORY_LIMIT: '3' });
    const client = createClient({ url: redis.url });
    await client.connect();
    const smallApi = apiClient(small.url, TEST_KEY, TEST_SECRET);
    assert.equal((await smallApi.createRoom('trim-r')).status, 200);
    const c = await connect(small.url, await smallApi.joinToken('trim-r', 'tess'));
    try {
      const first = sent(await act.send(c, { text: 'soon gone' }));
      sent(await act.react(c, first.id, '👍'));
      assert.deepEqual(await client.sMembers('rw:rxd:trim-r'), [first.id]);
      for (const t of ['a', 'b', 'c']) sent(await act.send(c, { text: t })); // the reaction event, a, b, c: first is out
      assert.equal(
        await client.exists([`rw:rx:trim-r:${first.id}`, 'rw:rxd:trim-r']),
        0,
        'no reaction keys are left behind',
      );
      assert.equal(Number(await client.hExists('rw:ids:trim-r', first.id)), 0, 'the id index forgets it');
      const late = await act.react(c, first.id, '🎉');
      assert.equal(late.ok === false && late.code, 'message_not_found');
    } finally {
      c.close();
      await client.quit();
      await small.stop();
    }
  });
});
