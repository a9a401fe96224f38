import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { io as connectSocket } from 'socket.io-client';
import { loadConfig } from '../../server/config.ts';
import { createRoomServer } from '../../server/app.ts';
import { redisBackends } from '../../server/backends/redis/index.ts';
import { loggableUrl } from '../../server/ops/logging.ts';
import { startRedis } from '../redis-process.js';
import { apiClient } from '../api-client.js';
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
  refusal,
  sleep,
  startServer,
  type TestServer,
} from './helpers.ts';

/** One sample of Prometheus text: `name{a="b",...} value` (Prometheus reads NaN and Inf in any case, as Go does). */
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?[0-9.e+-]+|nan|[+-]inf)$/i;

/** Parses the exposition format strictly: every line a HELP, a TYPE or a sample of a declared metric. */
function parseMetrics(text: string): Map<string, number> {
  const declared = new Set<string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.match(meta[3]!, /^(counter|gauge|histogram|summary|untyped)$/, line);
        declared.add(meta[2]!);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${line}`);
    const family = m[1]!.replace(/_(bucket|sum|count|total|created)$/, '');
    assert.ok(
      declared.has(m[1]!) || declared.has(family) || declared.has(`${family}_total`),
      `sample of an undeclared metric: ${line}`,
    );
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

async function scrape(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/metrics`, { headers });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}

/** A sample's value by name and labels in any order; 0 when absent (a counter never incremented). */
function value(samples: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const [key, v] of samples) {
    const [n, rest = ''] = key.split(/(?=\{)/);
    if (n !== name) continue;
    const have = rest
      .replace(/^\{|\}$/g, '')
      .split(',')
      .filter(Boolean);
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return v;
  }
  return 0;
}

async function managementToken() {
  return apiClient('http://unused', KEY, SECRET).managementToken();
}

describe('probes', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('/healthz and /readyz answer 200 while serving; /readyz 503 "draining" once draining, /healthz still 200', async () => {
    assert.deepEqual(await (await fetch(`${server.url}/healthz`)).json(), { ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true });
    server.app.drain.begin();
    const draining = await fetch(`${server.url}/readyz`);
    assert.equal(draining.status, 503);
    assert.deepEqual(await draining.json(), { ready: false, reason: 'draining' });
    const alive = await fetch(`${server.url}/healthz`);
    assert.equal(alive.status, 200);
    assert.equal(alive.headers.get('connection'), 'close', 'keep-alive clients are sent to another process');
  });
});

describe('draining refuses new widgets with an error the client retries', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createRoom(server.url, 'drain-room');
  });
  after(() => server.stop());

  for (const transport of ['websocket', 'polling'] as const) {
    it(`over ${transport}: connect_error without data.code, and socket.io-client keeps trying`, async () => {
      const token = await joinToken(server.url, 'drain-room', `u-${transport}`);
      server.app.drain.begin();
      const socket = connectSocket(server.url, {
        auth: { token },
        transports: [transport],
        forceNew: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 200,
      });
      try {
        const errors: Array<Error & { data?: unknown; type?: string; description?: unknown }> = [];
        let attempts = 0;
        socket.io.on('reconnect_attempt', () => attempts++);
        socket.on('connect_error', (err) => errors.push(err));
        const deadline = Date.now() + 10_000;
        while (attempts < 2 && Date.now() < deadline) await sleep(20);
        assert.ok(errors.length >= 2, 'refused more than once: the client retried by itself');
        for (const err of errors) {
          assert.equal(err.data, undefined, 'no data.code: the widget treats a code as final');
          assert.equal(err.type, 'TransportError');
        }
        if (transport === 'polling') assert.equal(errors[0]!.description, 403);
        assert.equal(socket.active, true, 'still reconnecting');
      } finally {
        socket.close();
      }
    });
  }
});

