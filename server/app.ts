import { createServer } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Server } from 'socket.io';
import type { ServerConfig } from './config.ts';
import { TokenAuthority } from './auth/tokens.ts';
import type { Backends } from './backends/backends.ts';
import { memoryBackends } from './backends/memory/index.ts';
import { RoomService } from './core/room-service.ts';
import type { RoomServer } from './realtime/room-server.ts';
import { socketIoRooms } from './realtime/room-sockets.ts';
import { TickDelivery } from './realtime/tick-delivery.ts';
import { WebhookSender } from './core/webhooks.ts';
import { emojiRoute } from './emoji/route.ts';
import { registerBodyParsers } from './http/body.ts';
import { plugnmeetDialect } from './dialects/plugnmeet/door.ts';
import { plugnmeetWebhooks } from './dialects/plugnmeet/webhook.ts';
import { hmsDialect } from './dialects/hms/door.ts';
import { hmsWebhooks } from './dialects/hms/webhook.ts';
import { rongCloudDialect } from './dialects/rongcloud/door.ts';
import { attachRealtime } from './realtime/socket.ts';
import { demoBackend } from './demo.ts';
import type { DialectDeps } from './dialects/deps.ts';
import { createLogger, Drain, DRAINING_REFUSAL, installOps, requestIdOf } from './ops/index.ts';
import { FileSharing } from './files/sharing.ts';
import { serverFileSettings } from './files/settings.ts';
import { ConversationPolicy } from './conversation/policy.ts';
import { BACKEND } from './conversation/moderation.ts';
import { conversation } from './conversation/writes.ts';
import { ClientWrites } from './core/client-writes.ts';
import { filesRoutes } from './files/routes.ts';

export interface RoomServerApp {
  http: FastifyInstance;
  io: RoomServer;
  service: RoomService;
  tokens: TokenAuthority;
  /** Draining state (readiness false, new widgets refused); `shutdown()` begins it. */
  drain: Drain;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
  /** The graceful stop of SIGTERM: drain, move widgets elsewhere, finish requests and webhooks, close. */
  shutdown(): Promise<void>;
  /** `/metrics` port when `METRICS_PORT` is set (after `listen`). */
  metricsPort?: number;
}

export interface AppOptions {
  logLevel?: string;
  /** The process's logger (main.ts makes one before Redis connects); otherwise one is made from the config. */
  logger?: FastifyBaseLogger;
  backends?: Backends;
}

/** Says yes once per key per window (log lines about what a stranger can repeat at will); remembers a bounded few. */
class OncePerWindow {
  readonly #last = new Map<string, number>();
  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 1000,
  ) {}

  due(key: string, now = Date.now()): boolean {
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.#last.delete(key);
    if (this.#last.size >= this.maxKeys) this.#last.delete(this.#last.keys().next().value as string);
    this.#last.set(key, now);
    return true;
  }
}

function originAllowed(config: ServerConfig, origin: string | undefined): boolean {
  // Same-origin and non-browser clients send no Origin header.
  if (!origin || config.allowedOrigins === null) return true;
  return config.allowedOrigins.includes(origin);
}

