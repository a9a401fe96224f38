// `npm run load`: many clients in many rooms, a mix of targeted API calls, and a check that every client received
// exactly what it was entitled to. Loopback only; bounded in clients, calls and time; every process it starts
// is stopped by its pid.
//
//   npm run load -- [--clients 2000] [--rooms 100] [--rate 200] [--seconds 60] [--processes 1|3] [--workers 4]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { apiClient } from '../test/api-client.js';
import { startRedis } from '../test/redis-process.js';
import { TEST_KEY, TEST_SECRET, freePort, startRoomServer } from '../test/room-server-process.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    rooms: { type: 'string', default: '100' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    processes: { type: 'string', default: '1' },
    workers: { type: 'string', default: '4' },
  },
});
const CLIENTS = Math.min(Number(values.clients), 10_000);
const ROOMS = Math.min(Number(values.rooms), 1_000);
const RATE = Math.min(Number(values.rate), 2_000);
const SECONDS = Math.min(Number(values.seconds), 600);
const PROCESSES = Math.min(Number(values.processes), 8);
const WORKERS = Math.min(Number(values.workers), 16);

interface Client {
  id: number;
  room: string;
  user: string;
  admin: boolean;
  role: string | null;
  token: string;
}

const secret = new TextEncoder().encode(TEST_SECRET);
const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h');

async function makeClients(): Promise<Client[]> {
  const list: Client[] = [];
  for (let id = 0; id < CLIENTS; id++) {
    const room = `load-${id % ROOMS}`;
    const user = `u${id}`;
    if (id % 4 === 3) {
      const role = 'student';
      list.push({ id, room, user, admin: false, role, token: await sign({ access_key: TEST_KEY, type: 'app', version: 2, room_id: room, user_id: user, role }).sign(secret) });
    } else {
      const admin = id % 20 === 0;
      list.push({ id, room, user, admin, role: admin ? 'admin' : 'participant', token: await sign({ room_id: room, name: user, is_admin: admin }).setIssuer(TEST_KEY).setSubject(user).sign(secret) });
    }
  }
  return list;
}

/** A round-robin TCP balancer: WebSocket needs no stickiness, so each connection may land anywhere. */
async function balancer(backends: number[]) {
  const port = await freePort();
  let next = 0;
  const server = createServer((inbound) => {
    const outbound = tcpConnect(backends[next++ % backends.length]!, '127.0.0.1');
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

const redis = PROCESSES > 1 ? await startRedis() : null;
const servers = await Promise.all(Array.from({ length: PROCESSES }, () => startRoomServer({ ...(redis ? { REDIS_URL: redis.url } : {}), LOG_LEVEL: 'error', CHAT_RATE_POINTS: '100000' })));
const lb = PROCESSES > 1 ? await balancer(servers.map((s) => s.port)) : null;
const entry = lb?.url ?? servers[0]!.url;
const apis = servers.map((s) => apiClient(s.url, TEST_KEY, TEST_SECRET));
const workers: ReturnType<typeof fork>[] = [];
try {
  for (let r = 0; r < ROOMS; r++) await apis[r % apis.length]!.createRoom(`load-${r}`);
  const clients = await makeClients();
  const byRoom = new Map<string, Client[]>();
  for (const c of clients) byRoom.set(c.room, [...(byRoom.get(c.room) ?? []), c]);

  console.log(`connecting ${CLIENTS} clients in ${ROOMS} rooms to ${PROCESSES} process(es) from ${WORKERS} worker processes ...`);
  const ready = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const child = fork(new URL('./load-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
      workers.push(child);
      const share = clients.filter((c) => c.id % WORKERS === w).map(({ id, token }) => ({ id, token }));
      return new Promise<{ connected: number; failed: number }>((resolve) => {
        child.once('message', (m) => resolve(m as { connected: number; failed: number }));
        child.send({ type: 'start', assignment: { url: entry, clients: share } });
      });
    }),
  );
  const connected = ready.reduce((a, r) => a + r.connected, 0);
  console.log(`connected ${connected}, refused ${ready.reduce((a, r) => a + r.failed, 0)}`);

  // The calls and, for each, who must receive it: an oracle written apart from the server's targeting code.
  const expected = new Map<string, { sent: number; to: Set<number> }>();
  const kinds = ['everyone', 'user', 'admins', 'admins+user', 'role', 'hms-everyone'] as const;
  let seq = 0;
  let errors = 0;
  const total = RATE * SECONDS;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const room = `load-${Math.floor(Math.random() * ROOMS)}`;
    const members = byRoom.get(room)!;
    const target = members[Math.floor(Math.random() * members.length)]!;
    const kind = kinds[i % kinds.length]!;
    const call = `${++seq}`;
    const text = `load:${call}`;
    const to = new Set(
      members
        .filter((m) => {
          if (kind === 'everyone' || kind === 'hms-everyone') return true;
          if (kind === 'user') return m.user === target.user;
          if (kind === 'admins') return m.admin;
          if (kind === 'admins+user') return m.admin || m.user === target.user;
          return m.role === 'student';
        })
        .map((m) => m.id),
    );
    const api = apis[i % apis.length]!;
    expected.set(call, { sent: performance.timeOrigin + performance.now(), to });
    const request =
      kind === 'role' || kind === 'hms-everyone'
        ? api.hms(room, kind === 'role' ? { role: 'student', message: text } : { message: text })
        : api.pn('/room/broadcastToRoom', {
            room_id: room,
            ...(kind === 'admins' || kind === 'admins+user' ? { only_to_admins: true } : {}),
            ...(kind === 'user' || kind === 'admins+user' ? { to_user_id: target.user } : {}),
            chat_msg: { message: text },
          });
    const p = request.then((res) => void (res.status !== 200 && errors++)).catch(() => void errors++).finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 3000)); // let the last deliveries land
  const memory = servers.map((s) => rssMb(s.pid!));

  const results = await Promise.all(
    workers.map(
      (child) =>
        new Promise<Array<[number, string, number]>>((resolve) => {
          child.once('message', (m) => resolve((m as { received: Array<[number, string, number]> }).received));
          child.send({ type: 'finish' });
        }),
    ),
  );
  const got = new Map<string, Map<number, number>>();
  const latencies: number[] = [];
  let duplicated = 0;
  let misdelivered = 0;
  for (const [client, call, at] of results.flat()) {
    const perCall = got.get(call) ?? new Map<number, number>();
    got.set(call, perCall);
    if (perCall.has(client)) duplicated++;
    perCall.set(client, (perCall.get(client) ?? 0) + 1);
    const exp = expected.get(call);
    if (!exp || !exp.to.has(client)) misdelivered++;
    else latencies.push(at - exp.sent);
  }
  let lost = 0;
  let deliveries = 0;
  for (const [call, exp] of expected) {
    deliveries += exp.to.size;
    for (const client of exp.to) if (!got.get(call)?.has(client)) lost++;
  }
  latencies.sort((a, b) => a - b);
  const report = {
    processes: PROCESSES,
    clients: connected,
    rooms: ROOMS,
    api_calls: total,
    api_errors: errors,
    achieved_rate: Math.round(total / elapsed),
    expected_deliveries: deliveries,
    lost,
    misdelivered,
    duplicated,
    latency_p50_ms: Number(pct(latencies, 50).toFixed(1)),
    latency_p99_ms: Number(pct(latencies, 99).toFixed(1)),
    server_rss_mb: memory,
  };
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = lost + misdelivered + duplicated + errors === 0 ? 0 : 1;
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  lb?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await redis?.stop();
}
