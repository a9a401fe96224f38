import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: plugNmeet signs these bytes. */
    rawBody?: Buffer;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Deeper JSON than any API here takes: refused before parsing, since validating or echoing it overflows the stack. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of `[` and `{` outside strings, stopping early once past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

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
      if (jsonDepth(text) > MAX_JSON_DEPTH)
        return done(new ApiError(400, 'body', `nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      done(null, JSON.parse(text));
    } catch (error) {
      done(error instanceof ApiError ? error : new ApiError(400, 'body', 'is not valid JSON'), undefined);
    }
  });
  // URLSearchParams rather than a plugin: a repeated key must be refused, not silently merged.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    (req: FastifyRequest, body: Buffer, done) => {
      req.rawBody = body;
      try {
        const out: Record<string, string> = {};
        for (const [key, value] of new URLSearchParams(decode(body))) {
          if (Object.hasOwn(out, key)) throw new ApiError(400, key, 'is given more than once');
          out[key] = value;
        }
        done(null, out);
      } catch (error) {
        done(error as ApiError, undefined);
      }
    },
  );
}