export async function createRoomServer(config: ServerConfig, options: AppOptions = {}): Promise<RoomServerApp> {
  const logger: FastifyBaseLogger =
    options.logger ?? createLogger(config.logFormat, options.logLevel ?? process.env.LOG_LEVEL ?? 'info');
  const http = Fastify({
    loggerInstance: logger,
    genReqId: requestIdOf,
    // A request (headers and body) must arrive whole within requestTimeoutMs: a body dripped at a byte a second
    // is cut off. Node checks these deadlines only every connectionsCheckingInterval, so that is kept short.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(config.requestTimeoutMs, 60_000),
          connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs),
        },
        handler,
      ),
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    routerOptions: { maxParamLength: 1024 },
  });
  const backends = options.backends ?? memoryBackends(config);
  const drain = new Drain();
  const io: RoomServer = new Server(http.server, {
    // Every origin may open the transport (long polling too: the browser must be able to read the answer), and a
    // page whose origin ALLOWED_ORIGINS does not list is then refused in the handshake with `origin_not_allowed`,
    // which its widget shows (server/realtime/socket.ts). No credentials ride on the transport (the join token is in
    // the handshake), so the open CORS grant lets a foreign page read nothing but that refusal.
    cors: { origin: (_origin, cb) => cb(null, true) },
    // While draining, a refusal the client retries (a transport error), never a `connect_error` with a code.
    allowRequest: (_req, cb) => (drain.draining ? cb(DRAINING_REFUSAL, false) : cb(null, true)),
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  backends.adapt?.(io);

  const tokens = new TokenAuthority(config.apiKey, config.apiSecret, config.adminRoles);
  const webhooks = new WebhookSender(
    [
      plugnmeetWebhooks(config.apiKey, config.apiSecret),
      hmsWebhooks(config.hmsWebhookUrl, config.hmsWebhookHeaders, config.apiKey),
    ],
    http.log,
  );
  // With Redis every process reads the one delivery stream and emits to its own sockets; alone, to all of them.
  const tick = new TickDelivery(backends.adapt ? io.local : io, io.sockets, config.deliveryFrameBudget);
  const deliveries = backends.deliveries(tick.emit);
  const files = await FileSharing.create(config.files, http.log);
  const service = new RoomService(socketIoRooms(io), {
    ...backends,
    deliveries,
    webhooks,
    flushDeliveries: () => tick.flush(),
    rejoinGraceMs: config.rejoinGraceMs,
    presenceListMax: config.presenceListMax,
  });
  const currentRoom = async (roomId: string) => (await service.rooms.get(roomId))?.sid;
  service.onEnded = (roomId) => files.roomEnded(roomId, currentRoom);
  files.sweepAtStart(currentRoom);
  const policy = new ConversationPolicy({
    chatLimiter: backends.chatLimiter,
    reactionLimiter: backends.reactionLimiter,
    slowTurns: backends.slowTurns,
    fileDefaults: serverFileSettings(config.files),
  });
  // One answer per client id, whether the write came over the socket or as an upload.
  const writes = new ClientWrites(backends.writes, service.history);
  const removeFile = (roomId: string, fileId: string) => files.catalog.remove(roomId, fileId);
  // The backends' moderation routes (issue 29) write through the same policy as the widgets.
  const backendTalk = conversation({ service, policy, writes, chatMaxLength: config.chatMaxLength, removeFile });
  const deps: DialectDeps = {
    config,
    service,
    tokens,
    nonces: backends.nonces,
    broadcastLimiter: backends.broadcastLimiter,
    moderate: (roomId, request) => backendTalk.moderateAsBackend(BACKEND, roomId, request),
  };

  const ops = installOps(http, { config, io, service, backends, webhooks, drain });
  registerBodyParsers(http);
  http.addHook('onSend', async (_req, reply) => {
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '1');
  });
  await http.register(async (scope) => plugnmeetDialect(scope, deps), { prefix: '/auth' });
  await http.register(async (scope) => hmsDialect(scope, deps), { prefix: '/v2' });
  await http.register(async (scope) => rongCloudDialect(scope, deps), { prefix: '/message' });
  const fileDeps = {
    files,
    service,
    tokens,
    policy,
    writes,
    apiSecret: config.apiSecret,
    originAllowed: (o?: string) => originAllowed(config, o),
  };
  await http.register(async (scope) => filesRoutes(scope, fileDeps), { prefix: '/files' });
  emojiRoute(http);
  let baseUrl = '';
  if (config.demo)
    await http.register(async (scope) => demoBackend(scope, { config, tokens, selfUrl: () => baseUrl }), {
      prefix: '/demo-api',
    });
  if (config.staticDirs.length > 0) {
    await http.register(fastifyStatic, {
      root: config.staticDirs,
      cacheControl: false,
      // The widgets are loaded from other origins by design.
      setHeaders: (res, path) => {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
        // The script's name is stable, so it is revalidated; everything else may be cached for an hour.
        res.setHeader('Cache-Control', /room-widgets[^/]*\.m?js$/.test(path) ? 'no-cache' : 'public, max-age=3600');
      },
    });
  }
  const foreignOrigins = new OncePerWindow(60_000);
  attachRealtime(io, {
    config,
    service,
    tokens,
    policy,
    writes,
    onRefused: ops.refused,
    removeFile,
    originAllowed: (o) => originAllowed(config, o),
    onForeignOrigin: (origin) => {
      if (foreignOrigins.due(origin))
        http.log.warn({ origin }, `refused a widget from origin ${origin}: not in ALLOWED_ORIGINS`);
    },
    joinLimiters: { user: backends.joinUserLimiter, ...(backends.joinIpLimiter && { ip: backends.joinIpLimiter }) },
  });

  const app: RoomServerApp = {
    http,
    io,
    service,
    tokens,
    drain,
    async listen() {
      await http.listen({ port: config.port, host: config.host });
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      baseUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      app.metricsPort = await ops.listen();
      return baseUrl;
    },
    async close() {
      service.close();
      tick.close();
      // io.close() closes each transport: widgets see `transport close` and reconnect elsewhere.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await deliveries.close();
      await backends.presence.close();
      await http.close();
      await webhooks.drain();
      await files.close();
      await backends.close?.();
      await ops.close();
    },
    shutdown: () => ops.shutdown(() => app.close()),
  };
  return app;
}
