import type { RoomFileSettings } from '../../src/core/protocol.ts';
import type { FilesConfig } from '../config.ts';
import { ApiError } from '../http/errors.ts';

const FIELD = 'metadata.room_features.chat_features';
const MB = 1024 * 1024;

type Obj = Record<string, unknown>;
const objAt = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

/** `jpg`, `.JPG` and `Jpg` are one type; the list is compared as lower-case extensions without the dot. */
export function normaliseType(t: string): string {
  return t.trim().toLowerCase().replace(/^\./, '');
}

function boolAt(o: Obj, key: string, field: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw new ApiError(400, `${field}.${key}`, 'must be a boolean');
  return v;
}

function typesAt(o: Obj): string[] | undefined {
  const v = o.allowed_file_types;
  if (v === undefined || v === null) return undefined;
  const field = `${FIELD}.allowed_file_types`;
  if (!Array.isArray(v) || v.length > 200) throw new ApiError(400, field, 'must be a list of at most 200 extensions');
  return v.map((t, i) => {
    if (typeof t !== 'string' || !/^\.?[A-Za-z0-9]{1,16}$/.test(t.trim()))
      throw new ApiError(400, `${field}.${i}`, 'must be a file extension such as "pdf"');
    return normaliseType(t);
  });
}

function maxSizeAt(o: Obj): number | undefined {
  // A protobuf uint64: protobuf-JSON writes it as a string of digits.
  const raw = o.max_file_size;
  const v = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new ApiError(400, `${FIELD}.max_file_size`, 'must be a non-negative number of MB');
  return v;
}

/** What a room made without file settings (a 100ms peer's implicit room) may do: the server's limits, uploads on. */
export function serverFileSettings(limits: FilesConfig): RoomFileSettings {
  return { enabled: true, locked: false, allowed_types: [...limits.allowedTypes], max_size: limits.maxBytes };
}

/**
 * plugNmeet `room/create` metadata → the room's file settings. plugNmeet spells the flag `allow_file_upload` on its
 * docs page and `is_allow_file_upload` in its current API; both are read. It is a protobuf bool, so absent means off.
 * The room can only narrow the server: its types are kept where the server allows them, its size is capped.
 */
export function fileSettingsFrom(metadata: unknown, limits: FilesConfig): RoomFileSettings {
  const meta = objAt(metadata);
  const chat = objAt(objAt(meta.room_features).chat_features);
  const locks = objAt(meta.default_lock_settings);
  const enabled = boolAt(chat, 'allow_file_upload', FIELD) ?? boolAt(chat, 'is_allow_file_upload', FIELD) ?? false;
  const types = typesAt(chat);
  const maxMb = maxSizeAt(chat);
  const roomMax = maxMb === undefined || maxMb === 0 ? limits.maxBytes : Math.floor(maxMb * MB);
  return {
    enabled,
    locked: boolAt(locks, 'lock_chat_file_share', 'metadata.default_lock_settings') ?? false,
    allowed_types:
      types === undefined
        ? [...limits.allowedTypes]
        : [...new Set(types)].filter((t) => limits.allowedTypes.includes(t)),
    max_size: Math.min(roomMax, limits.maxBytes),
  };
}
