// `npm run load`: many clients in many rooms, a mix of targeted API calls, and a check that every client received
// exactly what it was entitled to. Loopback only; bounded in clients, calls and time; every process it starts
// is stopped by its pid.
//
//   npm run load -- [--clients 2000] [--rooms 100] [--rate 200] [--seconds 60] [--processes 1|3] [--workers 4]
//                   [--rolling-restart]   (2+ processes: each is sent SIGTERM and replaced in turn while traffic flows)
//                   [--chaos [--kill-every 15] [--no-idempotency-key]]   (2+ processes: every 15 s one is SIGKILLed and
//                                    restarted, Redis restarted once; widgets resume; API calls retried on refusal,
//                                    each with one Idempotency-Key for all its attempts unless told not to)
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    seconds: { type: 'string' },
    processes: { type: 'string', default: '1' },
    workers: { type: 'string', default: '4' },
    'rolling-restart': { type: 'boolean', default: false },
    chaos: { type: 'boolean', default: false },
    'kill-every': { type: 'string', default: '15' },
    'no-idempotency-key': { type: 'boolean', default: false },
  },
});
const CLIENTS = Math.min(Number(values.clients), 10_000);
const ROOMS = Math.min(Number(values.rooms), 1_000);
const RATE = Math.min(Number(values.rate), 2_000);
const CHAOS = values.chaos;
const SECONDS = Math.min(Number(values.seconds ?? (CHAOS ? 120 : 60)), 600);
const KILL_EVERY_MS = Math.max(5, Number(values['kill-every'])) * 1000;
/** Chaos: every attempt of one call carries the same Idempotency-Key, as a careful backend sends it. */
const IDEMPOTENCY_KEYS = !values['no-idempotency-key'];
const PROCESSES = Math.min(Number(values.processes), 8);
const WORKERS = Math.min(Number(values.workers), 16);
const ROLLING = values['rolling-restart'];
/** Room for ~1,000 widgets per process to be moved at the server's pace (docs/operations.md) and calls to finish. */
const ROLLING_GRACE_MS = 20_000;
if ((ROLLING || CHAOS) && PROCESSES < 2) {
  console.error(
    `--${CHAOS ? 'chaos' : 'rolling-restart'} needs --processes 2 or more (they share rooms through Redis)`,
  );
  process.exit(2);
}

// Chaos: each API attempt's outcome, `HTTP <status>`, `ECONNREFUSED` (never reached a process) or
// `no answer (<code>)`; and how many calls needed a retry or were given up after CALL_ATTEMPTS refusals.
const attempts: Array<{ at: number; outcome: string }> = [];
let callsGivenUp = 0;
let callsRetried = 0;
/** Attempts retried after no answer (only with Idempotency-Keys: safe then). */
let callsRetriedAfterNoAnswer = 0;
const CALL_ATTEMPTS = 40;
const RETRY_MS = 250;

interface Client {
  id: number;
  room: string;
  user: string;
  admin: boolean;
  role: string | null;
  token: string;
}

const secret = new TextEncoder().encode(TEST_SECRET);
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('2h');

