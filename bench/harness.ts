// What the bench's measures share: the key and tokens, server and client-holder processes (each stopped by its pid),
// and the memory measure, which `bench/bench.ts` runs in the full bench or alone (`BENCH_ONLY=memory`) and
// `bench/memory-profile.ts` runs with heap snapshots.
import { fork, type ChildProcess } from 'node:child_process';
import { SignJWT } from 'jose';
import { apiClient } from '../test/api-client.js';

export const KEY = 'bench-key';
export const SECRET = 'bench-secret-0123456789';

const secret = new TextEncoder().encode(SECRET);
export const token = (room: string, user: string) =>
  new SignJWT({ room_id: room, name: user })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(KEY)
    .setSubject(user)
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(secret);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process a run starts, stopped by pid at its end (or by its watchdog). */
export const children = new Set<ChildProcess>();

/** Asks a child over IPC; rejects if it exits first (a bench server that ran out of heap must not hang the run). */
export function ask<T>(child: ChildProcess, msg: object, reply: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', on);
      child.off('exit', gone);
    };
    const on = (m: { type: string }) => {
      if (m.type === reply) {
        done();
        resolve(m as T);
      }
    };
    const gone = () => {
      done();
      reject(new Error(`the bench process ${child.pid} exited before answering "${reply}"`));
    };
    if (child.exitCode !== null || child.signalCode !== null) return gone();
    child.on('message', on);
    child.once('exit', gone);
    child.send(msg, (error) => error && gone());
  });
}

/** A process holding many clients (`bench/count-worker.ts`). */
export function startWorker(): ChildProcess {
  const child = fork(new URL('./count-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
  children.add(child);
  return child;
}

/** A room server (`room`, memory or Redis backends) or a bare socket.io server (`bare`) in its own process. */
export async function startServer(
  kind: 'room' | 'bare',
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const serverEnv = {
    ROOM_API_KEY: KEY,
    ROOM_API_SECRET: SECRET,
    CHAT_RATE_POINTS: '1000000',
    HISTORY_LIMIT: '200',
    // Every bench client comes from 127.0.0.1: JOIN_RATE_PER_IP (200 per 10 s) would refuse all but the first 200.
    JOIN_RATE_PER_IP: '0',
    ...env,
  };
  // BENCH_CPU_PROF=<dir>: each server process writes a CPU profile there when it exits (open it in DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(new URL('./server-process.ts', import.meta.url), [kind, JSON.stringify(serverEnv)], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...profile],
  });
  children.add(child);
  const { url } = await new Promise<{ url: string }>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m));
    child.once('exit', (code) => reject(new Error(`bench ${kind} server exited (${code})`)));
  });
  return { child, url };
}

/** Asks a child to exit (over IPC, or SIGTERM for redis-server), then kills it by pid if it has not within 3 s. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    if (child.connected) child.send({ type: 'close' }, () => undefined);
    else child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  children.delete(child);
}

/** A server process's memory after a full GC (bytes). */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  malloced: number;
  /** V8's heap spaces (new_space, old_space, code_space...): committed size and used bytes. */
  spaces: Record<string, { size: number; used: number }>;
}
export const memoryOf = (child: ChildProcess) => ask<MemoryReading & { type: 'rss' }>(child, { type: 'rss' }, 'rss');
export const rssOf = (child: ChildProcess) => memoryOf(child).then((m) => m.rss);

export const connect = (child: ChildProcess, request: object) =>
  ask<{ connected: number; lastAdmittedAt: number | null }>(child, { type: 'connect', ...request }, 'ready');

export interface MemoryRun {
  /** Growth of each reading from before the first client, at each count of `counts`. */
  growth: Record<'room' | 'bare', MemoryReading[]>;
  connected: Record<'room' | 'bare', number[]>;
}

/**
 * Idle clients held by a room server and by a bare socket.io server, one after the other in the same run: each
 * server gets `counts` clients in turn (rooms of `roomSize`) and its memory is read 2 s after each step.
 * `atEach` runs after each reading (a heap snapshot, say).
 */
export async function idleMemory(
  counts: number[],
  roomSize: number,
  atEach?: (kind: 'room' | 'bare', n: number, server: ChildProcess) => Promise<void>,
): Promise<MemoryRun> {
  const total = counts.at(-1)!;
  const rooms = Math.ceil(total / roomSize);
  const tokens = await Promise.all(Array.from({ length: total }, (_, i) => token(`mem-${i % rooms}`, `mem-${i}`)));
  const run: MemoryRun = { growth: { room: [], bare: [] }, connected: { room: [], bare: [] } };
  for (const kind of ['room', 'bare'] as const) {
    // Every client comes from 127.0.0.1: no per-address join limit (JOIN_RATE_PER_IP would admit 200 per 10 s).
    const server = await startServer(kind, { JOIN_RATE_PER_IP: '0' });
    if (kind === 'room') {
      const api = apiClient(server.url, KEY, SECRET);
      for (let r = 0; r < rooms; r += 50)
        await Promise.all(Array.from({ length: Math.min(50, rooms - r) }, (_, j) => api.createRoom(`mem-${r + j}`)));
    }
    const holders = [startWorker(), startWorker()];
    const base = await memoryOf(server.child);
    let held = 0;
    for (const n of counts) {
      const batch = tokens.slice(held, n);
      const readies = await Promise.all(
        holders.map((w, k) =>
          connect(w, {
            url: server.url,
            tokens: batch.filter((_, i) => i % 2 === k),
            readyOn: kind === 'room' ? 'welcome' : 'connect',
          }),
        ),
      );
      held = n;
      run.connected[kind].push(readies.reduce((a, r) => a + r.connected, 0) + (run.connected[kind].at(-1) ?? 0));
      await sleep(2000);
      const now = await memoryOf(server.child);
      run.growth[kind].push({
        rss: now.rss - base.rss,
        heapUsed: now.heapUsed - base.heapUsed,
        heapTotal: now.heapTotal - base.heapTotal,
        external: now.external - base.external,
        arrayBuffers: now.arrayBuffers - base.arrayBuffers,
        malloced: now.malloced - base.malloced,
        spaces: Object.fromEntries(
          Object.entries(now.spaces).map(([name, s]) => [
            name,
            { size: s.size - (base.spaces[name]?.size ?? 0), used: s.used - (base.spaces[name]?.used ?? 0) },
          ]),
        ),
      });
      await atEach?.(kind, n, server.child);
    }
    await Promise.all(holders.map(stop));
    await stop(server.child);
  }
  return run;
}
