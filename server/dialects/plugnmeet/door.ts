import { webhookTargetProblem } from '../../core/webhook-targets.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NotificationLevel } from '../../../src/core/protocol.ts';
import { bodySignature, hexEquals, keyEquals } from '../../auth/signatures.ts';
import { createdNow, defaultLocks, type RoomRecord } from '../../core/rooms.ts';
import { fileSettingsFrom } from '../../files/settings.ts';
import { audience, type Audience } from '../../core/targets.ts';
import { ApiError, logServerFailure, toApiError } from '../../http/errors.ts';
import { moderationRoutes } from './moderation-routes.ts';
import { publishingCall } from '../../http/idempotency.ts';
import type { DialectDeps } from '../deps.ts';
import {
  BroadcastToRoomReq,
  CommonResponse,
  CreateRoomReq,
  CreateRoomRes,
  GenerateTokenReq,
  GenerateTokenRes,
  GetActiveRoomInfoRes,
  GetActiveRoomsInfoRes,
  IsRoomActiveRes,
  RoomIdReq,
} from './messages.ts';
import { readRequest, usesJsonNames, writeReply, type MessageType } from './protojson.ts';
import { activeRoomInfo, roomWithParticipants, withOlderFields } from './room-info.ts';

/** plugNmeet's notification types: its docs say 3 is error, its own protocol 2; both are. */
const LEVELS: Record<string, NotificationLevel> = {
  0: 'info',
  1: 'warning',
  2: 'error',
  3: 'error',
  info: 'info',
  warning: 'warning',
  error: 'error',
};

const roomId = { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\s]+$' } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const obj = (properties: Record<string, unknown>, required: string[] = []) =>
  ({ type: 'object', properties, required }) as const;

const schemas = {
  create: obj(
    {
      room_id: roomId,
      max_participants: { type: 'integer', minimum: 0, maximum: 100_000 },
      empty_timeout: { type: 'number', minimum: 0, maximum: 31_536_000 },
      metadata: obj(
        {
          room_title: { type: 'string', maxLength: 512 },
          welcome_message: { type: 'string', maxLength: 5000 },
          webhook_url: { type: 'string', maxLength: 2048 },
          logout_url: { type: 'string', maxLength: 2048 },
          room_features: obj({
            room_duration: { type: 'number', minimum: 0, maximum: 525_600 },
            chat_features: obj({
              allow_chat: { type: 'boolean' },
              is_allow: { type: 'boolean' },
              allow_file_upload: { type: 'boolean' },
              is_allow_file_upload: { type: 'boolean' },
              allowed_file_types: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 32 } },
              max_file_size: { type: 'number', minimum: 0 },
            }),
          }),
          default_lock_settings: obj({
            lock_chat: { type: 'boolean' },
            lock_chat_send_message: { type: 'boolean' },
            lock_chat_file_share: { type: 'boolean' },
            lock_private_chat: { type: 'boolean' },
          }),
        },
        ['room_title'],
      ),
    },
    ['room_id', 'metadata'],
  ),
  joinToken: obj(
    {
      room_id: roomId,
      user_info: obj(
        {
          name: text(256),
          user_id: { ...text(128), pattern: '^[^\\s]+$' },
          is_admin: { type: 'boolean' },
          is_hidden: { type: 'boolean' },
        },
        ['name', 'user_id'],
      ),
    },
    ['room_id', 'user_info'],
  ),
  roomOnly: obj({ room_id: roomId }, ['room_id']),
  broadcast: obj(
    {
      room_id: roomId,
      only_to_admins: { type: 'boolean' },
      to_user_id: { type: 'string', maxLength: 128 },
      chat_msg: obj({ message: text(10_000) }, ['message']),
      notification_msg: obj(
        {
          text: text(10_000),
          type: { enum: [0, 1, 2, 3, 'info', 'warning', 'error'] },
          with_sound: { type: 'boolean' },
          // An extension (docs/compatibility.md): a later notification with the same id replaces its toast in place.
          id: { type: 'string', minLength: 1, maxLength: 128 },
        },
        ['text'],
      ),
    },
    ['room_id'],
  ),
};

interface CreateBody {
  room_id: string;
  max_participants?: number;
  empty_timeout?: number;
  metadata: {
    room_title: string;
    welcome_message?: string;
    webhook_url?: string;
    logout_url?: string;
    room_features?: {
      room_duration?: number;
      chat_features?: { allow_chat?: boolean; is_allow?: boolean };
    };
    default_lock_settings?: { lock_chat?: boolean; lock_chat_send_message?: boolean; lock_private_chat?: boolean };
  };
}

interface BroadcastBody {
  room_id: string;
  only_to_admins?: boolean;
  to_user_id?: string;
  chat_msg?: { message: string };
  notification_msg?: { text: string; type?: number | string; with_sound?: boolean; id?: string };
}

