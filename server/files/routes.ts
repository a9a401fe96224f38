import type { IncomingMessage } from 'node:http';
import cors from '@fastify/cors';
import contentDisposition from 'content-disposition';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FileLinkAnswer, FileUploadAnswer } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { JoinIdentity, TokenAuthority } from '../auth/tokens.ts';
import type { ConversationPolicy } from '../conversation/policy.ts';
import { clientIdOf, type ClientWrites } from '../core/client-writes.ts';
import type { RoomService } from '../core/room-service.ts';
import { isTargetOf } from '../core/targets.ts';
import { logServerFailure, toApiError } from '../http/errors.ts';
import type { FileRecord } from './catalog.ts';
import { LinkSigner } from './links.ts';
import type { FileSharing } from './sharing.ts';
import { Uploads } from './uploads.ts';
import { withoutBidiControls } from './types.ts';

export interface FilesRoutesDeps {
  files: FileSharing;
  service: RoomService;
  tokens: TokenAuthority;
  policy: ConversationPolicy;
  writes: ClientWrites;
  apiSecret: string;
  originAllowed: (origin: string | undefined) => boolean;
}

type Params = { room_id: string; file_id: string };

/** Headers that make a served file inert whatever it holds: no sniffing, no script, no same-origin access. */
function inertHeaders(record: FileRecord): Record<string, string> {
  return {
    'content-type': record.type,
    'content-disposition': contentDisposition(withoutBidiControls(record.name), {
      type: record.inline ? 'inline' : 'attachment',
    }),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cross-origin-resource-policy': 'cross-origin',
    'referrer-policy': 'no-referrer',
  };
}

/**
 * Reads and drops what is left of a refused upload, so that the client, still sending, gets to read the answer;
 * past `budget` bytes the connection is closed instead.
 */
function discardRest(req: IncomingMessage, budget: number): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > budget) req.socket.destroy();
  });
  req.resume();
}

/** `POST /files/:room_id`, `GET /files/:room_id/:file_id`, `POST /files/:room_id/:file_id/link` (docs/protocol.md "Files"). */
export async function filesRoutes(app: FastifyInstance, deps: FilesRoutesDeps): Promise<void> {
  const { files, tokens } = deps;
  const { catalog, limits } = files;
  const uploads = new Uploads({ limits, service: deps.service, catalog, policy: deps.policy });
  const links = new LinkSigner(deps.apiSecret, limits.linkTtlSeconds);

  await app.register(cors, {
    origin: (origin, cb) => cb(null, deps.originAllowed(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  });
  // The upload's body is the file itself, read as a stream by the handler: no parser may buffer it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  app.setErrorHandler((error, req, reply) => {
    discardRest(req.raw, limits.maxBytes);
    if (error instanceof RoomRefusal)
      return reply.code(error.status ?? 400).send({ ok: false, code: error.code, message: error.message });
    const api = toApiError(error);
    logServerFailure(req.log, api, error, 'files endpoint failure');
    return reply
      .code(api.statusCode)
      .send({ ok: false, code: api.statusCode >= 500 ? 'server_error' : 'message_invalid', message: api.message });
  });

  async function identify(req: FastifyRequest, roomId: string): Promise<JoinIdentity> {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (token === '')
      throw new RoomRefusal('token_missing', 'Authorization: a join token is required ("Bearer <token>")', 401);
    const identity = await tokens.verifyJoinToken(token);
    if (identity.room_id !== roomId) throw new RoomRefusal('token_invalid', 'the token is for another room', 403);
    return identity;
  }

  /**
   * The file, when it belongs to the room of that id that exists now (not an earlier room of the same id) and this
   * identity is one of its message's targets; otherwise it does not exist, for them.
   */
  async function recordFor(identity: JoinIdentity | null, params: Params): Promise<FileRecord> {
    const [record, room] = await Promise.all([
      catalog.record(params.room_id, params.file_id),
      deps.service.active(params.room_id),
    ]);
    const recipient = identity && {
      user_id: identity.user_id,
      role: identity.role,
      is_admin: identity.is_admin,
      peer_id: '',
    };
    if (!record || !room || record.room_sid !== room.sid || (recipient && !isTargetOf(record.audience, recipient)))
      throw new RoomRefusal('file_not_found', 'no such file in this room', 404);
    return record;
  }

  app.post<{ Params: { room_id: string }; Querystring: Record<string, string> }>('/:room_id', async (req, reply) => {
    const identity = await identify(req, req.params.room_id);
    const length = req.headers['content-length'];
    const { name, to, client_id } = req.query;
    // A retried upload (same client id) is answered with the first one's message; its bytes are read and dropped.
    const scope = { roomId: req.params.room_id, userId: identity.user_id, clientId: clientIdOf(client_id) };
    const message = await deps.writes.once(scope, ['file', name, to, length], () =>
      uploads.accept({
        identity,
        roomId: req.params.room_id,
        name,
        to,
        declaredBytes: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
        body: req.raw,
        ...(scope.clientId === undefined ? {} : { clientId: scope.clientId }),
      }),
    );
    discardRest(req.raw, limits.maxBytes);
    const answer: FileUploadAnswer = { ok: true, message };
    return reply.code(201).send(answer);
  });

  app.post<{ Params: Params }>('/:room_id/:file_id/link', async (req) => {
    const record = await recordFor(await identify(req, req.params.room_id), req.params);
    const answer: FileLinkAnswer = { ok: true, ...links.sign(record.room_id, record.id) };
    return answer;
  });

  app.get<{ Params: Params; Querystring: Record<string, string> }>('/:room_id/:file_id', async (req, reply) => {
    const { room_id, file_id } = req.params;
    const signed = req.query.sig !== undefined;
    if (signed) {
      const verdict = links.check(room_id, file_id, req.query.expires, req.query.sig);
      if (verdict === 'invalid') throw new RoomRefusal('file_link_invalid', 'this download link is not valid', 403);
      if (verdict === 'expired')
        throw new RoomRefusal('file_link_expired', 'this download link has expired: ask for a new one', 403);
    }
    const record = await recordFor(signed ? null : await identify(req, room_id), req.params);
    const bytes = await catalog.open(room_id, file_id);
    if (!bytes) throw new RoomRefusal('file_not_found', 'no such file in this room', 404);
    // A link may be cached until it expires; a token-authorised answer is never kept.
    const cache = signed
      ? `private, max-age=${Math.max(0, Number(req.query.expires) - Math.floor(Date.now() / 1000))}`
      : 'private, no-store';
    return reply
      .headers({ ...inertHeaders(record), 'content-length': String(bytes.size), 'cache-control': cache })
      .send(bytes.body);
  });

  app.setNotFoundHandler((_req, reply: FastifyReply) => {
    void reply.code(404).send({ ok: false, code: 'file_not_found', message: 'path: no such files endpoint' });
  });
}
