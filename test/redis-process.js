// A real redis-server on a free loopback port for one test file, stopped by its pid.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from './room-server-process.js';

function reachable(port) {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Asks the server to write its data to disk (`SAVE`), so a restart on the same `dir` finds it again. */
function save(port) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('SAVE\r\n'));
    socket.setEncoding('utf8');
    socket.once('data', (reply) => {
      socket.end();
      if (reply.startsWith('+OK')) resolve();
      else reject(new Error(`SAVE answered ${reply.trim()}`));
    });
    socket.once('error', reject);
  });
}

/**
 * `options.dir` starts on a data directory a stopped server left with `stop({ keepData: true })`, as a Redis with
 * persistence restarts; without it, each server has a fresh directory of its own.
 */
export async function startRedis(port, options = {}) {
  port ??= await freePort();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rw-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 10_000;
  while (!(await reachable(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid,
    dir,
    /** `keepData`: save first and keep the directory for a later `startRedis(port, { dir })`. */
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        if (keepData) await save(port);
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