describe('shutdown with a widget connected (in process)', () => {
  it('the widget sees "transport close", never "io server disconnect", and reconnection is left on', async () => {
    const server = await startServer({ SHUTDOWN_GRACE_MS: '1000' });
    await createRoom(server.url, 'bye');
    const token = await joinToken(server.url, 'bye', 'stay');
    const socket = connectSocket(server.url, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    try {
      await new Promise((resolve) => socket.once('welcome', resolve));
      const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await server.app.shutdown();
      assert.equal(await reason, 'transport close');
      assert.equal(socket.active, true, 'socket.io-client will reconnect by itself');
      const after = await fetch(`${server.url}/healthz`).then(
        () => 'answered',
        () => 'closed',
      );
      assert.equal(after, 'closed', 'the server stopped listening once drained');
    } finally {
      socket.close();
    }
  });
});

describe('/metrics', () => {
  let server: TestServer;
  let hookServer: ReturnType<typeof createServer>;
  let hookUrl = '';
  const hooks: string[] = [];
  before(async () => {
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push(JSON.parse(body).event);
        res.writeHead(req.url === '/fail' ? 500 : 200).end();
      });
    });
    await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hookServer.address() as { port: number }).port}`;
    server = await startServer({ CHAT_RATE_POINTS: '1' });
  });
  after(async () => {
    await server.stop();
    hookServer.close();
  });

  it('parses as Prometheus text, and its counters and gauges move with traffic of every dialect', async () => {
    const before = await scrape(server.url);
    assert.ok(value(before, 'process_cpu_user_seconds_total') > 0, 'process metrics');
    assert.ok(before.has('nodejs_eventloop_lag_seconds'), 'node runtime metrics');
    assert.equal(value(before, 'room_widgets_connected_widgets'), 0);

    await createRoom(server.url, 'm-room', {}, { webhook_url: `${hookUrl}/ok` });
    const alice = await connect(server.url, await joinToken(server.url, 'm-room', 'alice', true));
    const bob = await connect(server.url, await joinToken(server.url, 'm-room', 'bob'));
    try {
      assert.equal(
        (await pn(server.url, '/room/broadcastToRoom', { room_id: 'm-room', chat_msg: { message: 'to all' } })).status,
        200,
      );
      assert.equal(
        (
          await pn(server.url, '/room/broadcastToRoom', {
            room_id: 'm-room',
            only_to_admins: true,
            notification_msg: { text: 'admins', type: 1 },
          })
        ).status,
        200,
      );
      assert.equal(
        (await hms(server.url, 'm-room', { message: 'hi', type: 'custom_event' }, await managementToken())).status,
        200,
      );
      assert.equal(
        (
          await rc(
            server.url,
            { fromUserId: 'sys', objectName: 'RC:TxtMsg', content: JSON.stringify({ content: 'rc' }) },
            rcHeaders(),
          )
        ).status,
        200,
      );
      assert.equal((await alice.send('from alice')).ok, true);
      const limited = await alice.send('too soon');
      assert.equal(limited.ok, false);
      assert.equal(
        (await pn(server.url, '/room/broadcastToRoom', { room_id: 'm-room' }, { secret: 'wrong-secret-0123456789' }))
          .status,
        401,
      );
      assert.equal((await refusal(server.url, { token: 'not-a-jwt' })).code, 'token_invalid');
      await bob.waitFor((m) => m.text === 'from alice');
      await alice.waitFor((m) => m.text === 'from alice');
      const deadline = Date.now() + 5000;
      while (!hooks.includes('participant_joined') && Date.now() < deadline) await sleep(20);

      const now = await scrape(server.url);
      assert.equal(value(now, 'room_widgets_connected_widgets'), 2);
      assert.equal(value(now, 'room_widgets_rooms_active'), 1);
      assert.equal(value(now, 'room_widgets_history_messages'), 4, 'everything but the RongCloud broadcast is kept');
      const published = (kind: string, dialect: string) =>
        value(now, 'room_widgets_messages_published_total', { kind, dialect });
      assert.equal(published('chat', 'plugnmeet'), 1);
      assert.equal(published('notification', 'plugnmeet'), 1);
      assert.equal(published('custom', 'hms'), 1);
      assert.equal(published('chat', 'rongcloud'), 1);
      assert.equal(published('chat', 'widget'), 1);
      assert.equal(value(now, 'room_widgets_deliveries_total', { kind: 'chat' }), 6, '3 chat messages × 2 widgets');
      assert.equal(
        value(now, 'room_widgets_deliveries_total', { kind: 'notification' }),
        1,
        'the admins-only notification reached alice alone',
      );
      assert.equal(value(now, 'room_widgets_deliveries_total', { kind: 'custom' }), 2);
      assert.equal(value(now, 'room_widgets_delivery_latency_seconds_count', { kind: 'chat' }), 6);
      assert.equal(value(now, 'room_widgets_joins_total', { resumed: 'false', gap: 'false' }), 2);
      assert.equal(value(now, 'room_widgets_refusals_total', { code: 'rate_limited', during: 'chat' }), 1);
      assert.equal(value(now, 'room_widgets_refusals_total', { code: 'token_invalid', during: 'join' }), 1);
      const api = (dialect: string, route: string, status: string) =>
        value(now, 'room_widgets_api_requests_total', { dialect, route, status });
      assert.equal(api('plugnmeet', '/auth/room/broadcastToRoom', '200'), 2);
      assert.equal(api('plugnmeet', '/auth/room/broadcastToRoom', '401'), 1);
      assert.equal(api('hms', '/v2/active-rooms/:room_id/send-message', '200'), 1);
      assert.equal(api('rongcloud', '/message/chatroom/broadcast.json', '200'), 1);
      assert.ok(
        value(now, 'room_widgets_api_request_duration_seconds_count', {
          dialect: 'plugnmeet',
          route: '/auth/room/create',
        }) >= 1,
      );
      assert.ok(value(now, 'room_widgets_webhooks_total', { event: 'participant_joined', outcome: 'delivered' }) >= 1);
      assert.equal(value(now, 'room_widgets_redis_errors_total'), 0);
    } finally {
      alice.close();
      bob.close();
    }
  });

  it('counts webhooks a receiver rejects and webhooks nobody answers', async () => {
    await createRoom(server.url, 'hook-fail', {}, { webhook_url: `${hookUrl}/fail` });
    await createRoom(server.url, 'hook-dead', {}, { webhook_url: 'http://127.0.0.1:1/nobody' });
    let now = await scrape(server.url);
    const deadline = Date.now() + 5000;
    const counted = (outcome: string) => value(now, 'room_widgets_webhooks_total', { event: 'room_started', outcome });
    while ((counted('rejected') < 1 || counted('failed') < 1) && Date.now() < deadline) {
      await sleep(50);
      now = await scrape(server.url);
    }
    assert.equal(counted('rejected'), 1);
    assert.equal(counted('failed'), 1);
  });
});

describe('/metrics in a busy room', () => {
  it('a batch (`messages`) counts each of its messages for each widget it reached', async () => {
    // DELIVERY_FRAME_BUDGET=1: a room of two gathers its messages, as a room of thousands would.
    const server = await startServer({ DELIVERY_FRAME_BUDGET: '1' });
    try {
      await createRoom(server.url, 'busy');
      const ada = await connect(server.url, await joinToken(server.url, 'busy', 'ada'));
      const bob = await connect(server.url, await joinToken(server.url, 'busy', 'bob'));
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          pn(server.url, '/room/broadcastToRoom', { room_id: 'busy', chat_msg: { message: `m${i}` } }),
        ),
      );
      await Promise.all([ada, bob].map((c) => c.waitFor((m) => m.text === 'm19')));
      assert.ok(
        ada.events.some((e) => e.event === 'messages'),
        'the burst went out in batches',
      );
      const now = await scrape(server.url);
      assert.equal(value(now, 'room_widgets_deliveries_total', { kind: 'chat' }), 40, '20 messages × 2 widgets');
      const samples = value(now, 'room_widgets_delivery_latency_seconds_count', { kind: 'chat' });
      assert.ok(samples >= 2 && samples < 40, `one latency sample per frame and widget (${samples})`);
      ada.close();
      bob.close();
    } finally {
      await server.stop();
    }
  });
});

describe('/metrics access', () => {
  it('METRICS_TOKEN: 401 without the bearer token or with a wrong one, 200 with it', async () => {
    const server = await startServer({ METRICS_TOKEN: 'scrape-me-0123456789' });
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } })).status, 401);
      const ok = await scrape(server.url, { authorization: 'Bearer scrape-me-0123456789' });
      assert.ok(ok.has('room_widgets_connected_widgets'));
    } finally {
      await server.stop();
    }
  });

  it('METRICS_PORT: /metrics only on that port (with the token), not on the public one', async () => {
    const server = await startServer({ METRICS_PORT: '0', METRICS_TOKEN: 'scrape-me-0123456789' });
    try {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 404);
      const metricsUrl = `http://127.0.0.1:${server.app.metricsPort}`;
      assert.equal((await fetch(`${metricsUrl}/metrics`)).status, 401);
      const ok = await scrape(metricsUrl, { authorization: 'Bearer scrape-me-0123456789' });
      assert.ok(ok.has('room_widgets_connected_widgets'));
      assert.equal((await fetch(`${metricsUrl}/readyz`)).status, 404, 'only metrics on that port');
    } finally {
      await server.stop();
    }
  });
});

