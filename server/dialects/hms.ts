import type { FastifyInstance } from 'fastify';
import type { MessageKind } from '../../src/core/protocol.ts';
import { TokenError } from '../auth/tokens.ts';
import { audience, type Audience } from '../core/targets.ts';
import { ApiError, toApiError } from '../http/errors.ts';
import type { DialectDeps } from './deps.ts';

export const MAX_PAYLOAD_BYTES = 128 * 1024;

interface SendMessageBody {
  message: string;
  peer_id?: string;
  role?: string;
  type?: string;
}

const sendMessageSchema = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string', minLength: 1 },
    peer_id: { type: 'string', maxLength: 128 },
    role: { type: 'string', maxLength: 128 },
    type: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[\\w.:-]+$' },
  },
} as const;

/** 100ms precedence: a peer id wins over a role; neither is a broadcast. Empty strings count as absent. */
export function sendMessageAudience(body: Pick<SendMessageBody, 'peer_id' | 'role'>): Audience {
  if (body.peer_id) return audience.of({ peerIds: [body.peer_id] });
  if (body.role) return audience.of({ roles: [body.role] });
  return audience.everyone();
}

function kindOf(type: string | undefined): MessageKind {
  if (type === undefined || type === 'chat') return 'chat';
  return type === 'emoji' ? 'emoji' : 'custom';
}

export async function hmsDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { service, tokens } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    if (api.statusCode >= 500) req.log.error({ err: error }, '100ms API failure');
    void reply.code(api.statusCode).send({ code: api.statusCode, message: api.message });
  });

  app.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new ApiError(401, 'Authorization', 'header must be "Bearer <management token>"');
    try {
      await tokens.verifyManagementToken(match[1]!);
    } catch (error) {
      if (error instanceof TokenError) throw new ApiError(401, 'Authorization', error.message);
      throw error;
    }
  });

  app.post<{ Params: { room_id: string }; Body: SendMessageBody }>(
    '/active-rooms/:room_id/send-message',
    { schema: { body: sendMessageSchema } },
    async (req) => {
      const body = req.body;
      if (Buffer.byteLength(body.message, 'utf8') > MAX_PAYLOAD_BYTES) throw new ApiError(413, 'message', 'is larger than 128 KB');
      const room = await service.active(req.params.room_id);
      if (!room) throw new ApiError(404, 'room_id', 'room is not active');
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
        { persist: true },
      );
      return { message: 'message sent' };
    },
  );

  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ code: 404, message: 'path: no such 100ms API' });
  });
}
