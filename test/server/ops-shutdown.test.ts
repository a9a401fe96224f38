import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { startBalancer } from '../tcp-balancer.js';
import { apiClient } from '../api-client.js';
import { ResumingClient } from '../resuming-client.ts';
import { sleep } from './helpers.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;
const GRACE_MS = 5000;

async function connectedWidgets(p: Proc): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  return Number(/^room_widgets_connected_widgets (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/**
 * Two real server processes sharing a real redis-server behind a balancer that follows /readyz, and a client
 * that reconnects as the widget does. SIGTERM the process holding the widget while messages keep coming from
 * the other: the process exits by itself in time, the widget is moved (not told `io server disconnect`),
 * lands on the other process and resumes: every message shown once, in order, none lost.
 */
describe('SIGTERM with a widget connected (2 processes + Redis + balancer)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  let lb: Awaited<ReturnType<typeof startBalancer>>;

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all(
      [0, 1].map(() => startRoomServer({ REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: String(GRACE_MS) })),
    );
    lb = await startBalancer(procs.map((p) => p.port));
  });
  after(async () => {
    lb?.close();
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.stop();
  });

  it('exits within the grace time; the widget reconnects to the other process and resumes without loss', async () => {
    const api = apiClient(lb.url, TEST_KEY, TEST_SECRET);
    assert.equal((await api.createRoom('rolling')).status, 200);
    const widget = new ResumingClient(lb.url, await api.joinToken('rolling', 'attendee'));
    try {
      await widget.welcomed(1);
      const counts = await Promise.all(procs.map(connectedWidgets));
      const victim = procs[counts.indexOf(1)]!;
      const survivor = procs.find((p) => p !== victim)!;
      assert.deepEqual(counts.sort(), [0, 1]);

      // Published through the survivor, one at a time, so the order every client must show is defined.
      const published: string[] = [];
      const publisher = apiClient(survivor.url, TEST_KEY, TEST_SECRET);
      let publishing = true;
      const publishLoop = (async () => {
        for (let i = 0; publishing && i < 400; i++) {
          const text = `m-${i}`;
          const res = await publisher.pn('/room/broadcastToRoom', { room_id: 'rolling', chat_msg: { message: text } });
          assert.equal(res.status, 200);
          published.push(text);
          await sleep(25);
        }
      })();
      while (published.length < 5) await sleep(10);

      process.kill(victim.pid!, 'SIGTERM');
      // The server exits by itself: 0 when the drain finished before SHUTDOWN_GRACE_MS ran out, 1 when it did not.
      // (No wall-clock assertion here: the grace deadline is the server's own.)
      assert.deepEqual(
        await victim.exited,
        { code: 0, signal: null },
        'exit 0: drained and exited within the grace time',
      );

      await widget.welcomed(2);
      const marker = published.length + 5;
      while (published.length < marker) await sleep(10);
      publishing = false;
      await publishLoop;
      const last = published.at(-1);
      const deadline = Date.now() + 10_000;
      while (!widget.shown.some((m) => m.text === last) && Date.now() < deadline) await sleep(20);

      assert.deepEqual(
        widget.disconnects,
        ['transport close'],
        'moved by closing the transport, never "io server disconnect"',
      );
      const rejoin = widget.welcomes[1]!;
      assert.equal(rejoin.resumed, true);
      assert.equal(rejoin.gap, false);
      assert.deepEqual(
        widget.shown.map((m) => m.text),
        published,
        'every message once, in the order published',
      );
      assert.equal(await connectedWidgets(survivor), 1, 'the widget is now on the other process');
    } finally {
      widget.close();
    }
  });
});
