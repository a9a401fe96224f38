import { hmsModerationRoute } from './moderation-route.ts';
import type { FastifyInstance } from 'fastify';
import type { MessageKind } from '../../../src/core/protocol.ts';
import { RoomRefusal } from '../../../src/core/refusal.ts';
import { audience, type Audience } from '../../core/targets.ts';
import { ApiError, logServerFailure, toApiError } from '../../http/errors.ts';
import { publishingCall } from '../../http/idempotency.ts';
import { MAX_PAYLOAD_BYTES, type DialectDeps } from '../deps.ts';
import { activePeers, activeRoom, peerWithTracks } from './wire.ts';

interface SendMessageBody {
  message: string;
  peer_id?: string;
  /** The SDK's own spelling (`RoomMessageParams.peerId`). */
  peerId?: string;
  role?: string;
  type?: string;
}

const sendMessageSchema = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string', minLength: 1 },
    peer_id: { type: 'string', maxLength: 128 },
    peerId: { type: 'string', maxLength: 128 },
    role: { type: 'string', maxLength: 128 },
    type: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\w.:-]+$' },
  },
} as const;

/** The one peer a message names, under either spelling; two different peers are a contradiction, not a choice. */
function peerIdOf(body: Pick<SendMessageBody, 'peer_id' | 'peerId'>): string | undefined {
  if (body.peer_id && body.peerId && body.peer_id !== body.peerId)
    throw new ApiError(400, 'peerId', 'names another peer than peer_id');
  return body.peer_id || body.peerId || undefined;
}

/** 100ms precedence: a peer id wins over a role; neither is a broadcast. Empty strings count as absent. */
export function sendMessageAudience(body: Pick<SendMessageBody, 'peer_id' | 'peerId' | 'role'>): Audience {
  const peerId = peerIdOf(body);
  if (peerId) return audience.of({ peerIds: [peerId] });
  if (body.role) return audience.of({ roles: [body.role] });
  return audience.everyone();
}

function kindOf(type: string | undefined): MessageKind {
  if (type === undefined || type === 'chat') return 'chat';
  return type === 'emoji' ? 'emoji' : 'custom';
}

export async function hmsDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { config, service, tokens } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    logServerFailure(req.log, api, error, '100ms API failure');
    void reply.code(api.statusCode).send({ code: api.statusCode, message: api.message });
  });

  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'Authorization', 'header must be "Bearer <management token>"');
    try {
      await tokens.verifyManagementToken(match[1]!);
    } catch (error) {
      if (error instanceof RoomRefusal) throw new ApiError(401, 'Authorization', error.message);
      throw error;
    }
  });

  const activeRoomOf = async (id: string) => {
    const room = await service.active(id);
    if (!room) throw new ApiError(404, 'room_id', 'room is not active');
    return room;
  };

  app.get<{ Params: { room_id: string } }>('/active-rooms/:room_id', async (req) => {
    const room = await activeRoomOf(req.params.room_id);
    return activeRoom(room, config.apiKey, await service.peers(room.room_id));
  });

  app.get<{ Params: { room_id: string } }>('/active-rooms/:room_id/peers', async (req) => {
    const room = await activeRoomOf(req.params.room_id);
    return activePeers(await service.peers(room.room_id));
  });

  app.get<{ Params: { room_id: string; peer_id: string } }>('/active-rooms/:room_id/peers/:peer_id', async (req) => {
    const room = await activeRoomOf(req.params.room_id);
    const peer = (await service.peers(room.room_id)).find((p) => p.peer_id === req.params.peer_id);
    if (!peer) throw new ApiError(404, 'peer_id', 'peer is not in the room');
    return peerWithTracks(peer);
  });

  app.post<{ Params: { room_id: string }; Body: SendMessageBody }>(
    '/active-rooms/:room_id/send-message',
    { schema: { body: sendMessageSchema } },
    async (req, reply) => {
      const body = req.body;
      if (Buffer.byteLength(body.message, 'utf8') > MAX_PAYLOAD_BYTES)
        throw new ApiError(413, 'message', 'is larger than 128 KB');
      const room = await activeRoomOf(req.params.room_id);
      const target = sendMessageAudience(body);
      const kind = kindOf(body.type);
      await service.publish(
        {
          room_id: room.room_id,
          kind,
          from: null,
          private: !target.everyone,
          text: body.message,
          ...(kind === 'custom' ? { type: body.type } : {}),
        },
        target,
        { persist: true, call: publishingCall(req, reply) },
      );
      return { message: 'message sent' };
    },
  );

  hmsModerationRoute(app, deps);

  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ code: 404, message: 'path: no such 100ms API' });
  });
}