async function makeClients(): Promise<Client[]> {
  const list: Client[] = [];
  for (let id = 0; id < CLIENTS; id++) {
    const room = `load-${id % ROOMS}`;
    const user = `u${id}`;
    if (id % 4 === 3) {
      const role = 'student';
      list.push({
        id,
        room,
        user,
        admin: false,
        role,
        token: await sign({ access_key: TEST_KEY, type: 'app', version: 2, room_id: room, user_id: user, role }).sign(
          secret,
        ),
      });
    } else {
      const admin = id % 20 === 0;
      list.push({
        id,
        room,
        user,
        admin,
        role: admin ? 'admin' : 'participant',
        token: await sign({ room_id: room, name: user, is_admin: admin })
          .setIssuer(TEST_KEY)
          .setSubject(user)
          .sign(secret),
      });
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

const redis = CHAOS ? await persistentRedis() : PROCESSES > 1 ? await startRedis() : null;
const serverEnv = {
  ...(redis ? { REDIS_URL: redis.url } : {}),
  LOG_LEVEL: 'error',
  CHAT_RATE_POINTS: '100000',
  // Every simulated widget comes from this machine: no per-address join limit.
  JOIN_RATE_PER_IP: '0',
  ...(ROLLING ? { SHUTDOWN_GRACE_MS: String(ROLLING_GRACE_MS) } : {}),
};
const servers = await Promise.all(Array.from({ length: PROCESSES }, () => startRoomServer(serverEnv)));
const lb =
  ROLLING || CHAOS
    ? await balancerProcess(servers.map((s) => s.port))
    : PROCESSES > 1
      ? await balancer(servers.map((s) => s.port))
      : null;
const entry = lb?.url ?? servers[0]!.url;
// Rolling restarts: API calls go through the balancer too, one connection each, as a backend's HTTP client
// behind a load balancer would see processes come and go.
// Chaos: straight into a random process, one connection per call, so a refused connection means "never arrived".
const apis = ROLLING
  ? [apiClient(entry, TEST_KEY, TEST_SECRET, { connection: 'close' })]
  : servers.map((s) => apiClient(s.url, TEST_KEY, TEST_SECRET, CHAOS ? { connection: 'close' } : {}));
const workers: ReturnType<typeof fork>[] = [];
let restarts: Promise<RestartReport[]> | null = null;
let chaos: Promise<ChaosEvent[]> | null = null;
try {
  for (let r = 0; r < ROOMS; r++) await apis[r % apis.length]!.createRoom(`load-${r}`);
  const clients = await makeClients();
  const byRoom = new Map<string, Client[]>();
  for (const c of clients) byRoom.set(c.room, [...(byRoom.get(c.room) ?? []), c]);

  console.log(
    `connecting ${CLIENTS} clients in ${ROOMS} rooms to ${PROCESSES} process(es) from ${WORKERS} worker processes ...`,
  );
  const ready = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) => {
      const child = fork(new URL('./load-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
      workers.push(child);
      const share = clients.filter((c) => c.id % WORKERS === w).map(({ id, token }) => ({ id, token }));
      return new Promise<{ connected: number; failed: number }>((resolve) => {
        void reply(child, 'ready').then((m) => resolve(m as { connected: number; failed: number }));
        child.send({ type: 'start', assignment: { url: entry, clients: share, resume: ROLLING || CHAOS } });
      });
    }),
  );
  const connected = ready.reduce((a, r) => a + r.connected, 0);
  console.log(`connected ${connected}, refused ${ready.reduce((a, r) => a + r.failed, 0)}`);

  // The calls and, for each, who must receive it: an oracle written apart from the server's targeting code.
  const expected = new Map<string, Expected>();
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
  if (CHAOS && lb && 'setBackends' in lb)
    chaos = chaosEvents({ servers, apis, lb, env: serverEnv, redis: redis as PersistentRedis, workers, connected });
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
    const exp: Expected = { sent: performance.timeOrigin + performance.now(), answered: Infinity, to };
    expected.set(call, exp);
    const request = (api: (typeof apis)[number]) =>
      kind === 'role' || kind === 'hms-everyone'
        ? api.hms(room, kind === 'role' ? { role: 'student', message: text } : { message: text })
        : api.pn('/room/broadcastToRoom', {
            room_id: room,
            ...(kind === 'admins' || kind === 'admins+user' ? { only_to_admins: true } : {}),
            ...(kind === 'user' || kind === 'admins+user' ? { to_user_id: target.user } : {}),
            chat_msg: { message: text },
          });
    const p = (
      CHAOS
        ? chaosCall(request, exp, failed, `load-call-${call}`)
        : request(apis[i % apis.length]!).then((res) => {
            exp.answered = performance.timeOrigin + performance.now();
            if (res.status !== 200) failed(`HTTP ${res.status}`);
          })
    )
      .catch((error: Error & { cause?: { code?: string; message?: string } }) =>
        failed(error.cause?.code ?? error.cause?.message ?? error.message),
      )
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  const restartReports = await restarts;
  const chaosReports = await chaos;
  await new Promise((r) => setTimeout(r, 3000)); // let the last deliveries land
  const memory = servers.map((s) => rssMb(s.pid!));

  const results = await Promise.all(
    workers.map(
      (child) =>
        new Promise<WorkerResults>((resolve) => {
          void reply(child, 'results').then((m) => resolve(m as WorkerResults));
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
    if (exp?.refused && exp.to.has(client)) continue; // counted as refused_but_delivered below
    if (!exp || !exp.to.has(client)) misdelivered++;
    else latencies.push(at - exp.sent);
  }
  let lost = 0;
  let deliveries = 0;
  for (const [call, exp] of expected) {
    // A refused call must not deliver; an ambiguous one (no answer) must reach all its targets or none.
    if (exp.refused || (exp.ambiguous && !got.has(call))) continue;
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
    ...(CHAOS ? chaosSummary(chaosReports ?? [], results, receipts, expected, got, latencies) : {}),
  };
  console.log(JSON.stringify(report, null, 2));
  const chaosFailures = CHAOS
    ? report.refused_but_delivered! + report.seq_regressions! + report.api_calls_given_up!
    : 0;
  process.exitCode = lost + misdelivered + duplicated + errors + report.out_of_order + chaosFailures === 0 ? 0 : 1;
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  lb?.close();
  await Promise.all(servers.map((s) => s.stop()));
  await redis?.stop();
}

// ---- rolling restarts (--rolling-restart) ----

interface Expected {
  /** When the attempt that was answered (or left unanswered) was sent. */
  sent: number;
  answered: number;
  to: Set<number>;
  /** Chaos: no answer at all (its process died); not lost if missing, but then missing for every target. */
  ambiguous?: boolean;
  /** Chaos: refused on every attempt; must reach no one. */
  refused?: boolean;
  /** Chaos: each attempt's outcome, in order (which duplicates came from retried calls). */
  attempts?: string[];
}

interface WorkerResults {
  received: Array<[number, string, number, number | null]>;
  stats?: {
    disconnect_reasons: Record<string, number>;
    resumed_joins: number;
    gaps: number;
    copies_dropped: number;
    connected_at_end: number;
    refused_for_good: Record<string, number>;
  };
}

/** The worker's next message of one type (status answers may interleave with the others). */
function reply(child: ReturnType<typeof fork>, type: string): Promise<unknown> {
  return new Promise((resolve) => {
    const listener = (m: unknown) => {
      if ((m as { type?: string }).type !== type) return;
      child.off('message', listener);
      resolve(m);
    };
    child.on('message', listener);
  });
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
async function rollingRestarts(
  list: ServerProcess[],
  lb: Balancer,
  env: Record<string, string>,
): Promise<RestartReport[]> {
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
    reports.push({
      process: i,
      widgets_before,
      drain_ms: Math.round(performance.now() - started),
      exit_code: exit.code,
    });
    list[i] = fresh;
    await lb.setBackends(list.map((s) => s.port));
    console.log(
      `restarted process ${i}: ${widgets_before} widgets moved, drained in ${reports.at(-1)!.drain_ms} ms, exit ${exit.code}`,
    );
  }
  return reports;
}

/**
 * Messages a client was shown before one whose API call had already been answered when theirs was sent: an
 * order the oracle can demand (concurrent calls may arrive either way). Counted per client, from the end.
 */
function outOfOrder(
  receipts: WorkerResults['received'],
  expected: Map<string, { sent: number; answered: number }>,
): number {
  return [...outOfOrderByClient(receipts, expected).values()].reduce((a, n) => a + n, 0);
}

function outOfOrderByClient(
  receipts: WorkerResults['received'],
  expected: Map<string, { sent: number; answered: number }>,
): Map<number, number> {
  const byClient = new Map<number, string[]>();
  for (const [client, call] of receipts) {
    const calls = byClient.get(client) ?? [];
    byClient.set(client, calls);
    calls.push(call);
  }
  const counts = new Map<number, number>();
  for (const [client, calls] of byClient) {
    let count = 0;
    let earliestAnswerAfter = Infinity;
    for (let i = calls.length - 1; i >= 0; i--) {
      const exp = expected.get(calls[i]!);
      if (!exp) continue;
      if (earliestAnswerAfter < exp.sent) count++;
      earliestAnswerAfter = Math.min(earliestAnswerAfter, exp.answered);
    }
    counts.set(client, count);
  }
  return counts;
}

function rollingSummary(reports: RestartReport[], results: WorkerResults[], latencies: number[]) {
  return { restarts: reports, ...resumeSummary(results, latencies) };
}

/** How the resuming clients were moved and came back, and the latency tail that moving costs. */
function resumeSummary(results: WorkerResults[], latencies: number[]) {
  const reasons: Record<string, number> = {};
  const refusedForGood: Record<string, number> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.stats?.disconnect_reasons ?? {})) reasons[k] = (reasons[k] ?? 0) + v;
  for (const r of results)
    for (const [k, v] of Object.entries(r.stats?.refused_for_good ?? {}))
      refusedForGood[k] = (refusedForGood[k] ?? 0) + v;
  const sum = (pick: (s: NonNullable<WorkerResults['stats']>) => number) =>
    results.reduce((a, r) => a + (r.stats ? pick(r.stats) : 0), 0);
  return {
    disconnect_reasons: reasons,
    widgets_refused_for_good: refusedForGood,
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
function lostExamples(
  receipts: WorkerResults['received'],
  expected: Map<string, { to: Set<number> }>,
  got: Map<string, Map<number, number>>,
  limit = 5,
) {
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
      examples.push({
        call,
        client,
        seq,
        shown_around: at < 0 ? list.slice(-3) : list.slice(Math.max(0, at - 3), at + 3),
      });
    }
  }
  return examples;
}

// ---- chaos (--chaos) ----

type Api = ReturnType<typeof apiClient>;
type PersistentRedis = Awaited<ReturnType<typeof persistentRedis>>;

function clock(): number {
  return performance.timeOrigin + performance.now();
}
function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
/** What a backend may safely retry: a 503 (the server says so) or a connection no process accepted. */
function retryable(outcome: string): boolean {
  return outcome === 'HTTP 503' || outcome === 'ECONNREFUSED';
}

/**
 * One API call as a careful backend makes it: to a random process; on a retryable refusal, again (another random
 * process) after a pause, with the same Idempotency-Key. With the key, an attempt that got no answer at all (its
 * process died under it) is retried too: the server publishes the call only if that attempt did not. Without keys
 * (`--no-idempotency-key`) it is not retried (it may have been published) and makes the call ambiguous. Anything
 * else is an error and the call must then reach no one.
 */
async function chaosCall(
  request: (api: Api) => Promise<{ status: number }>,
  exp: Expected,
  failed: (kind: string) => void,
  key: string,
): Promise<void> {
  exp.attempts = [];
  for (let attempt = 1; ; attempt++) {
    const slot = Math.floor(Math.random() * apis.length);
    // servers[slot] is the slot's current process (a killed one's replacement once it has started).
    const api = IDEMPOTENCY_KEYS
      ? apiClient(servers[slot]!.url, TEST_KEY, TEST_SECRET, { connection: 'close', 'idempotency-key': key })
      : apis[slot]!;
    // The earliest the call can have been published: a 503 may come after the publish (its answer from Redis lost).
    if (attempt === 1) exp.sent = clock();
    let outcome: string;
    try {
      outcome = `HTTP ${(await request(api)).status}`;
    } catch (error) {
      const { cause, message } = error as Error & { cause?: { code?: string; message?: string } };
      const code = cause?.code ?? cause?.message ?? message;
      outcome = code === 'ECONNREFUSED' ? code : `no answer (${code})`;
    }
    attempts.push({ at: clock(), outcome });
    exp.attempts.push(outcome);
    if (outcome === 'HTTP 200') {
      exp.answered = clock();
      exp.ambiguous = false; // answered: every target must have it
      if (attempt > 1) callsRetried++;
      return;
    }
    if (outcome.startsWith('no answer')) {
      exp.ambiguous = true;
      if (!IDEMPOTENCY_KEYS) return;
      callsRetriedAfterNoAnswer++;
    } else if (!retryable(outcome)) {
      exp.refused = !exp.ambiguous;
      return failed(outcome);
    }
    if (attempt >= CALL_ATTEMPTS) {
      callsGivenUp++;
      exp.refused = !exp.ambiguous;
      return;
    }
    await sleep(RETRY_MS);
  }
}

/** A raw RESP command over one TCP connection: the reply's first line, or null while Redis is not answering. */
function redisCommand(port: number, command: string): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('data', (d) => {
      socket.end();
      resolve(d.toString().split('\r\n')[0]!);
    });
    socket.once('error', () => resolve(null));
    socket.once('close', () => resolve(null));
  });
}

