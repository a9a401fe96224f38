import { Readable } from 'node:stream';
import type { RoomFileSettings, RoomMessage } from '../../src/core/protocol.ts';
import type { JoinIdentity } from '../auth/tokens.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { FilesConfig } from '../config.ts';
import type { RoomService } from '../core/room-service.ts';
import type { RoomRecord } from '../core/rooms.ts';
import { audience, type Audience } from '../core/targets.ts';
import { senderOf } from '../conversation/content.ts';
import { refusals, type ConversationPolicy } from '../conversation/policy.ts';
import type { FileCatalog, FileRecord } from './catalog.ts';
import { inspect, type Inspection } from './inspect.ts';
import { filePath } from './links.ts';
import { overQuota, storageFull, tooLarge } from './refusal.ts';
import { allowedBy, nameFor, withoutBidiControls, type DetectedType } from './types.ts';

export interface UploadRequest {
  identity: JoinIdentity;
  roomId: string;
  name: unknown;
  to: unknown;
  /** `Content-Length`, when the client sent one: an oversized file is refused before a byte is read. */
  declaredBytes: number | undefined;
  body: Readable;
  /** The uploader's client id, carried by the file message. */
  clientId?: string;
}

interface UploadsDeps {
  limits: FilesConfig;
  service: RoomService;
  catalog: FileCatalog;
  policy: ConversationPolicy;
}

const refuse = (status: number, code: ConstructorParameters<typeof RoomRefusal>[0], message: string) =>
  new RoomRefusal(code, message, status);

/**
 * A file name as shown to people: its last path segment, no control characters, no bidirectional controls (removed:
 * `report\u202Efdp.zip` would show as "reportpiz.pdf"), at most 255 characters.
 */
function cleanName(raw: unknown): string {
  if (Array.isArray(raw)) throw refuse(400, 'message_invalid', 'name: is given more than once');
  if (typeof raw !== 'string') throw refuse(400, 'message_invalid', 'name: the query parameter is required');
  const base = withoutBidiControls(raw).split(/[\\/]/).pop()!.trim();
  // eslint-disable-next-line no-control-regex
  if (base === '' || base === '.' || base === '..' || /[\u0000-\u001f\u007f]/.test(base))
    throw refuse(400, 'message_invalid', 'name: must be a file name');
  if (base.length > 255) throw refuse(400, 'message_invalid', 'name: must be at most 255 characters');
  return base;
}

/** The chat's audiences: everyone, or a private file's sender and recipient. */
const recipientAudience = (sender: string, to: unknown): Audience =>
  typeof to === 'string' ? audience.of({ userIds: [sender, to] }) : audience.everyone();

/** Files sent from widgets: the room's settings and locks, the quota, then the bytes, then the file message. */
export class Uploads {
  /**
   * Per room, the bytes this process has taken since its oldest running upload began: they count against the
   * quota on top of the usage each upload read when it began. Reset once no upload of the room runs; a failed
   * upload takes its bytes back at once.
   */
  readonly #inFlight = new Map<string, { uploads: number; bytes: number }>();
  /** The same for all rooms together, against FILE_STORAGE_QUOTA_MB. */
  #inFlightAll = 0;

  constructor(private readonly deps: UploadsDeps) {}

  async accept(req: UploadRequest): Promise<RoomMessage> {
    const { identity } = req;
    const room = await this.deps.service.active(req.roomId);
    if (!room) throw refusals.roomNotActive(req.roomId);
    const settings = this.deps.policy.filesOf(room);
    const name = cleanName(req.name);
    const recipient = await this.#recipient(room, identity, req.to);
    await this.deps.policy.takeTurn(room, identity);
    if (req.declaredBytes !== undefined && req.declaredBytes > settings.max_size) throw tooLarge(settings.max_size);

    const tally = this.#inFlight.get(room.room_id) ?? { uploads: 0, bytes: 0 };
    this.#inFlight.set(room.room_id, tally);
    tally.uploads += 1;
    try {
      const record = await this.#store(room, settings, name, req, tally);
      const target = record.audience;
      const file = {
        id: record.id,
        name: record.name,
        size: record.size,
        type: record.type,
        url: filePath(room.room_id, record.id),
        inline: record.inline,
      };
      const to = recipient && { to: senderOf(recipient) };
      return await this.deps.service
        .publish(
          {
            room_id: room.room_id,
            kind: 'file',
            from: record.from,
            private: recipient !== undefined,
            text: record.name,
            file,
            ...to,
            ...(req.clientId === undefined ? {} : { client_id: req.clientId }),
          },
          target,
          { persist: true },
        )
        .catch(async (error: unknown) => {
          await this.deps.catalog.remove(room.room_id, record.id).catch(() => undefined);
          throw error;
        });
    } finally {
      tally.uploads -= 1;
      if (tally.uploads === 0) this.#inFlight.delete(room.room_id);
    }
  }

