import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NPM_ENV, installOffline, installed } from './offline-host.ts';
import { freePort } from '../room-server-process.js';

/**
 * The room server as an operator gets it: the packed widget package and the packed server (`npm pack ./server/dist`)
 * installed with `npm install --offline` into an empty folder, then run with `npx room-widgets-server`.
 */
const REPO = resolve('.');
const run = promisify(execFile);
const env = NPM_ENV;

async function pack(dir: string, into: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', into], { cwd: dir, env });
  return join(into, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
}

describe('the packed room server in an empty folder', () => {
  let work: string;
  let host: string;
  let installOutput: string;
  let server: ChildProcess | undefined;

  before(async () => {
    assert.ok(existsSync('server/dist/main.js'), 'run `npm run build` before this test');
    work = mkdtempSync(join(tmpdir(), 'room-widgets-server-pack-'));
    const widgets = await pack(REPO, work);
    const serverTarball = await pack(join(REPO, 'server/dist'), work);
    host = join(work, 'operator');
    const pkg = {
      name: 'operator',
      private: true,
      dependencies: { 'room-widgets': `file:${widgets}`, 'room-widgets-server': `file:${serverTarball}` },
    };
    rmSync(host, { recursive: true, force: true });
    mkdirSync(host, { recursive: true });
    const shipped = JSON.parse((await run('tar', ['-xOzf', serverTarball, 'package/package.json'])).stdout) as {
      dependencies: Record<string, string>;
    };
    const widgetDeps = JSON.parse(readFileSync('package.json', 'utf8')).dependencies as Record<string, string>;
    const roots = [
      ...Object.keys(shipped.dependencies)
        .filter((n) => !n.startsWith('room-widgets'))
        .map((n) => `server:${n}`),
      ...Object.keys(widgetDeps),
    ];
    installOutput = await installOffline(host, pkg, roots);
  });

  after(() => {
    if (server?.pid) process.kill(-server.pid, 'SIGKILL');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('installs with no TypeScript tooling and no engine warning on this Node', () => {
    const names = installed(host);
    assert.ok(names.includes('room-widgets-server') && names.includes('fastify') && names.includes('room-widgets'));
    assert.deepEqual(
      names.filter((n) => ['tsx', 'typescript', 'esbuild', 'vite'].includes(n)),
      [],
      'no TypeScript tooling at run time',
    );
    assert.doesNotMatch(installOutput, /EBADENGINE/i, installOutput);
  });

  it('`npx room-widgets-server --help` lists every setting the server reads', async () => {
    const { stdout } = await run('npx', ['--offline', 'room-widgets-server', '--help'], { cwd: host, env });
    const config = readFileSync('server/config.ts', 'utf8');
    const read = new Set(
      [...config.matchAll(/env\.([A-Z][A-Z0-9_]+)|env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]!),
    );
    assert.ok(read.size > 20, `${read.size} settings found in config.ts`);
    for (const name of read) assert.match(stdout, new RegExp(`\\b${name}\\b`), `--help names ${name}`);
  });

  it('`npx room-widgets-server` serves the widget script from the installed widget package', async () => {
    const port = await freePort();
    server = spawn('npx', ['--offline', 'room-widgets-server'], {
      cwd: host,
      env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: 'ignore',
      detached: true,
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    let res: Response | undefined;
    while (Date.now() < deadline) {
      res = await fetch(`${url}/room-widgets.js`).catch(() => undefined);
      if (res) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(res?.status, 200, 'the script is served');
    assert.match(res!.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await res!.text(), readFileSync('dist/room-widgets.js', 'utf8'));
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    process.kill(-server.pid!, 'SIGTERM');
    await new Promise((r) => server!.once('exit', r));
    server = undefined;
  });
});
