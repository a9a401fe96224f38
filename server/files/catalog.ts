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
}

const FILE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isFileId = (id: string) => FILE_ID.test(id);

/** Room ids may hold any character (`/`, `..`): base64url makes them a safe, reversible key segment. */
const roomPrefix = (roomId: string) => `r-${Buffer.from(roomId, 'utf8').toString('base64url')}`;
const bytesKey = (roomId: string, id: string) => `${roomPrefix(roomId)}/${id}.bin`;
const recordKey = (roomId: string, id: string) => `${roomPrefix(roomId)}/${id}.json`;

/** Rooms' files over a FileStorage: bytes and record side by side, one prefix per room. */
export class FileCatalog {
  constructor(readonly storage: FileStorage) {}

  writeBytes(roomId: string, id: string, body: Readable): Promise<void> {
    return this.storage.write(bytesKey(roomId, id), body);
  }

  /** Written after the bytes: a record always has its bytes. */
  writeRecord(record: FileRecord): Promise<void> {
    return this.storage.write(
      recordKey(record.room_id, record.id),
      Readable.from([Buffer.from(JSON.stringify(record))]),
    );
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

  remove(roomId: string, id: string): Promise<void> {
    return this.storage.remove([recordKey(roomId, id), bytesKey(roomId, id)]);
  }

  removeRoom(roomId: string): Promise<void> {
    return this.storage.removeAll(roomPrefix(roomId));
  }
}