/** Only http(s) URLs are kept: a `javascript:` logout URL must never reach a page. */
function httpUrl(field: string, value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // fall through to the refusal below
  }
  throw new ApiError(400, field, 'must be an http(s) URL');
}

/** The seed's targeting: nobody named → everyone; admins; one user; admins and that user, once each. */
export function broadcastAudience(body: Pick<BroadcastBody, 'only_to_admins' | 'to_user_id'>): Audience {
  const toUser = body.to_user_id ? [body.to_user_id] : [];
  if (!body.only_to_admins && toUser.length === 0) return audience.everyone();
  return audience.of({ admins: body.only_to_admins === true, userIds: toUser });
}

/** Requests that spelled their fields in JSON names (2.x): their replies carry the protocol's fields only. */
const protobufJsonRequests = new WeakSet<FastifyRequest>();

/** Reads either protobuf-JSON casing into the proto names before the route's JSON schema checks the body. */
function protobufJson(type: MessageType) {
  return async (req: FastifyRequest) => {
    if (usesJsonNames(type, req.body)) protobufJsonRequests.add(req);
    req.body = readRequest(type, req.body);
  };
}

const olderClient = (req: FastifyRequest) => !protobufJsonRequests.has(req);

const success = { status: true, msg: 'success', status_code: 'SUCCESS' } as const;

