import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Drain } from './drain.ts';

export interface ProbeDeps {
  drain: Drain;
  /** Rejects when a configured shared backend (Redis) cannot be reached. */
  probeBackends?: () => Promise<void>;
  registry: Registry;
  metricsToken: string | undefined;
  /** Set: `/metrics` is served on its own port and not on the public one. */
  metricsPort: number | undefined;
  /** In production the public port serves `/metrics` only with a token (or not at all: `METRICS_PORT`). */
  production?: boolean;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time; no token configured: anyone may scrape. */
function scrapeAllowed(token: string | undefined, req: IncomingMessage): boolean {
  if (!token) return true;
  const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * `/healthz` (alive), `/readyz` (can serve) and, unless it has a port of its own (or this is production without a
 * token), `/metrics`.
 */
export function registerProbes(http: FastifyInstance, deps: ProbeDeps): void {
  http.get('/healthz', async () => ({ ok: true }));
  http.get('/readyz', async (_req, reply) => {
    if (deps.drain.draining) return reply.code(503).send({ ready: false, reason: 'draining' });
    try {
      await deps.probeBackends?.();
    } catch {
      return reply.code(503).send({ ready: false, reason: 'redis unreachable' });
    }
    return { ready: true };
  });
  if (deps.metricsPort !== undefined) return;
  // Production without METRICS_TOKEN or METRICS_PORT: nothing to scrape on the public port (404), rather than the
  // server's rooms, traffic and refusals for anyone who asks.
  if (deps.production && !deps.metricsToken) return;
  http.get('/metrics', async (req, reply) => {
    if (!scrapeAllowed(deps.metricsToken, req.raw)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'metrics: a valid bearer token is required' });
    }
    return reply.type(deps.registry.contentType).send(await deps.registry.metrics());
  });
}

/** `/metrics` alone on `METRICS_PORT`, for operators who keep it off the public port. */
export function metricsServer(deps: ProbeDeps): { listen(host: string): Promise<number>; close(): Promise<void> } {
  let server: Server | undefined;
  return {
    async listen(host) {
      server = createServer((req, res) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
        if (!scrapeAllowed(deps.metricsToken, req))
          return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
        deps.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': deps.registry.contentType }).end(text),
          () => res.writeHead(500).end(),
        );
      });
      await new Promise<void>((resolve, reject) =>
        server!.once('error', reject).listen(deps.metricsPort, host, resolve),
      );
      const address = server.address();
      return typeof address === 'object' && address ? address.port : deps.metricsPort!;
    },
    async close() {
      if (server?.listening) await new Promise((resolve) => server!.close(resolve));
    },
  };
}
