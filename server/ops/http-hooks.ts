import type { FastifyInstance } from 'fastify';
import type { Drain } from './drain.ts';
import { REQUEST_ID_HEADER } from './logging.ts';
import { dialectContext, dialectOfUrl, type RoomMetrics } from './metrics.ts';

/**
 * Hooks every route gets: the request id echoed, `Connection: close` while draining (so keep-alive clients
 * reconnect through the balancer to another process), the dialect made known to the delivery core, and the
 * request counted. Register before the dialects so their scopes inherit them.
 */
export function registerHttpHooks(
  http: FastifyInstance,
  { drain, metrics }: { drain: Drain; metrics: RoomMetrics },
): void {
  http.addHook('onRequest', (req, reply, done) => {
    reply.header(REQUEST_ID_HEADER, req.id);
    if (drain.draining) reply.header('connection', 'close');
    done();
  });
  // The handler runs inside `done`, so everything it awaits sees the dialect (see `dialectContext`).
  http.addHook('preHandler', (req, _reply, done) => dialectContext.run(dialectOfUrl(req.url), done));
  http.addHook('onResponse', (req, reply, done) => {
    const labels = { dialect: dialectOfUrl(req.url), route: req.routeOptions.url ?? 'unmatched' };
    metrics.apiRequests.inc({ ...labels, status: String(reply.statusCode) });
    metrics.apiDuration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  // fastify's own 404 logs the whole URL, query string (and any token a caller put there) included.
  http.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .send({ statusCode: 404, error: 'Not Found', message: `no route for ${req.method} ${req.url.split('?')[0]}` });
  });
}