export async function plugnmeetDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { config, service, tokens } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    logServerFailure(req.log, api, error, 'plugNmeet API failure');
    void reply.code(api.statusCode).send({ status: false, msg: api.message });
  });

  // plugNmeet's SDKs post JSON only. Refusing every other type before parsing keeps the signature bound to the
  // exact bytes that are acted on (a form body was once checked against an empty one).
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError(415, 'content-type', 'must be application/json');
  });

  app.addHook('preValidation', async (req: FastifyRequest) => {
    const key = req.headers['api-key'];
    const signature = req.headers['hash-signature'];
    if (typeof key !== 'string' || key === '') throw new ApiError(401, 'API-KEY', 'header is missing');
    if (typeof signature !== 'string' || signature === '')
      throw new ApiError(401, 'HASH-SIGNATURE', 'header is missing');
    if (!keyEquals(config.apiKey, key)) throw new ApiError(401, 'API-KEY', 'is not known to this server');
    if (!req.rawBody) throw new ApiError(400, 'body', 'is required');
    const expected = bodySignature(config.apiSecret, req.rawBody);
    if (!hexEquals(expected, signature)) throw new ApiError(401, 'HASH-SIGNATURE', 'does not match the body');
  });

  const activeRoom = async (id: string) => {
    const room = await service.active(id);
    if (!room) throw new ApiError(404, 'room_id', 'room is not active');
    return room;
  };

  app.post<{ Body: CreateBody }>(
    '/room/create',
    { schema: { body: schemas.create }, preValidation: protobufJson(CreateRoomReq) },
    async (req) => {
      const { room_id, metadata } = req.body;
      const features = metadata.room_features ?? {};
      const chat = features.chat_features ?? {};
      const locks = metadata.default_lock_settings ?? {};
      const record: RoomRecord = {
        room_id,
        sid: crypto.randomUUID(),
        title: metadata.room_title,
        max_participants: req.body.max_participants ?? 0,
        empty_timeout: req.body.empty_timeout ?? 0,
        room_duration: features.room_duration ?? 0,
        welcome_message: metadata.welcome_message || null,
        logout_url: httpUrl('metadata.logout_url', metadata.logout_url),
        webhook_url: httpUrl('metadata.webhook_url', metadata.webhook_url),
        features: { chat: chat.allow_chat ?? chat.is_allow ?? true },
        locks: { ...defaultLocks, ...pickLocks(locks) },
        files: fileSettingsFrom(metadata, config.files),
        metadata,
        ...createdNow(),
        implicit: false,
      };
      if (record.webhook_url) {
        const problem = await webhookTargetProblem(record.webhook_url, {
          production: config.production,
          allowedHosts: config.webhookAllowedHosts,
        });
        if (problem) throw new ApiError(400, 'metadata.webhook_url', problem);
      }
      const room = await service.create(record);
      const users = room === record ? 0 : await service.presence.users(room.room_id);
      const reply = writeReply(CreateRoomRes, {
        ...success,
        msg: room === record ? 'success' : 'room already exists',
        room_info: activeRoomInfo(room, users),
      });
      return olderClient(req)
        ? { ...reply, room_info: withOlderFields(reply.room_info as Record<string, unknown>, room) }
        : reply;
    },
  );

  app.post<{
    Body: { room_id: string; user_info: { name: string; user_id: string; is_admin?: boolean; is_hidden?: boolean } };
  }>(
    '/room/getJoinToken',
    { schema: { body: schemas.joinToken }, preValidation: protobufJson(GenerateTokenReq) },
    async (req) => {
      const room = await activeRoom(req.body.room_id);
      const u = req.body.user_info;
      const token = await tokens.issueJoinToken({
        room_id: room.room_id,
        user_id: u.user_id,
        name: u.name,
        is_admin: u.is_admin === true,
        is_hidden: u.is_hidden === true,
      });
      return writeReply(GenerateTokenRes, { ...success, token });
    },
  );

  app.post<{ Body: { room_id: string } }>(
    '/room/isRoomActive',
    { schema: { body: schemas.roomOnly }, preValidation: protobufJson(RoomIdReq) },
    async (req) => {
      const room = await service.active(req.body.room_id);
      return writeReply(IsRoomActiveRes, {
        status: true,
        is_active: room !== undefined,
        msg: room ? 'room is active' : 'room is not active',
        status_code: room ? 'SUCCESS' : 'ROOM_NOT_ACTIVE',
      });
    },
  );

  app.post<{ Body: { room_id: string } }>(
    '/room/getActiveRoomInfo',
    { schema: { body: schemas.roomOnly }, preValidation: protobufJson(RoomIdReq) },
    async (req) => {
      const room = await activeRoom(req.body.room_id);
      const reply = writeReply(GetActiveRoomInfoRes, {
        ...success,
        room: roomWithParticipants(room, await service.peers(room.room_id)),
      });
      if (!olderClient(req)) return reply;
      const written = reply.room as Record<string, unknown>;
      return {
        ...reply,
        room: { ...written, room_info: withOlderFields(written.room_info as Record<string, unknown>) },
      };
    },
  );

  // 2.x and 1.4.1 both post `{}`: the protocol's form, which 2.x needs (1.4.1 sees the room flags as 1 or 0).
  // As plugNmeet, no room is `status: false` with NOT_FOUND (and an empty list).
  app.post('/room/getActiveRoomsInfo', { schema: { body: obj({}) } }, async () => {
    const stored = await service.rooms.list();
    const rooms = (await Promise.all(stored.map((r) => service.active(r.room_id)))).filter((r) => r !== undefined);
    const withPeers = await Promise.all(
      rooms.map(async (room) => roomWithParticipants(room, await service.peers(room.room_id))),
    );
    if (withPeers.length === 0)
      return writeReply(GetActiveRoomsInfoRes, {
        status: false,
        msg: 'no active room found',
        status_code: 'NOT_FOUND',
      });
    return writeReply(GetActiveRoomsInfoRes, { ...success, rooms: withPeers });
  });

  app.post<{ Body: { room_id: string } }>(
    '/room/endRoom',
    { schema: { body: schemas.roomOnly }, preValidation: protobufJson(RoomIdReq) },
    async (req) => {
      await activeRoom(req.body.room_id);
      await service.end(req.body.room_id);
      return writeReply(CommonResponse, success);
    },
  );

  app.post<{ Body: BroadcastBody }>(
    '/room/broadcastToRoom',
    { schema: { body: schemas.broadcast }, preValidation: protobufJson(BroadcastToRoomReq) },
    async (req, reply) => {
      const body = req.body;
      if (!body.chat_msg && !body.notification_msg)
        throw new ApiError(400, 'chat_msg', 'either chat_msg or notification_msg is required');
      const room = await activeRoom(body.room_id);
      const target = broadcastAudience(body);
      const isPrivate = !target.everyone;
      if (body.chat_msg) {
        await service.publish(
          { room_id: room.room_id, kind: 'chat', from: null, private: isPrivate, text: body.chat_msg.message },
          target,
          { persist: true, call: publishingCall(req, reply) },
        );
      }
      if (body.notification_msg) {
        const n = body.notification_msg;
        await service.publish(
          {
            room_id: room.room_id,
            kind: 'notification',
            from: null,
            private: isPrivate,
            text: n.text,
            level: LEVELS[String(n.type ?? 0)] ?? 'info',
            withSound: n.with_sound === true,
            ...(n.id ? { notificationId: n.id } : {}),
          },
          target,
          { persist: true, call: publishingCall(req, reply) },
        );
      }
      return writeReply(CommonResponse, success);
    },
  );

  moderationRoutes(app, deps);

  app.setNotFoundHandler((_req, reply: FastifyReply) => {
    void reply.code(404).send({ status: false, msg: 'path: no such plugNmeet API' });
  });
}

function pickLocks(l: { lock_chat?: boolean; lock_chat_send_message?: boolean; lock_private_chat?: boolean }) {
  return Object.fromEntries(Object.entries(l).filter(([k]) => Object.hasOwn(defaultLocks, k))) as Partial<
    typeof defaultLocks
  >;
}
