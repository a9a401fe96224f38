import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: plugNmeet signs these bytes. */
    rawBody?: Buffer;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ApiError(400, 'body', 'is not valid UTF-8');
  }
}

/** JSON and form bodies, kept raw for signatures, refused clearly when not UTF-8 or not JSON. */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req: FastifyRequest, body: Buffer, done) => {
    req.rawBody = body;
    try {
      const text = decode(body);
      if (text.trim() === '') return done(new ApiError(400, 'body', 'is empty'), undefined);
      done(null, JSON.parse(text));
    } catch (error) {
      done(error instanceof ApiError ? error : new ApiError(400, 'body', 'is not valid JSON'), undefined);
    }
  });
  // URLSearchParams rather than a plugin: a repeated key must be refused, not silently merged.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) => {
    try {
      const out: Record<string, string> = {};
      for (const [key, value] of new URLSearchParams(decode(body))) {
        if (key in out) throw new ApiError(400, key, 'is given more than once');
        out[key] = value;
      }
      done(null, out);
    } catch (error) {
      done(error as ApiError, undefined);
    }
  });
}
