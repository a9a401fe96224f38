import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';

export interface StoredObject {
  key: string;
  size: number;
}

/**
 * Where file bytes live: a directory for one process, an S3-compatible bucket for several. Keys are
 * `<prefix>/<name>` made of `[A-Za-z0-9_.-]` only (see catalog.ts), so they are safe as paths too.
 */
export interface FileStorage {
  /** Streams `body` in; the object appears only once all of it is stored, and not at all when `body` fails. */
  write(key: string, body: Readable): Promise<void>;
  /** `undefined` when there is no such object. */
  read(key: string): Promise<{ body: Readable; size: number } | undefined>;
  list(prefix: string): Promise<StoredObject[]>;
  /** The top-level prefixes (one per room) that hold objects. */
  prefixes(): Promise<string[]>;
  /** Removes every object under `prefix`. */
  removeAll(prefix: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** `UPLOAD_DIR`: one directory per room prefix; a file is written under a `.part` name and renamed when complete. */
export class DirectoryStorage implements FileStorage {
  constructor(
    readonly root: string,
    /** Removes `root` itself at close: the temporary directory of a server started without `UPLOAD_DIR`. */
    private readonly ownsRoot = false,
  ) {}

  #path(key: string): string {
    if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(key) || key.split('/').some((p) => p === '.' || p === '..'))
      throw new Error(`bad storage key ${key}`);
    return join(this.root, key);
  }

  async write(key: string, body: Readable): Promise<void> {
    const path = this.#path(key);
    const part = `${path}.${crypto.randomUUID()}.part`;
    await mkdir(dirname(path), { recursive: true });
    const out = createWriteStream(part, { flags: 'wx' });
    try {
      await pipeline(body, out);
      await rename(part, path);
    } catch (error) {
      // A body refused at once fails the pipeline while the file may still be opening: removed before the open
      // completes, the part file would appear afterwards and stay. Its stream's close comes after the open.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await rm(part, { force: true });
      throw error;
    }
  }

  async read(key: string) {
    const path = this.#path(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      return { body: createReadStream(path), size: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const dir = this.#path(prefix);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: StoredObject[] = [];
    for (const name of names.filter((n) => !n.endsWith('.part'))) {
      const info = await stat(join(dir, name)).catch(() => undefined);
      if (info?.isFile()) out.push({ key: `${prefix}/${name}`, size: info.size });
    }
    return out;
  }

  async prefixes(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && /^[A-Za-z0-9_.-]+$/.test(e.name)).map((e) => e.name);
  }

  async removeAll(prefix: string): Promise<void> {
    await rm(this.#path(prefix), { recursive: true, force: true });
  }

  async remove(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.#path(k), { force: true })));
  }

  /**
   * Removes part files older than `olderThanMs`: the leftovers of uploads whose process died mid-write. Younger ones
   * may be another process's upload under way (a shared `UPLOAD_DIR`), so they stay. Returns how many went.
   */
  async sweepParts(olderThanMs: number): Promise<number> {
    const before = Date.now() - olderThanMs;
    let removed = 0;
    for (const entry of await readdir(this.root, { recursive: true }).catch(() => [] as string[])) {
      if (!entry.endsWith('.part')) continue;
      const path = join(this.root, entry);
      const info = await stat(path).catch(() => undefined);
      if (
        info?.isFile() &&
        info.mtimeMs < before &&
        (await rm(path, { force: true }).then(
          () => true,
          () => false,
        ))
      )
        removed++;
    }
    return removed;
  }

  async close(): Promise<void> {
    if (this.ownsRoot) await rm(this.root, { recursive: true, force: true });
  }
}
