// `node --import tsx bench/uploads.ts`: concurrent large uploads into one room while the server's resident memory is
// sampled, to show that uploads stream (memory stays flat) rather than being held whole. Loopback only; bounded in
// uploads, bytes and time; every process it starts is stopped by its pid.
//
//   node --import tsx bench/uploads.ts [--uploads 20] [--mb 20] [--s3] [--declared]
//
// By default the bodies are streamed without a Content-Length (the server learns the size as it reads; an S3 backend
// then spools to a local file); `--declared` sends Content-Length, as browsers do for a File.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { apiClient } from '../test/api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../test/room-server-process.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3 } from '../test/s3-process.js';

const { values } = parseArgs({
  options: {
    uploads: { type: 'string', default: '20' },
    mb: { type: 'string', default: '20' },
    s3: { type: 'boolean', default: false },
    declared: { type: 'boolean', default: false },
  },
});
const UPLOADS = Math.min(Number(values.uploads), 100);
const MB = Math.min(Number(values.mb), 200);
const DEADLINE_MS = 300_000;
const CHUNK = 64 * 1024;

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples in a worker thread, whose event loop the senders cannot starve; resolves to the samples when stopped. */
function sampleRss(pid: number, everyMs: number): { stop(): Promise<number[]> } {
  const worker = new Worker(
    `const { readFileSync } = require('node:fs'); const { parentPort } = require('node:worker_threads');
     const samples = [];
     const timer = setInterval(() => samples.push(Number(/VmRSS:\\s+(\\d+) kB/.exec(readFileSync('/proc/${pid}/status', 'utf8'))[1]) / 1024), ${everyMs});
     parentPort.once('message', () => { clearInterval(timer); parentPort.postMessage(samples); });`,
    { eval: true },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once('message', (samples: number[]) => void worker.terminate().then(() => resolve(samples)));
        worker.postMessage('stop');
      }),
  };
}

const noise = randomBytes(CHUNK);
const head = Buffer.from('%PDF-1.7\n');

/** A PDF-looking body of `bytes`: a Blob (sent with its Content-Length), or a stream of 64 KB chunks (sent chunked). */
function body(bytes: number): Blob | ReadableStream<Uint8Array> {
  if (values.declared) {
    const parts = Array.from({ length: Math.ceil(bytes / CHUNK) }, (_, i) =>
      i === 0 ? Buffer.concat([head, noise.subarray(head.length)]) : noise,
    );
    return new Blob(parts).slice(0, bytes);
  }
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = sent === 0 ? Buffer.concat([head, noise.subarray(head.length)]) : noise;
      const piece = chunk.subarray(0, Math.min(CHUNK, bytes - sent));
      sent += piece.length;
      controller.enqueue(piece);
    },
  });
}

const s3 = values.s3 ? await startS3() : undefined;
const env: Record<string, string> = {
  FILE_MAX_SIZE_MB: String(MB + 1),
  FILE_ROOM_QUOTA_MB: String(UPLOADS * (MB + 1)),
  CHAT_RATE_POINTS: '1000',
  LOG_LEVEL: 'warn',
};
if (s3)
  Object.assign(env, {
    FILES_S3_BUCKET: s3.bucket,
    FILES_S3_ENDPOINT: s3.url,
    FILES_S3_ACCESS_KEY_ID: S3_ACCESS_KEY,
    FILES_S3_SECRET_ACCESS_KEY: S3_SECRET_KEY,
  });
const server = await startRoomServer(env);
try {
  const api = apiClient(server.url, TEST_KEY, TEST_SECRET);
  await api.createRoom(
    'bench-files',
    {},
    { room_features: { chat_features: { allow_chat: true, allow_file_upload: true } } },
  );
  const tokens = await Promise.all(
    Array.from({ length: UPLOADS }, (_, i) => api.joinToken('bench-files', `uploader-${i}`)),
  );
  const send = (token: string, bytes: number) =>
    fetch(`${server.url}/files/bench-files?name=bench.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: body(bytes),
      duplex: 'half',
      signal: AbortSignal.timeout(DEADLINE_MS),
    } as RequestInit).then(async (res) => ({
      status: res.status,
      answer: (await res.json()) as { ok: boolean; message?: { file?: { size: number } } },
    }));

  // Warm up (modules loaded, first allocations made), then take the baseline.
  for (let i = 0; i < 3; i++) await send(tokens[0]!, 2 * 1024 * 1024);
  global.gc?.();
  const baselineSamples: number[] = [];
  for (let i = 0; i < 10; i++) {
    baselineSamples.push(rssMb(server.pid!));
    await new Promise((r) => setTimeout(r, 50));
  }
  const baseline = Math.max(...baselineSamples);

  const sampler = sampleRss(server.pid!, 25);
  const started = performance.now();
  const results = await Promise.all(tokens.map((t) => send(t, MB * 1024 * 1024)));
  const seconds = (performance.now() - started) / 1000;
  const samples = await sampler.stop();

  const ok = results.filter((r) => r.status === 201 && r.answer.message?.file?.size === MB * 1024 * 1024).length;
  const peak = Math.max(...samples);
  const total = UPLOADS * MB;
  console.log(
    `uploads: ${UPLOADS} concurrent × ${MB} MB (${total} MB) to ${s3 ? 'S3 (s3rver on loopback)' : 'the upload directory'}, ${values.declared ? 'each with its Content-Length' : 'streamed without Content-Length'}`,
  );
  console.log(
    `stored: ${ok}/${UPLOADS} with the exact size; ${seconds.toFixed(1)} s, ${(total / seconds).toFixed(0)} MB/s`,
  );
  console.log(
    `server RSS: baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, peak − baseline ${(peak - baseline).toFixed(0)} MB (${samples.length} samples every 25 ms)`,
  );
  console.log(
    `flat: the growth is ${(((peak - baseline) / total) * 100).toFixed(1)}% of the ${total} MB uploaded (held whole, it would be 100%)`,
  );
  if (ok !== UPLOADS) process.exitCode = 1;
} finally {
  await server.stop();
  await s3?.stop();
}
