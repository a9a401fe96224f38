import type { FastifyInstance } from 'fastify';
import { hexEquals, keyEquals, rongCloudSignature } from '../auth/signatures.ts';
import { audience } from '../core/targets.ts';
import { ApiError, toApiError } from '../http/errors.ts';
import type { DialectDeps } from './deps.ts';
import { MAX_PAYLOAD_BYTES } from './hms.ts';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

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

/** `RC:TxtMsg` content is JSON `{ content, extra }`; the chat shows `content`. */
function textMessageContent(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'content', 'must be JSON {"content": "..."} for RC:TxtMsg');
  }
  const text = (parsed as { content?: unknown } | null)?.content;
  if (typeof text !== 'string' || text === '') throw new ApiError(400, 'content.content', 'must be a non-empty string');
  return text;
}

export async function rongCloudDialect(app: FastifyInstance, deps: DialectDeps): Promise<void> {
  const { config, service, nonces, broadcastLimiter } = deps;

  app.setErrorHandler((error, req, reply) => {
    const api = toApiError(error);
    if (api.statusCode >= 500) req.log.error({ err: error }, 'RongCloud API failure');
    void reply.code(api.statusCode).send({ code: api.code ?? rcCode(api.statusCode), errorMessage: api.message });
  });

  app.addHook('onRequest', async (req) => {
    const h = req.headers;
    const appKey = h['app-key'];
    const nonce = h['nonce'];
    const timestamp = h['timestamp'];
    const signature = h['signature'];
    for (const [name, value] of [['App-Key', appKey], ['Nonce', nonce], ['Timestamp', timestamp], ['Signature', signature]] as const) {
      if (typeof value !== 'string' || value === '') throw new ApiError(401, name, 'header is missing');
    }
    if (!keyEquals(config.apiKey, appKey as string)) throw new ApiError(401, 'App-Key', 'is not known to this server');
    if (!/^\d{1,15}$/.test(timestamp as string)) throw new ApiError(401, 'Timestamp', 'must be milliseconds since the epoch');
    if (Math.abs(Date.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS) throw new ApiError(401, 'Timestamp', 'is more than 5 minutes off the server clock');
    if ((nonce as string).length > 64) throw new ApiError(401, 'Nonce', 'is longer than 64 characters');
    const expected = rongCloudSignature(config.apiSecret, nonce as string, timestamp as string);
    if (!hexEquals(expected, signature as string)) throw new ApiError(401, 'Signature', 'does not match SHA1(secret + Nonce + Timestamp)');
    // Checked after the signature, so nobody can burn nonces without the secret.
    if (!(await nonces.claim(nonce as string, 2 * MAX_CLOCK_SKEW_MS))) throw new ApiError(401, 'Nonce', 'was already used');
    if ((await broadcastLimiter.take(config.apiKey)) > 0) throw new ApiError(429, null, 'more than 1 request per second', RC.rateLimit);
  });

  app.post<{ Body: BroadcastForm }>('/chatroom/broadcast.json', { schema: { body: broadcastSchema } }, async (req) => {
    const { fromUserId, objectName, content, isIncludeSender } = req.body;
    if (Buffer.byteLength(content, 'utf8') > MAX_PAYLOAD_BYTES) throw new ApiError(413, 'content', 'is larger than 128 KB');
    const isText = objectName === 'RC:TxtMsg';
    if (!isText && objectName.startsWith('RC:')) throw new ApiError(400, 'objectName', 'custom types must not start with "RC:"');
    if (objectName.length > 32) throw new ApiError(400, 'objectName', 'is longer than 32 characters');
    const text = isText ? textMessageContent(content) : content;
    const from = { user_id: fromUserId, name: fromUserId, role: null };
    const target = audience.everyone(isIncludeSender === '1' ? [] : [fromUserId]);
    for (const room of await service.rooms.list()) {
      await service.publish(
        { room_id: room.room_id, kind: isText ? 'chat' : 'custom', from, private: false, text, ...(isText ? {} : { type: objectName }) },
        target,
        { persist: false },
      );
    }
    return { code: 200 };
  });

  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).send({ code: RC.param, errorMessage: 'path: no such RongCloud API' });
  });
}
