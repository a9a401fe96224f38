// `npm run load`: many clients in many rooms, a mix of targeted API calls, and a check that every client received
// exactly what it was entitled to. Loopback only; bounded in clients, calls and time; every process it starts
// is stopped by its pid.
//
//   npm run load -- [--clients 2000] [--rooms 100] [--rate 200] [--seconds 60] [--processes 1|3] [--workers 4]
//                   [--rolling-restart]   (2+ processes: each is sent SIGTERM and replaced in turn while traffic flows)
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { apiClient } from '../test/api-client.js';
import { startRedis } from '../test/redis-process.js';
import { TEST_KEY, TEST_SECRET, freePort, startRoomServer } from '../test/room-server-process.js';
import { balancerProcess } from './balancer-process.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    rooms: { type: 'string', default: '100' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    processes: { type: 'string', default: '1' },
    workers: { type: 'string', default: '4' },
    'rolling-restart': { type: 'boolean', default: false },
  },
});
const CLIENTS = Math.min(Number(values.clients), 10_000);
const ROOMS = Math.min(Number(values.rooms), 1_000);
const RATE = Math.min(Number(values.rate), 2_000);
const SECONDS = Math.min(Number(values.seconds), 600);
const PROCESSES = Math.min(Number(values.processes), 8);
const WORKERS = Math.min(Number(values.workers), 16);
const ROLLING = values['rolling-restart'];
/** Room for ~1,000 widgets per process to be moved at the server's pace (docs/operations.md) and calls to finish. */
const ROLLING_GRACE_MS = 20_000;
if (ROLLING && PROCESSES < 2) {
  console.error('--rolling-restart needs --processes 2 or more (they share rooms through Redis)');
  process.exit(2);
}

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
const serverEnv = { ...(redis ? { REDIS_URL: redis.url } : {}), LOG_LEVEL: 'error', CHAT_RATE_POINTS: '100000', ...(ROLLING ? { SHUTDOWN_GRACE_MS: String(ROLLING_GRACE_MS) } : {}) };
const servers = await Promise.all(Array.from({ length: PROCESSES }, () => startRoomServer(serverEnv)));
const lb = ROLLING ? await balancerProcess(servers.map((s) => s.port)) : PROCESSES > 1 ? await balancer(servers.map((s) => s.port)) : null;
const entry = lb?.url ?? servers[0]!.url;
// Rolling restarts: API calls go through the balancer too, one connection each, as a backend's HTTP client
// behind a load balancer would see processes come and go.
const apis = ROLLING ? [apiClient(entry, TEST_KEY, TEST_SECRET, { connection: 'close' })] : servers.map((s) => apiClient(s.url, TEST_KEY, TEST_SECRET));
const workers: ReturnType<typeof fork>[] = [];
let restarts: Promise<RestartReport[]> | null = null;
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
        child.send({ type: 'start', assignment: { url: entry, clients: share, resume: ROLLING } });
      });
    }),
  );
  const connected = ready.reduce((a, r) => a + r.connected, 0);
  console.log(`connected ${connected}, refused ${ready.reduce((a, r) => a + r.failed, 0)}`);

  // The calls and, for each, who must receive it: an oracle written apart from the server's targeting code.
  const expected = new Map<string, { sent: number; answered: number; to: Set<number> }>();
  const kinds = ['everyone', 'user', 'admins', 'admins+user', 'role', 'hms-everyone'] as const;
  let seq = 0;
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const failed = (kind: string) => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const total = RATE * SECONDS;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  if (ROLLING && lb && 'setBackends' in lb) restarts = rollingRestarts(servers, lb, serverEnv);
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
    const exp = { sent: performance.timeOrigin + performance.now(), answered: Infinity, to };
    expected.set(call, exp);
    const request =
      kind === 'role' || kind === 'hms-everyone'
        ? api.hms(room, kind === 'role' ? { role: 'student', message: text } : { message: text })
        : api.pn('/room/broadcastToRoom', {
            room_id: room,
            ...(kind === 'admins' || kind === 'admins+user' ? { only_to_admins: true } : {}),
            ...(kind === 'user' || kind === 'admins+user' ? { to_user_id: target.user } : {}),
            chat_msg: { message: text },
          });
    const p = request
      .then((res) => {
        exp.answered = performance.timeOrigin + performance.now();
        if (res.status !== 200) failed(`HTTP ${res.status}`);
      })
      .catch((error: Error & { cause?: { code?: string; message?: string } }) => failed(error.cause?.code ?? error.cause?.message ?? error.message))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  const restartReports = await restarts;
  await new Promise((r) => setTimeout(r, 3000)); // let the last deliveries land
  const memory = servers.map((s) => rssMb(s.pid!));

  const results = await Promise.all(
    workers.map(
      (child) =>
        new Promise<WorkerResults>((resolve) => {
          child.once('message', (m) => resolve(m as WorkerResults));
          child.send({ type: 'finish' });
        }),
    ),
  );
  const receipts = results.flatMap((r) => r.received);
  const got = new Map<string, Map<number, number>>();
  const latencies: number[] = [];
  let duplicated = 0;
  let misdelivered = 0;
  for (const [client, call, at] of receipts) {
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
    ...(errors > 0 ? { api_error_kinds: errorKinds } : {}),
    achieved_rate: Math.round(total / elapsed),
    expected_deliveries: deliveries,
    lost,
    misdelivered,
    duplicated,
    latency_p50_ms: Number(pct(latencies, 50).toFixed(1)),
    latency_p99_ms: Number(pct(latencies, 99).toFixed(1)),
    server_rss_mb: memory,
    out_of_order: outOfOrder(receipts, expected),
    ...(lost > 0 ? { lost_examples: lostExamples(receipts, expected, got) } : {}),
    ...(ROLLING ? rollingSummary(restartReports ?? [], results, latencies) : {}),
  };
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = lost + misdelivered + duplicated + errors + report.out_of_order === 0 ? 0 : 1;
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  lb?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await redis?.stop();
}

