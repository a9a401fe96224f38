import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createClient } from 'redis';
import { startRedis } from '../redis-process.js';
import { redisHop } from '../redis-hop.ts';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import {
  Client,
  KEY,
  SECRET,
  createRoom,
  joinToken,
  rcHeaders,
  sleep,
  startServer,
  type TestServer,
} from './helpers.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;

interface Answer {
  status: number;
  body: any;
  ids: string[];
  replayed: boolean;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    ids: (res.headers.get('message-id') ?? '').split(', ').filter(Boolean),
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

/** The three dialects' publish routes as a backend calls them, with an optional `Idempotency-Key`. */
function backend(url: string, key: string, secret: string) {
  const idem = (k?: string): Record<string, string> => (k === undefined ? {} : { 'Idempotency-Key': k });
  return {
    async broadcast(body: unknown, k?: string) {
      const raw = JSON.stringify(body);
      const signature = createHmac('sha256', secret).update(raw).digest('hex');
      return answer(
        await fetch(`${url}/auth/room/broadcastToRoom`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'API-KEY': key, 'HASH-SIGNATURE': signature, ...idem(k) },
          body: raw,
        }),
      );
    },
    async sendMessage(roomId: string, body: unknown, k?: string) {
      const token = await apiClient(url, key, secret).managementToken();
      return answer(
        await fetch(`${url}/v2/active-rooms/${roomId}/send-message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...idem(k) },
          body: JSON.stringify(body),
        }),
      );
    },
    async rongCloud(form: Record<string, string>, k?: string) {
      const headers = {
        'content-type': 'application/x-www-form-urlencoded',
        ...rcHeaders({ key, secret }),
        ...idem(k),
      };
      return answer(
        await fetch(`${url}/message/chatroom/broadcast.json`, {
          method: 'POST',
          headers,
          body: new URLSearchParams(form).toString(),
        }),
      );
    },
  };
}

const chat = (room: string, text: string) => ({ room_id: room, chat_msg: { message: text } });

/** Everything published before `sentinel` has arrived once `sentinel` has (one order per room). */
async function settled(widget: Client, send: (text: string) => Promise<Answer>, sentinel: string): Promise<void> {
  assert.equal((await send(sentinel)).status, 200);
  await widget.waitFor((m) => m.text === sentinel, 10_000);
}

async function until(check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const count = (widget: Client, text: string) => widget.messages.filter((m) => m.text === text).length;

describe('Idempotency-Key: a retried publish is delivered once (one process)', () => {
  let server: TestServer;
  let widget: Client;
  let api: ReturnType<typeof backend>;

  before(async () => {
    server = await startServer();
    api = backend(server.url, KEY, SECRET);
    await createRoom(server.url, 'once');
    widget = new Client(server.url, { token: await joinToken(server.url, 'once', 'viewer') });
    await widget.ready;
  });
  after(async () => {
    widget.close();
    await server.stop();
  });

  it('plugNmeet broadcastToRoom sent twice with one key: delivered once, the same id answered', async () => {
    // plugNmeet's BroadcastToRoomReq carries a chat or a notification (a oneof): one message per call.
    const body = { room_id: 'once', notification_msg: { type: 1, text: 'pn-once-note' } };
    const first = await api.broadcast(body, 'call-pn-1');
    const retry = await api.broadcast(body, 'call-pn-1');
    assert.equal(first.status, 200);
    assert.equal(first.ids.length, 1, 'the notification is named');
    assert.equal(first.replayed, false);
    assert.deepEqual(retry.body, first.body);
    assert.deepEqual(retry.ids, first.ids);
    assert.equal(retry.replayed, true);
    await settled(widget, (t) => api.broadcast(chat('once', t)), 'pn-after');
    assert.equal(count(widget, 'pn-once-note'), 1);
    assert.deepEqual(
      widget.messages.filter((m) => m.text.startsWith('pn-once')).map((m) => m.id),
      first.ids,
    );
  });

  it('100ms send-message and a RongCloud broadcast retried with their keys: each delivered once', async () => {
    const hmsFirst = await api.sendMessage('once', { message: 'hms-once' }, 'call-hms-1');
    const hmsRetry = await api.sendMessage('once', { message: 'hms-once' }, 'call-hms-1');
    assert.equal(hmsRetry.status, 200);
    assert.deepEqual(hmsRetry.ids, hmsFirst.ids);
    assert.equal(hmsRetry.replayed, true);
    const form = { fromUserId: 'backend', objectName: 'RC:TxtMsg', content: JSON.stringify({ content: 'rc-once' }) };
    const rcFirst = await api.rongCloud(form, 'call-rc-1');
    await sleep(1100); // RongCloud's broadcast allows one call per second
    const rcRetry = await api.rongCloud(form, '"call-rc-1"'); // the draft's quoted form is the same key
    assert.equal(rcFirst.status, 200);
    assert.equal(rcRetry.status, 200);
    assert.deepEqual(rcRetry.ids, rcFirst.ids);
    await settled(widget, (t) => api.broadcast(chat('once', t)), 'hms-rc-after');
    assert.equal(count(widget, 'hms-once'), 1);
    assert.equal(count(widget, 'rc-once'), 1);
  });

  it('a key reused with another body is refused with 422 naming Idempotency-Key, and publishes nothing', async () => {
    assert.equal((await api.broadcast(chat('once', 'first body'), 'call-reused')).status, 200);
    const reused = await api.broadcast(chat('once', 'second body'), 'call-reused');
    assert.equal(reused.status, 422);
    assert.equal(reused.body.status, false);
    assert.match(reused.body.msg, /^Idempotency-Key: was already used with a different request/);
    const elsewhere = await api.sendMessage('once', { message: 'first body' }, 'call-reused');
    assert.equal(elsewhere.status, 422, 'another route is another request');
    assert.match(elsewhere.body.message, /^Idempotency-Key: /);
    await settled(widget, (t) => api.broadcast(chat('once', t)), 'reused-after');
    assert.equal(count(widget, 'second body'), 0);
    assert.equal(count(widget, 'first body'), 1);
  });

  it('two attempts with one key at the same moment: one publishes, both answer its id', async () => {
    const [x, y] = await Promise.all([
      api.broadcast(chat('once', 'raced'), 'call-race'),
      api.broadcast(chat('once', 'raced'), 'call-race'),
    ]);
    assert.equal(x.status, 200);
    assert.equal(y.status, 200);
    assert.deepEqual(x.ids, y.ids);
    assert.equal([x.replayed, y.replayed].filter(Boolean).length, 1);
    await settled(widget, (t) => api.broadcast(chat('once', t)), 'race-after');
    assert.equal(count(widget, 'raced'), 1);
  });

  it('a malformed key is refused with 400 naming the header; a new key is a new call', async () => {
    for (const bad of ['', 'x'.repeat(256), 'caf\u00e9']) {
      const res = await api.broadcast(chat('once', 'bad key'), bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.match(res.body.msg, /^Idempotency-Key: must be one value of 1 to 255 printable ASCII characters/);
    }
    assert.equal((await api.broadcast(chat('once', 'twice on purpose'), 'call-a')).status, 200);
    assert.equal((await api.broadcast(chat('once', 'twice on purpose'), 'call-b')).status, 200);
    assert.equal((await api.broadcast(chat('once', 'twice on purpose'))).status, 200);
    await settled(widget, (t) => api.broadcast(chat('once', t)), 'new-key-after');
    assert.equal(count(widget, 'bad key'), 0);
    assert.equal(count(widget, 'twice on purpose'), 3);
  });
});

describe('Idempotency-Key across processes sharing Redis, when Redis answers are lost', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let proxy: Awaited<ReturnType<typeof redisHop>>;
  let probe: ReturnType<typeof createClient>;
  let cutOff: Proc; // reaches Redis through the cutting proxy
  let other: Proc;
  let widget: Client;

  before(async () => {
    redis = await startRedis();
    proxy = await redisHop(redis.port);
    probe = createClient({ url: redis.url });
    await probe.connect();
    [cutOff, other] = await Promise.all([
      startRoomServer({ REDIS_URL: proxy.url }),
      startRoomServer({ REDIS_URL: redis.url }),
    ]);
    await apiClient(other.url, TEST_KEY, TEST_SECRET).createRoom('lost');
    widget = new Client(other.url, {
      token: await apiClient(other.url, TEST_KEY, TEST_SECRET).joinToken('lost', 'viewer'),
    });
    await widget.ready;
  });
  after(async () => {
    widget?.close();
    await Promise.all([cutOff, other].map((p) => p?.stop()));
    await probe?.quit();
    await proxy?.close();
    await redis?.stop();
  });

  /** The newest delivery-stream entry carries `text`: the publish happened in Redis. */
  const inStream = (text: string) => async () => {
    const [entry] = (await probe.sendCommand(['XREVRANGE', 'rw:deliveries', '+', '-', 'COUNT', '1'])) as Array<
      [string, string[]]
    >;
    return entry?.[1].some((field) => field.includes(text)) ?? false;
  };

  /** First attempt into the cut-off process (its answer lost: 503), the retry into the other process. */
  async function lostAnswerThenRetry(text: string, key?: string) {
    await until(
      async () => (await fetch(`${cutOff.url}/readyz`)).status === 200,
      'the cut-off process to reach Redis again',
    );
    proxy.loseAnswer(text, inStream(text));
    const first = await backend(cutOff.url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', text), key);
    assert.equal(first.status, 503, 'a lost answer from Redis is a 503, which a backend retries');
    const retry = await backend(other.url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', text), key);
    assert.equal(retry.status, 200);
    await settled(widget, (t) => backend(other.url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', t)), `${text}-after`);
    return retry;
  }

  it('without a key, the retry of a publish whose answer was lost is published again (the chaos run duplicates)', async () => {
    await lostAnswerThenRetry('no-key');
    assert.equal(count(widget, 'no-key'), 2, 'two ids for one call: what the final chaos run counted as duplicated');
  });

  it('with a key, it is delivered once and the retry on another process answers the first id', async () => {
    const retry = await lostAnswerThenRetry('keyed', 'call-lost-1');
    assert.equal(count(widget, 'keyed'), 1);
    assert.equal(retry.replayed, true);
    assert.deepEqual(retry.ids, [widget.messages.find((m) => m.text === 'keyed')!.id]);
    await until(
      async () => (await fetch(`${cutOff.url}/readyz`)).status === 200,
      'the cut-off process to reach Redis again',
    );
    const reused = await backend(cutOff.url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', 'not keyed'), 'call-lost-1');
    assert.equal(reused.status, 422, 'the key is known to every process');
    assert.match(reused.body.msg, /^Idempotency-Key: /);
  });

  it('attempts with one key racing on two processes: one publishes', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        backend((i % 2 ? cutOff : other).url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', 'raced'), 'call-race-2'),
      ),
    );
    assert.ok(attempts.every((r) => r.status === 200));
    assert.equal(new Set(attempts.map((r) => r.ids.join())).size, 1, 'every attempt answers the same id');
    assert.equal(attempts.filter((r) => !r.replayed).length, 1);
    await settled(widget, (t) => backend(other.url, TEST_KEY, TEST_SECRET).broadcast(chat('lost', t)), 'raced-after');
    assert.equal(count(widget, 'raced'), 1);
  });

  it('keeps no message text in its records', async () => {
    const keys = await probe.keys('rw:once:*');
    assert.ok(keys.length >= 1);
    for (const key of keys) assert.doesNotMatch((await probe.get(key))!, /keyed|first body/);
  });
});

describe('presence survives a Redis outage longer than three heartbeats', () => {
  it('live processes keep their widgets when Redis comes back; a process that died meanwhile is still swept', async () => {
    // Heartbeats every 200 ms expire after 600 ms: the outage below lasts several of their lives.
    const FAST = { PRESENCE_HEARTBEAT_MS: '200', DEADLINE_POLL_MS: '100' };
    let redis = await startRedis();
    const probe = createClient({ url: redis.url });
    probe.on('error', () => undefined);
    const hop = await redisHop(redis.port);
    // b reaches Redis through the hop, so that it can reconnect a backoff step after a, as processes do that meet
    // the outage at different moments of their reconnection schedules (started together, they reconnect together).
    const [a, b, doomed] = await Promise.all(
      [redis.url, hop.url, redis.url].map((url) => startRoomServer({ REDIS_URL: url, ...FAST })),
    );
    const procs = [a!, b!, doomed!];
    const api = apiClient(a!.url, TEST_KEY, TEST_SECRET);
    const widgets: Client[] = [];
    /** Who a backend sees in the room; a 503 (a process still reconnecting to Redis) is asked again. */
    const present = async (): Promise<string[]> => {
      for (let attempt = 0; ; attempt++) {
        const res = await api.pn('/room/getActiveRoomInfo', { room_id: 'outage' });
        if (res.status === 200)
          return (res.body.room.participants_info as Array<{ identity: string }>).map((p) => p.identity).sort();
        if (res.status !== 503 || attempt >= 100)
          throw new Error(`getActiveRoomInfo answered ${res.status} ${JSON.stringify(res.body)}`);
        await sleep(100);
      }
    };
    try {
      await probe.connect();
      await api.createRoom('outage');
      for (const [proc, user] of [
        [a, 'on-a'],
        [b, 'on-b'],
        [doomed, 'on-doomed'],
      ] as const) {
        const w = new Client(proc!.url, { token: await api.joinToken('outage', user) });
        widgets.push(w);
        await w.ready;
      }
      assert.deepEqual(await present(), ['on-a', 'on-b', 'on-doomed']);
      const aliveKeys = async () => (await probe.keys('rw:proc:*')).length;
      const { port, dir } = redis;
      await hop.shut();
      await redis.stop({ keepData: true });
      process.kill(doomed!.pid!, 'SIGKILL');
      await doomed!.stop();
      await sleep(2000); // Redis away for more than three heartbeats: every heartbeat key has expired when it returns
      redis = await startRedis(port, { dir });
      await until(async () => (await aliveKeys().catch(() => 0)) >= 1, 'a to beat again');
      await hop.open();
      // The dead process's widget is swept, which shows sweeping has run since Redis came back ...
      await until(async () => !(await present()).includes('on-doomed'), 'the dead process to be swept', 20_000);
      // ... and the live processes' widgets were not swept with it.
      assert.deepEqual(await present(), ['on-a', 'on-b']);
      assert.ok(widgets[0]!.socket.connected && widgets[1]!.socket.connected);
    } finally {
      widgets.forEach((w) => w.close());
      await Promise.all(procs.map((p) => p.stop()));
      await probe.quit().catch(() => undefined);
      await hop.close().catch(() => undefined);
      await redis.stop();
    }
  });
});
