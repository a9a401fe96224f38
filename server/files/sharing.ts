import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FilesConfig } from '../config.ts';
import { FileCatalog, type CurrentRoom } from './catalog.ts';
import { S3Storage } from './s3-storage.ts';
import { DirectoryStorage, type FileStorage } from './storage.ts';

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** How old a part file must be before a starting server removes it as a leftover. */
export const PART_MAX_AGE_MS = 24 * 3600_000;

export async function fileStorageFor(limits: FilesConfig): Promise<FileStorage> {
  if (limits.s3) return new S3Storage(limits.s3);
  if (limits.uploadDir) {
    const storage = new DirectoryStorage(limits.uploadDir);
    // An upload cannot outlast a day; a part file that old was left by a process that died while writing it.
    await storage.sweepParts(PART_MAX_AGE_MS);
    return storage;
  }
  return new DirectoryStorage(await mkdtemp(join(tmpdir(), 'room-widgets-files-')), true);
}

/** The files feature's state for one server process: the catalog, and the removals of ended rooms' files. */
export class FileSharing {
  readonly #removals = new Set<Promise<void>>();

  private constructor(
    readonly limits: FilesConfig,
    readonly catalog: FileCatalog,
    private readonly log: Logger,
  ) {}

  static async create(limits: FilesConfig, log: Logger): Promise<FileSharing> {
    return new FileSharing(limits, new FileCatalog(await fileStorageFor(limits)), log);
  }

  /**
   * A room ended: its files go, in the background, so the end is announced without waiting for an object store. A
   * room of the same id created meanwhile keeps its own files (`current` names its sid).
   */
  roomEnded(roomId: string, current: CurrentRoom): void {
    this.#track(
      this.catalog
        .sweepRoom(roomId, current)
        .catch((error: unknown) =>
          this.log.warn({ room_id: roomId, err: String(error) }, 'files of an ended room were not removed'),
        ),
    );
  }

  /**
   * At start: the files of rooms that no longer exist (a restart without Redis forgets every room; with Redis, rooms
   * that ended while no process was there to remove their files) and of earlier rooms of a reused id go.
   */
  sweepAtStart(current: CurrentRoom): void {
    this.#track(
      this.catalog
        .sweep(current)
        .then((removed) => {
          if (removed > 0) this.log.info({ removed }, 'removed the files of rooms that no longer exist');
        })
        .catch((error: unknown) =>
          this.log.warn({ err: String(error) }, 'files of rooms that no longer exist were not swept'),
        ),
    );
  }

  #track(removal: Promise<unknown>): void {
    const tracked: Promise<void> = removal.then(() => undefined).finally(() => this.#removals.delete(tracked));
    this.#removals.add(tracked);
  }

  /** Resolves once every removal started so far is done (tests, and a stopping server). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#removals]);
  }

  async close(): Promise<void> {
    await this.settled();
    await this.catalog.storage.close();
  }
}
