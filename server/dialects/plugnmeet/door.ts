import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toJson } from '@bufbuild/protobuf';
import type { NotificationLevel } from '../../../src/core/protocol.ts';
import { bodySignature, hexEquals, keyEquals } from '../../auth/signatures.ts';
import { defaultLocks, type RoomRecord } from '../../core/rooms.ts';
import { fileSettingsFrom } from '../../files/settings.ts';
import { audience, type Audience } from '../../core/targets.ts';
import { ApiError, toApiError } from '../../http/errors.ts';
import type { DialectDeps } from '../deps.ts';
import {
  BroadcastToRoomReqSchema,
  GetActiveRoomInfoReqSchema,
  GetActiveRoomInfoResSchema,
  GetActiveRoomsInfoResSchema,
  IsRoomActiveReqSchema,
  IsRoomActiveResSchema,
  RoomEndReqSchema,
  RoomEndResSchema,
} from './gen/plugnmeet_auth_room_pb.ts';
import { CommonResponseSchema, StatusCode } from './gen/plugnmeet_common_api_pb.ts';
import { CreateRoomReqSchema, CreateRoomResSchema, RoomMetadataSchema } from './gen/plugnmeet_create_room_pb.ts';
import { GenerateTokenReqSchema, GenerateTokenResSchema } from './gen/plugnmeet_gen_token_pb.ts';
import { normalizeBroadcast, normalizeCreate } from './legacy.ts';
import { activeRoomInfo, roomWithParticipants } from './room-info.ts';
import { decode, encode } from './wire.ts';

/** `NatsSystemNotificationTypes` (after the seed's 3 and words are mapped onto it). */
const LEVELS: NotificationLevel[] = ['info', 'warning', 'error'];

function roomIdOf(value: string, field = 'room_id'): string {
  if (value === '') throw new ApiError(400, field, 'is required');
  if (value.length > 128) throw new ApiError(400, field, 'is longer than 128 characters');
  if (/\s/.test(value)) throw new ApiError(400, field, 'must not contain whitespace');
  return value;
}

function bounded(field: string, value: string, max: number, required = false): string {
  if (required && value === '') throw new ApiError(400, field, 'is required');
  if (value.length > max) throw new ApiError(400, field, `is longer than ${max} characters`);
  return value;
}

function atMost(field: string, value: number, max: number): number {
  if (value > max) throw new ApiError(400, field, `must be at most ${max}`);
  return value;
}

/** Only http(s) URLs are kept: a `javascript:` logout URL must never reach a page. */
function httpUrl(field: string, value: string | undefined): string | null {
  if (!value) return null;
  bounded(field, value, 2048);
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // fall through to the refusal below
  }
  throw new ApiError(400, field, 'must be an http(s) URL');
}

/** The seed's targeting: nobody named → everyone; admins; one user; admins and that user, once each. */
export function broadcastAudience(body: { onlyToAdmins?: boolean; toUserId?: string }): Audience {
  const toUser = body.toUserId ? [body.toUserId] : [];
  if (!body.onlyToAdmins && toUser.length === 0) return audience.everyone();
  return audience.of({ admins: body.onlyToAdmins === true, userIds: toUser });
}

const MINUTES_A_YEAR = 525_600;

const success = { status: true, msg: 'success', statusCode: StatusCode.SUCCESS } as const;