  /** The bytes, checked as they stream, then the record; on any failure nothing of this file is left. */
  async #store(
    room: RoomRecord,
    settings: RoomFileSettings,
    name: string,
    req: UploadRequest,
    tally: { bytes: number },
  ): Promise<FileRecord> {
    const { catalog, limits, service } = this.deps;
    const used = await catalog.usage(room.room_id);
    const usedAll = limits.storageQuotaBytes > 0 ? await catalog.totalUsage() : 0;
    const fitsServer = (more: number) =>
      limits.storageQuotaBytes === 0 || usedAll + this.#inFlightAll + more <= limits.storageQuotaBytes;
    const fits = (more: number) => used + tally.bytes + more <= limits.roomQuotaBytes;
    if (!fitsServer(req.declaredBytes ?? 0)) throw storageFull();
    if (!fits(req.declaredBytes ?? 0)) throw overQuota(limits.roomQuotaBytes);
    const id = crypto.randomUUID();
    const seen: Inspection = { size: 0 };
    let counted = 0;
    const checks = {
      maxBytes: settings.max_size,
      account: (bytes: number) => {
        if (!fitsServer(bytes)) throw storageFull();
        if (!fits(bytes)) throw overQuota(limits.roomQuotaBytes);
        counted += bytes;
        tally.bytes += bytes;
        this.#inFlightAll += bytes;
      },
      admit: (type: DetectedType | undefined) => {
        if (!type) throw refuse(415, 'file_type_not_allowed', 'the file is neither a known format nor text');
        if (!allowedBy(settings.allowed_types, type.ext))
          throw refuse(415, 'file_type_not_allowed', `${type.ext} files are not allowed in this room`);
      },
    };
    let stored = false;
    try {
      await catalog.writeBytes(room.room_id, id, Readable.from(inspect(req.body, name, checks, seen)));
      stored = true;
      const type = seen.type!;
      const record: FileRecord = {
        id,
        room_id: room.room_id,
        name: nameFor(name, type),
        size: seen.size,
        type: type.mime,
        inline: type.inline,
        from: senderOf(req.identity),
        audience: recipientAudience(req.identity.user_id, req.to),
        created: Date.now(),
        room_sid: room.sid,
      };
      await catalog.writeRecord(record);
      // The room may have ended while the bytes streamed: its files are gone, so this one must go too.
      if (!(await service.active(room.room_id))) throw refusals.roomEnded();
      return record;
    } catch (error) {
      // A refusal mid-stream leaves no object (storage guarantees it); anything later removes what was written.
      if (stored) await catalog.remove(room.room_id, id).catch(() => undefined);
      tally.bytes -= counted;
      throw error;
    } finally {
      // Stored, the bytes are in the catalog's count (writeRecord); refused, they are taken back.
      this.#inFlightAll -= counted;
    }
  }

  /** Whether this user may share here (the conversation policy), and with whom. */
  async #recipient(room: RoomRecord, identity: JoinIdentity, to: unknown) {
    const { policy, service } = this.deps;
    policy.mayWrite(room, identity, 'file');
    if (to === undefined) return undefined;
    if (typeof to !== 'string' || to === '') throw refuse(400, 'message_invalid', 'to: must be a user id');
    policy.mayWrite(room, identity, 'private_chat');
    const recipient = (await service.participants(room.room_id)).find((p) => p.user_id === to);
    if (!recipient) throw refusals.recipientUnknown();
    return recipient;
  }
}
