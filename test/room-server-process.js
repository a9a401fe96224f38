// Starts the real room server as a child process on a free loopback port, and stops it by its pid.
// Shared by the browser tests (web-test-runner plugin), the end-to-end test and the benchmarks.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const TEST_KEY = 'wtr-key';
export const TEST_SECRET = 'wtr-secret-0123456789';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `compiled`: run the built server (server/dist/main.js, what `npm start` runs) instead of the sources through tsx. */
export async function startRoomServer(env = {}, { compiled = false } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, compiled ? ['server/dist/main.js'] : ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ROOM_API_KEY: TEST_KEY,
      ROOM_API_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`room server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('room server did not start within 60 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: child.pid,
    /** Resolves to `{ code, signal }` when the process ends. */
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(
        () => child.exitCode === null && child.signalCode === null && process.kill(child.pid, 'SIGKILL'),
        5000,
      );
      await exited;
      clearTimeout(timer);
    },
  };
}