export async function plugnmeetDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { config, service, tokens } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    if (api.statusCode === 503) req.log.warn({ err: api.message }, 'plugNmeet API failure: retry later');
    else if (api.statusCode >= 500) req.log.error({ err: error }, 'plugNmeet API failure');
    void reply.code(api.statusCode).send({ status: false, msg: api.message });
  });

  app.addHook('preValidation', async (req: FastifyRequest) => {
    // A signature over a form body would not bind what the form parser reads: plugNmeet's SDKs only post JSON.
    const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new ApiError(415, 'content-type', 'must be application/json');
    const key = req.headers['api-key'];
    const signature = req.headers['hash-signature'];
    if (typeof key !== 'string' || key === '') throw new ApiError(401, 'API-KEY', 'header is missing');
    if (typeof signature !== 'string' || signature === '') throw new ApiError(401, 'HASH-SIGNATURE', 'header is missing');
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

  app.post('/room/create', async (req) => {
    const normalized = normalizeCreate(req.body);
    const body = decode(CreateRoomReqSchema, normalized.body);
    const roomId = roomIdOf(body.roomId);
    const metadata = body.metadata;
    if (!metadata) throw new ApiError(400, 'metadata', 'is required');
    const features = metadata.roomFeatures;
    const chat = features?.chatFeatures;
    const locks = metadata.defaultLockSettings;
    // Echoed in room info as plugNmeet does: protobuf-JSON, defaults left out.
    const metadataJson = toJson(RoomMetadataSchema, metadata, { useProtoFieldName: true });
    const record: RoomRecord = {
      room_id: roomId,
      sid: crypto.randomUUID(),
      title: bounded('metadata.room_title', metadata.roomTitle, 512, true),
      max_participants: atMost('max_participants', body.maxParticipants ?? 0, 100_000),
      empty_timeout: atMost('empty_timeout', body.emptyTimeout ?? 0, 31_536_000),
      room_duration: atMost('metadata.room_features.room_duration', normalized.roomDurationMinutes ?? Number(features?.roomDuration ?? 0), MINUTES_A_YEAR),
      welcome_message: bounded('metadata.welcome_message', metadata.welcomeMessage ?? '', 5000) || null,
      logout_url: httpUrl('metadata.logout_url', metadata.logoutUrl),
      webhook_url: httpUrl('metadata.webhook_url', metadata.webhookUrl),
      features: { chat: chat ? chat.isAllow : true },
      locks: {
        lock_chat: locks?.lockChat ?? defaultLocks.lock_chat,
        lock_chat_send_message: locks?.lockChatSendMessage ?? defaultLocks.lock_chat_send_message,
        lock_private_chat: locks?.lockPrivateChat ?? defaultLocks.lock_private_chat,
      },
      files: fileSettingsFrom(metadataJson, config.files),
      metadata: metadataJson,
      creation_time: Math.floor(Date.now() / 1000),
      implicit: false,
    };
    const room = await service.create(record);
    const joined = room === record ? 0 : (await service.participants(room.room_id)).length;
    return encode(CreateRoomResSchema, {
      ...success,
      msg: room === record ? 'success' : 'room already exists',
      roomInfo: activeRoomInfo(room, joined),
    });
  });

  app.post('/room/getJoinToken', async (req) => {
    const body = decode(GenerateTokenReqSchema, req.body);
    const roomId = roomIdOf(body.roomId);
    const user = body.userInfo;
    if (!user) throw new ApiError(400, 'user_info', 'is required');
    const name = bounded('user_info.name', user.name, 256, true);
    const userId = roomIdOf(user.userId, 'user_info.user_id');
    const room = await activeRoom(roomId);
    const { isAdmin: is_admin, isHidden: is_hidden } = user;
    const token = await tokens.issueJoinToken({ room_id: room.room_id, user_id: userId, name, is_admin, is_hidden });
    return encode(GenerateTokenResSchema, { ...success, token });
  });

  app.post('/room/isRoomActive', async (req) => {
    const roomId = roomIdOf(decode(IsRoomActiveReqSchema, req.body).roomId);
    const room = await service.active(roomId);
    return encode(IsRoomActiveResSchema, { ...success, isActive: room !== undefined, msg: room ? 'room is active' : 'room is not active' });
  });

  app.post('/room/getActiveRoomInfo', async (req) => {
    const room = await activeRoom(roomIdOf(decode(GetActiveRoomInfoReqSchema, req.body).roomId));
    return encode(GetActiveRoomInfoResSchema, { ...success, room: roomWithParticipants(room, await service.peers(room.room_id)) });
  });

  app.post('/room/getActiveRoomsInfo', async () => {
    const rooms = await service.rooms.list();
    const withPeers = await Promise.all(rooms.map(async (room) => roomWithParticipants(room, await service.peers(room.room_id))));
    return encode(GetActiveRoomsInfoResSchema, { ...success, msg: rooms.length > 0 ? 'success' : 'no active room found', rooms: withPeers });
  });

  app.post('/room/endRoom', async (req) => {
    const roomId = roomIdOf(decode(RoomEndReqSchema, req.body).roomId);
    await activeRoom(roomId);
    await service.end(roomId);
    return encode(RoomEndResSchema, success);
  });

  app.post('/room/broadcastToRoom', async (req) => {
    const body = decode(BroadcastToRoomReqSchema, normalizeBroadcast(req.body));
    const roomId = roomIdOf(body.roomId);
    const payload = body.payload;
    if (payload.case === undefined) throw new ApiError(400, 'chat_msg', 'either chat_msg or notification_msg is required');
    if (body.toUserId !== undefined) bounded('to_user_id', body.toUserId, 128);
    const text =
      payload.case === 'chatMsg'
        ? bounded('chat_msg.message', payload.value.message, 10_000, true)
        : bounded('notification_msg.text', payload.value.text, 10_000, true);
    const level = payload.case === 'notificationMsg' ? LEVELS[payload.value.type] : undefined;
    if (payload.case === 'notificationMsg' && !level) {
      throw new ApiError(400, 'notification_msg.type', 'must be 0 (info), 1 (warning), 2 or 3 (error)');
    }
    const room = await activeRoom(roomId);
    const target = broadcastAudience(body);
    const common = { room_id: room.room_id, from: null, private: !target.everyone, text };
    const message =
      payload.case === 'chatMsg'
        ? { ...common, kind: 'chat' as const }
        : { ...common, kind: 'notification' as const, level: level!, withSound: payload.value.withSound };
    await service.publish(message, target, { persist: true });
    return encode(CommonResponseSchema, success);
  });

  app.setNotFoundHandler((_req, reply: FastifyReply) => {
    void reply.code(404).send({ status: false, msg: 'path: no such plugNmeet API' });
  });
}
