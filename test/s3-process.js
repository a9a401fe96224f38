// A real S3-compatible server (s3rver) on a free loopback port for one test file, stopped by its pid.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './room-server-process.js';

const cli = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js');

/** s3rver accepts any credentials signed with S3RVER's well-known pair. */
export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';

export async function startS3(bucket = 'room-files') {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rw-s3-'));
  const child = spawn(
    process.execPath,
    [cli, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '--silent', '--configure-bucket', bucket],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`s3rver exited with ${child.exitCode}`);
    try {
      // The bucket answers once s3rver has created it.
      if ((await fetch(`${url}/${bucket}?list-type=2`)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      process.kill(child.pid, 'SIGKILL');
      throw new Error('s3rver did not start within 15 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    bucket,
    dir,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
