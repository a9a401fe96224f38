import type { FastifyInstance } from 'fastify';
import type { ErrorCode } from '../../src/core/protocol.ts';
import type { Backends } from '../backends/backends.ts';
import type { ServerConfig } from '../config.ts';
import type { RoomService } from '../core/room-service.ts';
import type { RoomServer } from '../realtime/room-server.ts';
import type { WebhookSender } from '../core/webhooks.ts';
import { Drain, drainAndClose } from './drain.ts';
import { registerHttpHooks } from './http-hooks.ts';
import { RoomMetrics } from './metrics.ts';
import { metricsServer, registerProbes } from './probes.ts';

export { Drain, DRAINING_REFUSAL } from './drain.ts';
export { createLogger, requestIdOf, loggableUrl } from './logging.ts';

interface OpsDeps {
  config: ServerConfig;
  io: RoomServer;
  service: RoomService;
  backends: Backends;
  webhooks: WebhookSender;
  drain: Drain;
}

/** Probes, metrics and drain for one room server (docs/operations.md). Call before the dialects are registered. */
export function installOps(http: FastifyInstance, { config, io, service, backends, webhooks, drain }: OpsDeps) {
  const metrics = new RoomMetrics({
    localSockets: () => io.of('/').sockets.size,
    activeRooms: async () => (await service.rooms.list()).map((r) => r.room_id),
    historySize: (roomId) => service.history.size(roomId),
  });
  service.onPublish = (message) => metrics.messagePublished(message);
  webhooks.onSettled = (event, outcome) => metrics.webhooks.inc({ event, outcome });
  backends.onError?.(() => metrics.redisErrors.inc());
  metrics.observeSockets(io);
  const { metricsToken, metricsPort } = config;
  const probeDeps = {
    drain,
    probeBackends: backends.probe,
    registry: metrics.registry,
    metricsToken,
    metricsPort,
    production: config.production,
  };
  registerHttpHooks(http, { drain, metrics });
  registerProbes(http, probeDeps);
  const separateMetrics = config.metricsPort !== undefined ? metricsServer(probeDeps) : undefined;

  return {
    metrics,
    refused: (code: ErrorCode, during: 'join' | 'chat') => metrics.refusals.inc({ code, during }),
    /** Resolves to the metrics port when `/metrics` has one of its own. */
    listen: async (): Promise<number | undefined> => separateMetrics?.listen(config.host),
    close: async () => separateMetrics?.close(),
    shutdown: (close: () => Promise<void>) =>
      drainAndClose({
        drain,
        io,
        graceMs: config.shutdownGraceMs,
        log: http.log,
        onMoved: (n) => metrics.moved.inc(n),
        close,
      }),
  };
}