describe('/readyz with Redis', () => {
  it('is ready while Redis answers, 503 "redis unreachable" once it is gone; /healthz stays 200', async () => {
    const redis = await startRedis();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      ROOM_API_KEY: KEY,
      ROOM_API_SECRET: SECRET,
      REDIS_URL: redis.url,
    });
    const quiet = { info: () => undefined, error: () => undefined };
    const app = await createRoomServer(config, { logLevel: 'silent', backends: await redisBackends(config, quiet) });
    const url = await app.listen();
    try {
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      await redis.stop();
      let res = await fetch(`${url}/readyz`);
      const deadline = Date.now() + 5000;
      while (res.status === 200 && Date.now() < deadline) {
        await sleep(50);
        res = await fetch(`${url}/readyz`);
      }
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { ready: false, reason: 'redis unreachable' });
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
      const metrics = parseMetrics(await (await fetch(`${url}/metrics`)).text());
      assert.ok(value(metrics, 'room_widgets_redis_errors_total') >= 1);
    } finally {
      await Promise.race([app.close().catch(() => undefined), sleep(3000)]);
    }
  });
});

describe('operations settings', () => {
  const base = { ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET };
  it('LOG_FORMAT defaults to json in production and text elsewhere; other values are refused by name', () => {
    assert.equal(
      loadConfig({ ...base, NODE_ENV: 'production', ROOM_API_SECRET: `${SECRET}-and-longer-for-production` }).logFormat,
      'json',
    );
    assert.equal(loadConfig(base).logFormat, 'text');
    assert.equal(loadConfig({ ...base, LOG_FORMAT: 'json' }).logFormat, 'json');
    assert.throws(() => loadConfig({ ...base, LOG_FORMAT: 'xml' }), /LOG_FORMAT must be "json" or "text", got "xml"/);
  });
  it('SHUTDOWN_GRACE_MS and METRICS_PORT must be non-negative integers', () => {
    assert.equal(loadConfig(base).shutdownGraceMs, 10_000);
    assert.equal(loadConfig(base).metricsPort, undefined);
    assert.throws(
      () => loadConfig({ ...base, SHUTDOWN_GRACE_MS: '-5' }),
      /SHUTDOWN_GRACE_MS must be a non-negative integer/,
    );
    assert.throws(() => loadConfig({ ...base, METRICS_PORT: 'abc' }), /METRICS_PORT must be a non-negative integer/);
  });
  it('URLs in log lines lose their password and query', () => {
    assert.equal(loadConfig({ ...base, METRICS_TOKEN: 't' }).metricsToken, 't');
    assert.equal(loggableUrl('redis://:hunter2@redis:6379/0'), 'redis://:redacted@redis:6379/0');
    assert.equal(loggableUrl('https://hooks.example/x?token=abc'), 'https://hooks.example/x?[query omitted]');
    assert.equal(loggableUrl('not a url'), '(unparsable URL)');
  });
});
