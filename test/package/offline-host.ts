import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** npm quiet and offline: no audit, fund or update notices. */
export const NPM_ENV = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/**
 * A host app installed with `npm install --offline`. npm needs a package's metadata to resolve a range, and metadata
 * cached by one install may not match what the next asks for, so the host gets a lockfile of its own, cut from this
 * repository's (whose install put every tarball in the npm cache), with each tarball's registry URL filled in
 * (this machine's npm leaves them out). npm then takes each tarball from the cache by its integrity, reads no
 * metadata, and installs only what the host's dependency tree reaches.
 */
interface LockEntry {
  version?: string;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  optional?: boolean;
  link?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/** Where the registry serves a version's tarball: `<registry>/@scope/name/-/name-1.2.3.tgz`. */
export function tarballUrl(registry: string, name: string, version: string): string {
  return `${registry.replace(/\/?$/, '/')}${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/** The lock entry that `name` resolves to from the package installed at `from` (Node's lookup, nested first). */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | null {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key] && !packages[key].link) return key;
    if (!dir) return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/**
 * The host's package-lock.json: its own root entry, plus every entry of `repoLock` that `roots` (package names,
 * found at the top of the repository's tree) reach through dependencies, optional dependencies and required peers.
 */
export function hostLockfile(
  repoLock: Lockfile,
  host: { name: string; dependencies: Record<string, string>; devDependencies?: Record<string, string> },
  roots: string[],
  registry: string,
): Lockfile {
  const packages: Record<string, LockEntry> = {
    '': {
      name: host.name,
      version: '0.0.0',
      dependencies: host.dependencies,
      devDependencies: host.devDependencies ?? {},
    },
  };
  // A root given as `workspace:name` is looked up from that workspace of the repository (its nested copies first).
  const queue: Array<[string, string]> = roots.map((root) =>
    root.includes(':') ? (root.split(':') as [string, string]) : ['', root],
  );
  while (queue.length > 0) {
    const [from, wanted] = queue.shift()!;
    const key = locate(repoLock.packages, from, wanted);
    if (!key) continue; // an optional dependency for another platform, never installed here
    if (packages[key] || packages[key.slice(key.indexOf('node_modules/'))]) continue;
    const { dev, devOptional, peer, optional, ...entry } = repoLock.packages[key]!;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    // A workspace's own copy sits at the top of the host's tree, where the installed package finds it.
    const hostKey = key.startsWith('node_modules/') ? key : key.slice(key.indexOf('node_modules/'));
    packages[hostKey] =
      entry.resolved || !entry.version ? entry : { ...entry, resolved: tarballUrl(registry, name, entry.version) };
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
    for (const dep of [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...peers,
    ]) {
      queue.push([key, dep]);
    }
  }
  return { ...repoLock, packages } as Lockfile;
}

/** Every package name installed under `dir/node_modules`, nested ones included. */
export function installed(dir: string): string[] {
  const names: string[] = [];
  const walk = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const dirs = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((s) => `${entry}/${s}`) : [entry];
      for (const name of dirs) {
        names.push(name);
        walk(join(modules, name, 'node_modules'));
      }
    }
  };
  walk(join(dir, 'node_modules'));
  return names;
}

/**
 * Writes the host's `package.json` and a lockfile cut from this repository's for `roots` (see `hostLockfile`), then
 * runs `npm install --offline` in `dir`; resolves with what npm printed.
 */
export async function installOffline(
  dir: string,
  pkg: { name: string; dependencies: Record<string, string>; devDependencies?: Record<string, string> },
  roots: string[],
): Promise<string> {
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  const registry = (await run('npm', ['config', 'get', 'registry'])).stdout.trim();
  const lock = hostLockfile(JSON.parse(readFileSync('package-lock.json', 'utf8')), pkg, roots, registry);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ name: pkg.name, ...lock }, null, 2));
  const { stdout, stderr } = await run('npm', ['install', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: NPM_ENV,
  });
  return stdout + stderr;
}

/** The packages a tarball's host takes from the repository: its own dependencies and the tarball's. */
export async function hostRoots(
  tarball: string,
  pkg: { dependencies: Record<string, string>; devDependencies?: Record<string, string> },
): Promise<string[]> {
  const shipped = JSON.parse((await run('tar', ['-xOzf', tarball, 'package/package.json'])).stdout) as {
    dependencies?: Record<string, string>;
  };
  return [
    ...Object.keys(pkg.dependencies),
    ...Object.keys(pkg.devDependencies ?? {}),
    ...Object.keys(shipped.dependencies ?? {}),
  ].filter((n) => n !== 'room-widgets');
}
