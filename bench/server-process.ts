// A server for the bench in a process of its own, so its memory can be read alone and several can run behind
// Redis: `room` is this project's room server (memory backends, or Redis with REDIS_URL), `bare` a plain
// socket.io server with the same engine settings that only holds its clients. Answers over IPC: `listening`
// with its URL, `rss` after a full GC (node is started with --expose-gc) with the heap's figures beside it,
// `snapshot` by writing a heap snapshot to the path asked for (bench/memory-profile.ts), and exits on `close`.
import { createServer } from 'node:http';
import { getHeapSpaceStatistics, getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { Server } from 'socket.io';
import { loadConfig } from '../server/config.ts';
import { createRoomServer } from '../server/app.ts';
import { redisBackends } from '../server/backends/redis/index.ts';

const kind = process.argv[2] === 'bare' ? 'bare' : 'room';
const env = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
let close: () => Promise<void>;
let bareIo: Server | undefined;
let url: string;

if (kind === 'room') {
  const config = loadConfig({ PORT: '0', ...env });
  const log = { info: () => undefined, error: (m: string) => console.error(`bench server: ${m}`) };
  const backends = config.redisUrl ? await redisBackends(config, log) : undefined;
  const app = await createRoomServer(config, { logLevel: 'error', ...(backends ? { backends } : {}) });
  url = await app.listen();
  close = () => app.close();
} else {
  const http = createServer();
  // The engine settings the room server uses (server/app.ts), so only the room server's own work differs.
  const io = new Server(http, { maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });
  io.on('connection', (socket) => void socket.join('bare'));
  bareIo = io;
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const address = http.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  close = () => new Promise<void>((r) => io.close(() => r()));
}

const fullGc = async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
};

/** The bare server's own sender: `rate` messages a second for `seconds`, each emitted to all its clients at once. */
async function sendBare(rate: number, seconds: number): Promise<number> {
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  // A server that cannot keep up stops 30 s past the schedule: what it never emitted is lost, not waited for.
  const stop = t0 + seconds * 1000 + 30_000;
  for (let i = 0; i < total; i++) {
    if (performance.now() > stop) return i;
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    bareIo!.to('bare').emit('message', {
      id: crypto.randomUUID(),
      room_id: 'large',
      seq: i + 1,
      ts: Date.now(),
      kind: 'chat',
      from: null,
      private: false,
      text: `t:${performance.timeOrigin + performance.now()}:bare:${i}`,
    });
  }
  return total;
}

process.on('message', async (msg: { type: string; path?: string; rate?: number; seconds?: number }) => {
  if (msg.type === 'cpu') process.send!({ type: 'cpu', ...process.cpuUsage() });
  if (msg.type === 'send') process.send!({ type: 'sent', sent: await sendBare(msg.rate!, msg.seconds!) });
  if (msg.type === 'rss') {
    await fullGc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const { total_heap_size: heapTotal, malloced_memory: malloced } = getHeapStatistics();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    );
    process.send!({ type: 'rss', rss, heapUsed, heapTotal, external, arrayBuffers, malloced, spaces });
  }
  if (msg.type === 'snapshot' && msg.path) {
    await fullGc();
    writeHeapSnapshot(msg.path);
    process.send!({ type: 'snapshot', path: msg.path });
  }
  if (msg.type === 'close') {
    await close().catch(() => undefined);
    process.exit(0);
  }
});
process.send!({ type: 'listening', url });

// The bench process gone (it failed or was killed): the server does not outlive it.
process.on('disconnect', () => process.exit(0));
