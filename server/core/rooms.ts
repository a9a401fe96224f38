import type {
  LockSettings,
  RoomFeatures,
  RoomFileSettings,
  RoomModeration,
  RoomSnapshot,
} from '../../src/core/protocol.ts';

/** A room as `room/create` (or a first 100ms peer) made it. */
export interface RoomRecord {
  room_id: string;
  sid: string;
  title: string;
  max_participants: number;
  /** Seconds an empty room stays open. */
  empty_timeout: number;
  /** Minutes; 0 is unlimited. */
  room_duration: number;
  welcome_message: string | null;
  logout_url: string | null;
  webhook_url: string | null;
  features: RoomFeatures;
  locks: LockSettings;
  /** plugNmeet's file settings (server/files/settings.ts); absent: the server's defaults. */
  files?: RoomFileSettings;
  /** What admins changed while the room runs (issue 29: muted users, slow mode, pins); absent: nothing yet. */
  moderation?: RoomModeration;
  /** The `metadata` of the create request as received, echoed in room info. */
  metadata: unknown;
  /** Seconds, as the dialects report it. */
  creation_time: number;
  /** Milliseconds: what `room_duration` counts from (`creation_time` is rounded down, so a room would end early). */
  created_ms?: number;
  /** Created implicitly by a 100ms peer token rather than `room/create`. */
  implicit: boolean;
}

/** The creation fields of a room made now. */
export function createdNow(): Pick<RoomRecord, 'creation_time' | 'created_ms'> {
  const ms = Date.now();
  return { creation_time: Math.floor(ms / 1000), created_ms: ms };
}

/** When the room started, to the millisecond where it is known. */
export const startedMs = (room: RoomRecord): number => room.created_ms ?? room.creation_time * 1000;

export const defaultLocks: LockSettings = { lock_chat: false, lock_chat_send_message: false, lock_private_chat: false };

export function snapshotOf(room: RoomRecord): RoomSnapshot {
  return {
    room_id: room.room_id,
    title: room.title,
    welcome_message: room.welcome_message,
    logout_url: room.logout_url,
    features: room.features,
    locks: room.locks,
    ...(room.files && { files: room.files }),
    ...(room.moderation && { moderation: room.moderation }),
  };
}

/** Where rooms live: this process's memory, or Redis shared by several processes. */
export interface RoomStore {
  get(roomId: string): Promise<RoomRecord | undefined>;
  /** Stores the room unless one with its id exists; resolves to whichever is stored (so two creates agree). */
  putIfAbsent(room: RoomRecord): Promise<RoomRecord>;
  delete(roomId: string): Promise<boolean>;
  /**
   * Changes a stored room (moderation while it runs): `change` gets the room as stored and answers it changed; atomic
   * across processes (retried when another changed it meanwhile). Undefined when the room is not stored.
   */
  update(roomId: string, change: (room: RoomRecord) => RoomRecord): Promise<RoomRecord | undefined>;
  list(): Promise<RoomRecord[]>;
}
