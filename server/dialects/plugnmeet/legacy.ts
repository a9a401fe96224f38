/**
 * Spellings that backends written from plugNmeet's older docs (the seeds) send and that the protocol's messages
 * lack. They are rewritten to the protocol's own names before decoding, which would otherwise drop them silently.
 */
import { ApiError } from '../../http/errors.ts';
import { NatsSystemNotificationTypesSchema } from './gen/plugnmeet_nats_msg_pb.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A child object under either protobuf-JSON spelling of its name. */
function child(parent: unknown, snake: string, camel: string): Json | undefined {
  if (!isObject(parent)) return undefined;
  const value = parent[snake] ?? parent[camel];
  return isObject(value) ? value : undefined;
}

function alias(obj: Json, from: string, to: string, toCamel: string, path: string): void {
  if (!(from in obj) || to in obj || toCamel in obj) return;
  const value = obj[from];
  if (typeof value !== 'boolean') throw new ApiError(400, `${path}.${from}`, `expected boolean, got ${JSON.stringify(value)?.slice(0, 40)}`);
  obj[to] = obj[from];
  delete obj[from];
}

/**
 * The seed's `allow_chat` / `allow_file_upload` are today's `is_allow` / `is_allow_file_upload`. A fractional
 * `room_duration` (minutes; the protocol's is whole) was accepted before and is kept, taken out of the message.
 */
export function normalizeCreate(body: unknown): { body: unknown; roomDurationMinutes?: number } {
  const features = child(child(body, 'metadata', 'metadata'), 'room_features', 'roomFeatures');
  const chat = child(features, 'chat_features', 'chatFeatures');
  if (chat) {
    const path = 'metadata.room_features.chat_features';
    alias(chat, 'allow_chat', 'is_allow', 'isAllow', path);
    alias(chat, 'allow_file_upload', 'is_allow_file_upload', 'isAllowFileUpload', path);
  }
  const duration = features?.room_duration ?? features?.roomDuration;
  if (features && typeof duration === 'number' && duration > 0 && !Number.isInteger(duration)) {
    delete features.room_duration;
    delete features.roomDuration;
    return { body, roomDurationMinutes: duration };
  }
  return { body };
}

/** Notification levels by the seed's number 3 or by word; the protocol's enum has 0, 1, 2 (by number or name). */
const LEGACY_TYPES: Record<string, number> = { 3: 2, info: 0, warning: 1, error: 2 };

const TYPE_NAMES = new Set(NatsSystemNotificationTypesSchema.values.map((v) => v.name));

/** Decoding as plugNmeet does would turn an unknown enum name into 0 (info): a typo must be refused instead. */
export function normalizeBroadcast(body: unknown): unknown {
  const notification = child(body, 'notification_msg', 'notificationMsg');
  if (notification && 'type' in notification) {
    const legacy = LEGACY_TYPES[String(notification.type)];
    if (legacy !== undefined) notification.type = legacy;
    else if (typeof notification.type === 'string' && !TYPE_NAMES.has(notification.type)) {
      throw new ApiError(400, 'notification_msg.type', `must be one of ${[...TYPE_NAMES].join(', ')} or 0-3`);
    }
  }
  return body;
}