/**
 * Redis with its append-only file on, restarted with SIGTERM (it writes the file out before exiting) on the same
 * port and directory, so rooms, sequences, history and the delivery stream survive the restart.
 */
async function persistentRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rw-chaos-redis-'));
  let child: ReturnType<typeof spawn>;
  let exited: Promise<unknown>;
  const launch = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
      { stdio: 'ignore' },
    );
    exited = new Promise((r) => child.once('exit', r));
    const deadline = Date.now() + 10_000;
    // PONG only once the append-only file is loaded (LOADING before).
    while ((await redisCommand(port, 'PING')) !== '+PONG') {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
      await sleep(20);
    }
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    /** SIGTERM, wait for the exit, start again; resolves to the time Redis was away and the rooms it came back with. */
    async restart(): Promise<{ down_ms: number; rooms_after: number }> {
      const t0 = performance.now();
      process.kill(child.pid!, 'SIGTERM');
      await exited;
      await launch();
      const rooms = await redisCommand(port, 'HLEN rw:rooms');
      return { down_ms: Math.round(performance.now() - t0), rooms_after: Number(rooms?.slice(1)) };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface ChaosEvent {
  event: 'SIGKILL' | 'redis restart';
  process?: number;
  at_s: number;
  /** Kill: until the replacement was ready and in the balancer. Redis: until it answered again, data loaded. */
  down_ms: number;
  rooms_after?: number;
  widgets_dropped: number;
  /** Until every widget was welcomed again (0 when none dropped; null if they did not all come back in 60 s). */
  recover_ms: number | null;
  /** API attempts from this event to the next that were refused (by outcome), and until when. */
  refused: Record<string, number>;
  refused_until_ms: number;
  no_answer: number;
}

interface ChaosTargets {
  servers: ServerProcess[];
  apis: Api[];
  lb: Balancer;
  env: Record<string, string>;
  redis: PersistentRedis;
  workers: ReturnType<typeof fork>[];
  connected: number;
}

async function welcomedNow(workers: ReturnType<typeof fork>[]): Promise<number> {
  const counts = await Promise.all(
    workers.map((child) => {
      const answer = reply(child, 'status');
      child.send({ type: 'status' });
      return answer as Promise<{ welcomed: number }>;
    }),
  );
  return counts.reduce((a, c) => a + c.welcomed, 0);
}

/** Polls the workers until every widget is welcomed again after the event that began at `t0`. */
async function watchRecovery(event: ChaosEvent, t0: number, { workers, connected }: ChaosTargets): Promise<void> {
  let lowest = connected;
  while (performance.now() - t0 < 60_000) {
    // Elapsed as of the question: a busy worker may answer a question asked before the drop much later.
    const asked = performance.now();
    const welcomed = await welcomedNow(workers);
    lowest = Math.min(lowest, welcomed);
    event.widgets_dropped = connected - lowest;
    // Widgets on a SIGKILLed process see the connection reset at once; give a Redis restart 3 s to show any drop.
    if (welcomed >= connected && (lowest < connected || asked - t0 > 3000)) {
      event.recover_ms = lowest < connected ? Math.round(performance.now() - t0) : 0;
      return;
    }
    await sleep(200);
  }
}

/**
 * The chaos schedule: every KILL_EVERY_MS one process (in turn) is SIGKILLed and a replacement started on a new
 * port; halfway, between two kills, Redis is restarted. Kills stop 10 s before the end so the last one recovers.
 */
async function chaosEvents(targets: ChaosTargets): Promise<ChaosEvent[]> {
  const { servers, apis: slots, lb, env, redis } = targets;
  const plan: Array<{ at: number; slot: number | null }> = [];
  for (let at = KILL_EVERY_MS, k = 0; at <= SECONDS * 1000 - 10_000; at += KILL_EVERY_MS, k++)
    plan.push({ at, slot: k % servers.length });
  plan.push({ at: (Math.floor((SECONDS * 1000) / 2 / KILL_EVERY_MS) + 0.5) * KILL_EVERY_MS, slot: null });
  plan.sort((a, b) => a.at - b.at);
  const begun = performance.now();
  const events: Array<{ event: ChaosEvent; t0: number }> = [];
  const watches: Promise<void>[] = [];
  const restarts: Promise<void>[] = [];
  for (const { at, slot } of plan) {
    await sleep(begun + at - performance.now());
    const t0 = performance.now();
    const event: ChaosEvent = {
      event: slot === null ? 'redis restart' : 'SIGKILL',
      at_s: Math.round((t0 - begun) / 100) / 10,
      down_ms: 0,
      widgets_dropped: 0,
      recover_ms: null,
      refused: {},
      refused_until_ms: 0,
      no_answer: 0,
    };
    events.push({ event, t0: performance.timeOrigin + t0 });
    const done = () =>
      console.log(
        `${event.event}${slot === null ? '' : ` process ${slot}`} at ${event.at_s} s: back in ${event.down_ms} ms`,
      );
    if (slot === null) {
      watches.push(watchRecovery(event, t0, targets));
      Object.assign(event, await redis.restart());
      done();
      continue;
    }
    event.process = slot;
    const victim = servers[slot]!;
    try {
      process.kill(victim.pid!, 'SIGKILL');
    } catch {
      // already dead: its replacement is still starting
    }
    await victim.exited;
    watches.push(watchRecovery(event, t0, targets));
    // The replacement starts in the background: on a busy machine it can take longer than the kill interval.
    restarts.push(
      (async () => {
        const fresh = await startRoomServer(env);
        servers[slot] = fresh;
        slots[slot] = apiClient(fresh.url, TEST_KEY, TEST_SECRET, { connection: 'close' });
        await lb.setBackends(servers.map((s) => s.port));
        event.down_ms = Math.round(performance.now() - t0);
        done();
      })(),
    );
  }
  await Promise.all([...watches, ...restarts]);
  // Each refusal belongs to the latest event before it.
  for (const [i, { event, t0 }] of events.entries()) {
    const end = events[i + 1]?.t0 ?? Infinity;
    for (const { at, outcome } of attempts) {
      if (at < t0 || at >= end || outcome === 'HTTP 200') continue;
      if (outcome.startsWith('no answer')) event.no_answer++;
      else event.refused[outcome] = (event.refused[outcome] ?? 0) + 1;
      event.refused_until_ms = Math.max(event.refused_until_ms, Math.round(at - t0));
    }
  }
  return events.map((e) => e.event);
}

/** Counts per client (how many clients had any, and the worst one) besides the totals the report already has. */
function perClient(counts: Map<number, number>) {
  const values = [...counts.values()].filter((n) => n > 0);
  return { clients: values.length, worst: Math.max(0, ...values), total: values.reduce((a, n) => a + n, 0) };
}

function chaosSummary(
  events: ChaosEvent[],
  results: WorkerResults[],
  receipts: WorkerResults['received'],
  expected: Map<string, Expected>,
  got: Map<string, Map<number, number>>,
  latencies: number[],
) {
  const add = (map: Map<number, number>, client: number, n = 1) => map.set(client, (map.get(client) ?? 0) + n);
  const lost = new Map<number, number>();
  const duplicated = new Map<number, number>();
  const misdelivered = new Map<number, number>();
  let refusedButDelivered = 0;
  let ambiguous = 0;
  let ambiguousDelivered = 0;
  for (const [call, exp] of expected) {
    const perCall = got.get(call);
    if (exp.ambiguous) {
      ambiguous++;
      if (perCall) ambiguousDelivered++;
    }
    if (exp.refused) {
      refusedButDelivered += perCall?.size ?? 0;
      continue;
    }
    if (exp.ambiguous && !perCall) continue;
    for (const client of exp.to) if (!perCall?.has(client)) add(lost, client);
  }
  for (const perCall of got.values()) for (const [client, n] of perCall) if (n > 1) add(duplicated, client, n - 1);
  for (const [client, call] of receipts) {
    const exp = expected.get(call);
    if (!exp || (!exp.refused && !exp.to.has(client))) add(misdelivered, client);
  }
  // Independently of the oracle: the sequence numbers a client was shown only ever grow.
  const lastSeq = new Map<number, number>();
  let seqRegressions = 0;
  for (const [client, , , seq] of receipts) {
    if (seq === null) continue;
    if (seq <= (lastSeq.get(client) ?? 0)) seqRegressions++;
    lastSeq.set(client, seq);
  }
  const outcomes: Record<string, number> = {};
  for (const { outcome } of attempts) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  // Which calls were shown twice, by the outcomes of their attempts: a retry after a 503 whose first attempt had
  // published is the lost-answer case an Idempotency-Key closes (docs/reliability.md).
  const duplicatedCalls: Record<string, number> = {};
  for (const [call, perCall] of got) {
    if (![...perCall.values()].some((n) => n > 1)) continue;
    const history = expected.get(call)?.attempts?.join(' → ') ?? 'unknown call';
    duplicatedCalls[history] = (duplicatedCalls[history] ?? 0) + 1;
  }
  return {
    chaos_events: events,
    per_client: {
      lost: perClient(lost),
      duplicated: perClient(duplicated),
      misdelivered: perClient(misdelivered),
      out_of_order: perClient(outOfOrderByClient(receipts, expected)),
    },
    api_attempts: outcomes,
    idempotency_keys: IDEMPOTENCY_KEYS,
    duplicated_calls_by_attempts: duplicatedCalls,
    api_calls_retried_then_answered: callsRetried,
    api_attempts_retried_after_no_answer: callsRetriedAfterNoAnswer,
    api_calls_given_up: callsGivenUp,
    ambiguous_calls: ambiguous,
    ambiguous_delivered: ambiguousDelivered,
    refused_but_delivered: refusedButDelivered,
    seq_regressions: seqRegressions,
    ...resumeSummary(results, latencies),
  };
}