// ---- rolling restarts (--rolling-restart) ----

interface WorkerResults {
  received: Array<[number, string, number, number | null]>;
  stats?: { disconnect_reasons: Record<string, number>; resumed_joins: number; gaps: number; copies_dropped: number; connected_at_end: number };
}

interface RestartReport {
  process: number;
  widgets_before: number;
  drain_ms: number;
  exit_code: number | null;
}

type Balancer = Awaited<ReturnType<typeof balancerProcess>>;
type ServerProcess = Awaited<ReturnType<typeof startRoomServer>>;

async function widgetsOn(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^room_widgets_connected_widgets (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/**
 * Replaces every process in turn while traffic flows, as an orchestrator's rolling update does (one extra
 * process at a time): start a new one, wait until the balancer sees it ready, SIGTERM the old one, wait for it
 * to exit by itself. Restart i begins at 10% + 80%·i/n of the run, so traffic flows before, between and after.
 */
async function rollingRestarts(list: ServerProcess[], lb: Balancer, env: Record<string, string>): Promise<RestartReport[]> {
  const reports: RestartReport[] = [];
  const begun = performance.now();
  for (let i = 0; i < list.length; i++) {
    const due = begun + SECONDS * 1000 * (0.1 + (0.8 * i) / list.length);
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const fresh = await startRoomServer(env);
    await lb.setBackends([...list.map((s) => s.port), fresh.port]);
    const old = list[i]!;
    const widgets_before = await widgetsOn(old);
    const started = performance.now();
    process.kill(old.pid!, 'SIGTERM');
    const exit = (await old.exited) as { code: number | null };
    reports.push({ process: i, widgets_before, drain_ms: Math.round(performance.now() - started), exit_code: exit.code });
    list[i] = fresh;
    await lb.setBackends(list.map((s) => s.port));
    console.log(`restarted process ${i}: ${widgets_before} widgets moved, drained in ${reports.at(-1)!.drain_ms} ms, exit ${exit.code}`);
  }
  return reports;
}

/**
 * Messages a client was shown before one whose API call had already been answered when theirs was sent: an
 * order the oracle can demand (concurrent calls may arrive either way). Counted per client, from the end.
 */
function outOfOrder(receipts: WorkerResults['received'], expected: Map<string, { sent: number; answered: number }>): number {
  const byClient = new Map<number, string[]>();
  for (const [client, call] of receipts) {
    const calls = byClient.get(client) ?? [];
    byClient.set(client, calls);
    calls.push(call);
  }
  let count = 0;
  for (const calls of byClient.values()) {
    let earliestAnswerAfter = Infinity;
    for (let i = calls.length - 1; i >= 0; i--) {
      const exp = expected.get(calls[i]!);
      if (!exp) continue;
      if (earliestAnswerAfter < exp.sent) count++;
      earliestAnswerAfter = Math.min(earliestAnswerAfter, exp.answered);
    }
  }
  return count;
}

function rollingSummary(reports: RestartReport[], results: WorkerResults[], latencies: number[]) {
  const reasons: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.stats?.disconnect_reasons ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  const sum = (pick: (s: NonNullable<WorkerResults['stats']>) => number) => results.reduce((a, r) => a + (r.stats ? pick(r.stats) : 0), 0);
  return {
    restarts: reports,
    disconnect_reasons: reasons,
    resumed_joins: sum((s) => s.resumed_joins),
    resume_gaps: sum((s) => s.gaps),
    copies_dropped_by_id: sum((s) => s.copies_dropped),
    connected_at_end: sum((s) => s.connected_at_end),
    latency_p999_ms: Number(pct(latencies, 99.9).toFixed(1)),
    latency_max_ms: Number((latencies.at(-1) ?? NaN).toFixed(1)),
  };
}

/**
 * A few lost deliveries with what surrounds them: the message's sequence number and the ones the client was shown
 * just before and after where it belonged, which tells a reordering (a later one shown, then a move) from an outage.
 */
function lostExamples(receipts: WorkerResults['received'], expected: Map<string, { to: Set<number> }>, got: Map<string, Map<number, number>>, limit = 5) {
  const seqOfCall = new Map<string, number | null>();
  const shown = new Map<number, Array<number | null>>();
  for (const [client, call, , seq] of receipts) {
    seqOfCall.set(call, seq);
    const list = shown.get(client) ?? [];
    shown.set(client, list);
    list.push(seq);
  }
  const examples: Array<{ call: string; client: number; seq: number | null; shown_around: Array<number | null> }> = [];
  for (const [call, exp] of expected) {
    for (const client of exp.to) {
      if (got.get(call)?.has(client) || examples.length >= limit) continue;
      const seq = seqOfCall.get(call) ?? null;
      const list = shown.get(client) ?? [];
      const at = list.findIndex((s) => s !== null && seq !== null && s > seq);
      examples.push({ call, client, seq, shown_around: at < 0 ? list.slice(-3) : list.slice(Math.max(0, at - 3), at + 3) });
    }
  }
  return examples;
}
