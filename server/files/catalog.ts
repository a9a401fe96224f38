import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { Sender } from '../../src/core/protocol.ts';
import type { Audience } from '../core/targets.ts';
import type { FileStorage } from './storage.ts';

/** What the server keeps about a shared file, beside its bytes: enough to decide and serve a download alone. */
export interface FileRecord {
  id: string;
  room_id: string;
  name: string;
  size: number;
  type: string;
  inline: boolean;
  from: Sender;
  /** The file message's audience: only its targets may download. */
  audience: Audience;
  created: number;
  /**
   * The `sid` of the room the file was shared in: a room of the same id created later (after an end, or a restart)
   * is another room, and the file is not its. Records without one predate the check and count as another room's.
   */
  room_sid?: string;
}

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isFileId = (id: string) => FILE_ID.test(id);

/** Room ids may hold any character (`/`, `..`): base64url makes them a safe, reversible key segment. */
const roomPrefix = (roomId: string) => `r-${Buffer.from(roomId, 'utf8').toString('base64url')}`;
const roomOfPrefix = (prefix: string) =>
  /^r-[A-Za-z0-9_-]*$/.test(prefix) ? Buffer.from(prefix.slice(2), 'base64url').toString('utf8') : undefined;
const bytesKey = (roomId: string, id: string) => `${roomPrefix(roomId)}/${id}.bin`;
const recordKey = (roomId: string, id: string) => `${roomPrefix(roomId)}/${id}.json`;

/** The sid of the room of that id that exists now, or undefined when none does. */
export type CurrentRoom = (roomId: string) => Promise<string | undefined>;

/** Rooms' files over a FileStorage: bytes and record side by side, one prefix per room. */
export class FileCatalog {
  /** All rooms' bytes as last counted, plus what this process stored since (FILE_STORAGE_QUOTA_MB). */
  #total: { bytes: number; at: number } | null = null;

  constructor(readonly storage: FileStorage) {}

  writeBytes(roomId: string, id: string, body: Readable): Promise<void> {
    return this.storage.write(bytesKey(roomId, id), body);
  }

  /** Written after the bytes: a record always has its bytes. */
  async writeRecord(record: FileRecord): Promise<void> {
    await this.storage.write(
      recordKey(record.room_id, record.id),
      Readable.from([Buffer.from(JSON.stringify(record))]),
    );
    if (this.#total) this.#total.bytes += record.size;
  }

  async record(roomId: string, id: string): Promise<FileRecord | undefined> {
    if (!isFileId(id)) return undefined;
    const stored = await this.storage.read(recordKey(roomId, id));
    return stored ? (JSON.parse(await text(stored.body)) as FileRecord) : undefined;
  }

  async open(roomId: string, id: string) {
    return this.storage.read(bytesKey(roomId, id));
  }

  /** Bytes the room's files take, for its quota. */
  async usage(roomId: string): Promise<number> {
    const objects = await this.storage.list(roomPrefix(roomId));
    return objects.filter((o) => o.key.endsWith('.bin')).reduce((sum, o) => sum + o.size, 0);
  }

  /**
   * Bytes every room's files take together, counted again at most every `maxAgeMs` (listing a bucket is not free);
   * in between, what this process stored is added and removals are not taken off (the count errs high).
   */
  async totalUsage(maxAgeMs = 10_000): Promise<number> {
    if (!this.#total || Date.now() - this.#total.at > maxAgeMs) {
      let bytes = 0;
      for (const prefix of await this.storage.prefixes())
        for (const o of await this.storage.list(prefix)) if (o.key.endsWith('.bin')) bytes += o.size;
      this.#total = { bytes, at: Date.now() };
    }
    return this.#total.bytes;
  }

  remove(roomId: string, id: string): Promise<void> {
    return this.storage.remove([recordKey(roomId, id), bytesKey(roomId, id)]);
  }

  /**
   * Removes the files of `roomId` that are not the current room's: every file when no room of that id exists, and
   * those of an earlier room of the same id (another `sid`) when one does. Returns how many files went.
   */
  async sweepRoom(roomId: string, current: CurrentRoom): Promise<number> {
    const prefix = roomPrefix(roomId);
    const objects = await this.storage.list(prefix);
    if (objects.length === 0) return 0;
    const sid = await current(roomId);
    const ids = new Set(objects.map((o) => o.key.slice(prefix.length + 1).replace(/\.(bin|json)$/, '')));
    const stale: string[] = [];
    for (const id of ids) {
      if (sid === undefined) stale.push(id);
      else {
        // A record is written after its bytes: bytes without one are an upload under way, left alone.
        const record = await this.record(roomId, id).catch(() => undefined);
        if (record && record.room_sid !== sid) stale.push(id);
      }
    }
    const keys = stale.flatMap((id) => [recordKey(roomId, id), bytesKey(roomId, id)]);
    if (keys.length > 0) await this.storage.remove(keys);
    if (sid === undefined) await this.storage.removeAll(prefix);
    return stale.length;
  }

  /** `sweepRoom` for every room that has files in the storage (at start: files of rooms that no longer exist). */
  async sweep(current: CurrentRoom): Promise<number> {
    let removed = 0;
    for (const prefix of await this.storage.prefixes()) {
      const roomId = roomOfPrefix(prefix);
      if (roomId !== undefined) removed += await this.sweepRoom(roomId, current);
    }
    return removed;
  }
}
