#!/usr/bin/env node
// Installs the Debian packages the tests need (chromium, redis-server, curl, openssl) when they are missing.
// As root it runs apt-get; otherwise it says exactly what to install and stops.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'chromium', found: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') },
  { pkg: 'redis-server', found: () => spawnSync('redis-server', ['--version']).status === 0 },
  // The README's curl examples, run as written by test/e2e/readme-snippets.test.ts.
  { pkg: 'curl', found: () => spawnSync('curl', ['--version']).status === 0 },
  { pkg: 'openssl', found: () => spawnSync('openssl', ['version']).status === 0 },
];

const missing = needs.filter((n) => !n.found()).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `room-widgets tests need Debian packages: ${missing.join(' ')}\n  sudo apt-get install -y ${missing.join(' ')}`,
  );
  process.exit(1);
}
console.log(`installing ${missing.join(', ')} with apt-get ...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
const still = needs.filter((n) => !n.found()).map((n) => n.pkg);
if (still.length > 0) {
  console.error(`still missing after apt-get: ${still.join(' ')}`);
  process.exit(1);
}
