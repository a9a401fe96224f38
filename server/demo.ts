import { createHash, createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import type { TokenAuthority } from './auth/tokens.ts';
import { ApiError, toApiError } from './http/errors.ts';

/**
 * The demo's backend console: the page asks, this route signs and calls the server's own public APIs over HTTP,
 * exactly as a meeting's backend would. The secret stays here. Registered only with DEMO=1 and the demo credentials.
 */
export async function demoBackend(
  app: FastifyInstance,
  deps: { config: ServerConfig; tokens: TokenAuthority; selfUrl: () => string },
): Promise<void> {
  const { config, tokens, selfUrl } = deps;

  app.setErrorHandler((error, _req, reply) => {
    const api = toApiError(error);
    void reply.code(api.statusCode).send({ error: api.message });
  });

  app.post<{
    Body: {
      room_id: string;
      user_id: string;
      name: string;
      is_admin?: boolean;
      role?: string;
      dialect?: 'plugnmeet' | 'hms';
    };
  }>(
    '/join',
    {
      schema: {
        body: {
          type: 'object',
          required: ['room_id', 'user_id', 'name'],
          properties: {
            room_id: { type: 'string', minLength: 1, maxLength: 64 },
            user_id: { type: 'string', minLength: 1, maxLength: 64 },
            name: { type: 'string', minLength: 1, maxLength: 64 },
            is_admin: { type: 'boolean' },
            role: { type: 'string', maxLength: 32 },
            dialect: { enum: ['plugnmeet', 'hms'] },
          },
        },
      },
    },
    async (req) => {
      const b = req.body;
      if (b.dialect === 'hms')
        return {
          token: await tokens.issueAppToken({
            room_id: b.room_id,
            user_id: b.user_id,
            role: b.role ?? 'guest',
            name: b.name,
          }),
        };
      const res = await call('pn', '/room/getJoinToken', {
        room_id: b.room_id,
        user_info: { name: b.name, user_id: b.user_id, is_admin: b.is_admin === true, is_hidden: false },
      });
      if (res.status !== 200)
        throw new ApiError(
          res.status,
          'room_id',
          String((res.body as { msg?: string }).msg ?? 'could not get a join token'),
        );
      return { token: (res.body as { token: string }).token };
    },
  );

  app.post<{ Body: { dialect: 'pn' | 'hms' | 'rc'; path: string; body: Record<string, unknown> } }>(
    '/call',
    {
      schema: {
        body: {
          type: 'object',
          required: ['dialect', 'path', 'body'],
          // Segments of letters, digits, `_`, `-` and one optional extension: no `.` or `..` segment can leave the prefix.
          properties: {
            dialect: { enum: ['pn', 'hms', 'rc'] },
            path: { type: 'string', pattern: '^(/[\\w-]+(\\.[a-z]+)?)+$', maxLength: 200 },
            body: { type: 'object' },
          },
        },
      },
    },
    async (req) => call(req.body.dialect, req.body.path, req.body.body),
  );

  async function call(
    dialect: 'pn' | 'hms' | 'rc',
    path: string,
    body: Record<string, unknown>,
  ): Promise<{ status: number; body: unknown; request: unknown }> {
    const base = selfUrl();
    const prefix = { pn: '/auth/', hms: '/v2/', rc: '/message/' }[dialect];
    // The schema already refuses dot segments; this holds even if it is loosened one day.
    if (!new URL(`${prefix.slice(0, -1)}${path}`, base).pathname.startsWith(prefix))
      throw new ApiError(400, 'path', `must stay under ${prefix}`);
    let res: Response;
    let request: unknown;
    if (dialect === 'pn') {
      const raw = JSON.stringify(body);
      const signature = createHmac('sha256', config.apiSecret).update(raw).digest('hex');
      request = {
        method: 'POST',
        url: `/auth${path}`,
        headers: { 'API-KEY': config.apiKey, 'HASH-SIGNATURE': `${signature.slice(0, 12)}…` },
        body,
      };
      res = await fetch(`${base}/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'API-KEY': config.apiKey, 'HASH-SIGNATURE': signature },
        body: raw,
      });
    } else if (dialect === 'hms') {
      const token = await tokens.issueManagementToken(300);
      request = { method: 'POST', url: `/v2${path}`, headers: { Authorization: 'Bearer <management token>' }, body };
      res = await fetch(`${base}/v2${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    } else {
      const nonce = crypto.randomUUID();
      const timestamp = String(Date.now());
      const signature = createHash('sha1')
        .update(config.apiSecret + nonce + timestamp)
        .digest('hex');
      const form = new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
      request = {
        method: 'POST',
        url: `/message${path}`,
        headers: {
          'App-Key': config.apiKey,
          Nonce: nonce,
          Timestamp: timestamp,
          Signature: `${signature.slice(0, 12)}…`,
        },
        body: form,
      };
      res = await fetch(`${base}/message${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'App-Key': config.apiKey,
          Nonce: nonce,
          Timestamp: timestamp,
          Signature: signature,
        },
        body: form,
      });
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: res.status, body: parsed, request };
  }
}
