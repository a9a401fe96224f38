import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/**
 * `GET /emoji.json`: the chat's emoji picker data (issue 31), served by the room server itself so the picker needs no
 * third-party CDN and works offline: `[category, [[emoji, "keywords …"], …]][]` (scripts/make-emoji.mjs, from
 * emojilib). Read on the first request (beside this file: server/emoji/ in the source, server/dist/ once built),
 * gzipped once, cached by browsers for a day, and readable from any page like the widgets' scripts.
 */
export function emojiRoute(http: FastifyInstance): void {
  let data: Promise<{ raw: Buffer; gzip: Buffer; etag: string }> | undefined;
  const load = async () => {
    const raw = await readFile(new URL('./emoji.json', import.meta.url));
    return { raw, gzip: gzipSync(raw, { level: 9 }), etag: `"emoji-${raw.length.toString(36)}"` };
  };
  http.get('/emoji.json', async (req, reply) => {
    const { raw, gzip, etag } = await (data ??= load().catch(
      (error: unknown) => ((data = undefined), Promise.reject(error)),
    ));
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('vary', 'accept-encoding')
      .header('etag', etag);
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
      return reply.header('content-encoding', 'gzip').send(gzip);
    return reply.send(raw);
  });
}
