import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../redis-process.js';
import { redisHop, resp } from '../redis-hop.ts';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { startBalancer } from '../tcp-balancer.js';
import { apiClient } from '../api-client.js';
import { ResumingClient } from '../resuming-client.ts';
import { sleep } from './helpers.ts';

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * The chaos run's one lost delivery (docs/reliability.md): a widget welcomed while a message was being published
 * was told a `seq` that counted that message, whose live copy then died with its process; resuming from that
 * `seq` on another process skipped it for good.
 */
describe('a welcome never names a message its widget may not get', () => {
  it('a message published while a widget is welcomed reaches it, even when its process dies before delivering it live', async () => {
    const redis = await startRedis();
    const hop = await redisHop(redis.port);
    // `dying` reaches Redis through the hop (so its welcome can be held and its live delivery silenced); `other`
    // takes the API calls and, later, the widget.
    const [dying, other] = await Promise.all([
      startRoomServer({ REDIS_URL: hop.url }),
      startRoomServer({ REDIS_URL: redis.url }),
    ]);
    const lb = await startBalancer([dying!.port]);
    const api = apiClient(other!.url, TEST_KEY, TEST_SECRET);
    let widget: ResumingClient | undefined;
    try {
      await api.createRoom('late');
      widget = new ResumingClient(lb.url, await api.joinToken('late', 'viewer'));
      await widget.welcomed(1);
      assert.equal(
        (await api.pn('/room/broadcastToRoom', { room_id: 'late', chat_msg: { message: 'before' } })).status,
        200,
      );
      await until(() => widget!.shown.some((m) => m.text === 'before'), '"before" at the widget');

      // The widget reconnects to `dying`, which reads the room's sequence number twice while welcoming it (once for
      // the welcome's `seq`, once with the history, in either order); the second read is held, and meanwhile a
      // message is published that `dying` will never deliver live.
      hop.silenceStreamReads();
      const held = hop.hold(resp('GET', 'rw:seq:late'), 2);
      widget.socket.io.engine.close();
      const release = await held;
      assert.equal(
        (await api.pn('/room/broadcastToRoom', { room_id: 'late', chat_msg: { message: 'during the welcome' } }))
          .status,
        200,
      );
      release();
      await widget.welcomed(2);

      // Its process dies; the widget resumes on the other one from what its welcome told it.
      process.kill(dying!.pid!, 'SIGKILL');
      await dying!.stop();
      await lb.setBackends([other!.port]);
      await widget.welcomed(3);
      assert.equal(
        (await api.pn('/room/broadcastToRoom', { room_id: 'late', chat_msg: { message: 'after' } })).status,
        200,
      );
      await until(() => widget!.shown.some((m) => m.text === 'after'), '"after" at the widget');
      assert.deepEqual(
        widget.shown.map((m) => m.text),
        ['before', 'during the welcome', 'after'],
      );
    } finally {
      widget?.close();
      lb.close();
      await Promise.all([dying, other].map((p) => p?.stop()));
      await hop.close().catch(() => undefined);
      await redis.stop();
    }
  });
});
