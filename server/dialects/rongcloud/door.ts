import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hexEquals, keyEquals, rongCloudSignature } from '../../auth/signatures.ts';
import type { ServerConfig } from '../../config.ts';
import type { NonceStore } from '../../core/limits.ts';
import { audience } from '../../core/targets.ts';
import { ApiError, logServerFailure, toApiError } from '../../http/errors.ts';
import { publishingCall } from '../../http/idempotency.ts';
import { MAX_PAYLOAD_BYTES, type DialectDeps } from '../deps.ts';
import { broadcastOf } from './messages.ts';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Below this a Timestamp is seconds (what rongcloud-sdk sends), at or above it milliseconds (the seed's example). */
const MS_THRESHOLD = 100_000_000_000;
const NONCE_CHECK_HINT = 'RONGCLOUD_NONCE_CHECK=off accepts the official rongcloud-sdk, which signs once per process';

/** RongCloud's own error codes. */
const RC = { param: 1002, signature: 1004, rateLimit: 1008, server: 1000 } as const;

interface BroadcastForm {
  fromUserId: string;
  objectName: string;
  content: string;
  isIncludeSender?: string;
}

const broadcastSchema = {
  type: 'object',
  required: ['fromUserId', 'objectName', 'content'],
  properties: {
    fromUserId: { type: 'string', minLength: 1, maxLength: 64 },
    objectName: { type: 'string', minLength: 1 },
    content: { type: 'string', minLength: 1 },
    isIncludeSender: { enum: ['0', '1'] },
  },
} as const;

function rcCode(status: number): number {
  if (status === 401) return RC.signature;
  if (status === 429) return RC.rateLimit;
  return status >= 500 ? RC.server : RC.param;
}

/** A signing header under its plain name or, as some deployments send it, with an `RC-` prefix. */
function header(req: FastifyRequest, name: string): string {
  const value = req.headers[name.toLowerCase()] ?? req.headers[`rc-${name.toLowerCase()}`];
  if (typeof value !== 'string' || value === '') throw new ApiError(401, name, 'header is missing');
  return value;
}

function timestampMs(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(401, 'Timestamp', 'must be seconds or milliseconds since the epoch');
  const n = Number(raw);
  return n < MS_THRESHOLD ? n * 1000 : n;
}

/** RongCloud's request signature; replay protection unless the operator turned it off for the official SDK. */
async function verifySignedRequest(req: FastifyRequest, config: ServerConfig, nonces: NonceStore): Promise<void> {
  const appKey = header(req, 'App-Key');
  const nonce = header(req, 'Nonce');
  const timestamp = header(req, 'Timestamp');
  const signature = header(req, 'Signature');
  if (!keyEquals(config.apiKey, appKey)) throw new ApiError(401, 'App-Key', 'is not known to this server');
  const at = timestampMs(timestamp);
  if (nonce.length > 64) throw new ApiError(401, 'Nonce', 'is longer than 64 characters');
  const expected = rongCloudSignature(config.apiSecret, nonce, timestamp);
  if (!hexEquals(expected, signature))
    throw new ApiError(401, 'Signature', 'does not match SHA1(secret + Nonce + Timestamp)');
  if (!config.rongCloudNonceCheck) return;
  if (Math.abs(Date.now() - at) > MAX_CLOCK_SKEW_MS) {
    throw new ApiError(401, 'Timestamp', `is more than 5 minutes off the server clock; ${NONCE_CHECK_HINT}`);
  }
  // Checked after the signature, so nobody can burn nonces without the secret.
  if (!(await nonces.claim(nonce, 2 * MAX_CLOCK_SKEW_MS)))
    throw new ApiError(401, 'Nonce', `was already used; ${NONCE_CHECK_HINT}`);
}

export async function rongCloudDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { config, service, nonces, broadcastLimiter } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    logServerFailure(req.log, api, error, 'RongCloud API failure');
    void reply.code(api.statusCode).send({ code: api.code ?? rcCode(api.statusCode), errorMessage: api.message });
  });

  app.addHook('onRequest', async (req) => {
    await verifySignedRequest(req, config, nonces);
    if ((await broadcastLimiter.take(config.apiKey)) > 0)
      throw new ApiError(429, null, 'more than 1 request per second', RC.rateLimit);
  });

  app.post<{ Body: BroadcastForm }>(
    '/chatroom/broadcast.json',
    { schema: { body: broadcastSchema } },
    async (req, reply) => {
      const { fromUserId, objectName, content, isIncludeSender } = req.body;
      if (Buffer.byteLength(content, 'utf8') > MAX_PAYLOAD_BYTES)
        throw new ApiError(413, 'content', 'is larger than 128 KB');
      const broadcast = broadcastOf(objectName, content, fromUserId);
      const target = audience.everyone(isIncludeSender === '1' ? [] : [fromUserId]);
      for (const room of await service.rooms.list()) {
        await service.publish({ ...broadcast, room_id: room.room_id, private: false }, target, {
          persist: false,
          call: publishingCall(req, reply),
        });
      }
      return { code: 200 };
    },
  );

  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ code: RC.param, errorMessage: 'path: no such RongCloud API' });
  });
}
