import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Server } from 'socket.io';
import type { ServerConfig } from './config.ts';
import { TokenAuthority } from './auth/tokens.ts';
import { MemoryHistoryStore, type HistoryStore } from './core/history.ts';
import { MemoryNonceStore, RateLimiter, type NonceStore } from './core/limits.ts';
import { RoomService, type RoomServer } from './core/room-service.ts';
import { MemoryRoomStore, type RoomStore } from './core/rooms.ts';
import { WebhookSender } from './core/webhooks.ts';
import { registerBodyParsers } from './http/body.ts';
import { plugnmeetDialect } from './dialects/plugnmeet.ts';
import { hmsDialect } from './dialects/hms.ts';
import { rongCloudDialect } from './dialects/rongcloud.ts';
import { attachRealtime } from './realtime/socket.ts';
import { demoBackend } from './demo.ts';
import type { DialectDeps } from './dialects/deps.ts';
import { FileSharing } from './files/sharing.ts';
import { filesRoutes } from './files/routes.ts';

/** Where shared state lives: memory for one process; Redis for several (see `server/redis.ts`). */
export interface Backends {
  rooms: RoomStore;
  history: HistoryStore;
  nonces: NonceStore;
  chatLimiter: RateLimiter;
  broadcastLimiter: RateLimiter;
  /** Installs a socket.io adapter that spans processes. */
  adapt?: (io: RoomServer) => void;
  close?: () => Promise<void>;
}

export function memoryBackends(config: ServerConfig): Backends {
  return {
    rooms: new MemoryRoomStore(),
    history: new MemoryHistoryStore(config.historyLimit),
    nonces: new MemoryNonceStore(),
    chatLimiter: RateLimiter.memory(config.chatRatePoints, config.chatRateWindowMs),
    broadcastLimiter: RateLimiter.memory(1, 1000),
  };
}

export interface RoomServerApp {
  http: FastifyInstance;
  io: RoomServer;
  service: RoomService;
  tokens: TokenAuthority;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface AppOptions {
  logLevel?: string;
  backends?: Backends;
}

function originAllowed(config: ServerConfig, origin: string | undefined): boolean {
  // Same-origin and non-browser clients send no Origin header.
  if (!origin || config.allowedOrigins === null) return true;
  return config.allowedOrigins.includes(origin);
}

export async function createRoomServer(config: ServerConfig, options: AppOptions = {}): Promise<RoomServerApp> {
  const http = Fastify({
    logger: { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info' },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    routerOptions: { maxParamLength: 1024 },
  });
  const backends = options.backends ?? memoryBackends(config);
  const io: RoomServer = new Server(http.server, {
    cors: { origin: (origin, cb) => cb(null, originAllowed(config, origin)) },
    // CORS does not cover WebSocket upgrades: check the Origin of every handshake.
    allowRequest: (req, cb) => cb(null, originAllowed(config, req.headers.origin)),
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
  });
  backends.adapt?.(io);

  const tokens = new TokenAuthority(config.apiKey, config.apiSecret, config.adminRoles);
  const webhooks = new WebhookSender(config.apiKey, config.apiSecret, http.log);
  const files = await FileSharing.create(config.files, http.log);
  const service = new RoomService(io, files.removingFilesOnEnd(backends.rooms), backends.history, webhooks);
  const deps: DialectDeps = { config, service, tokens, nonces: backends.nonces, broadcastLimiter: backends.broadcastLimiter };

  registerBodyParsers(http);
  await http.register(async (scope) => plugnmeetDialect(scope, deps), { prefix: '/auth' });
  await http.register(async (scope) => hmsDialect(scope, deps), { prefix: '/v2' });
  await http.register(async (scope) => rongCloudDialect(scope, deps), { prefix: '/message' });
  const fileDeps = { files, service, tokens, chatLimiter: backends.chatLimiter, apiSecret: config.apiSecret, originAllowed: (o?: string) => originAllowed(config, o) };
  await http.register(async (scope) => filesRoutes(scope, fileDeps), { prefix: '/files' });
  http.get('/healthz', async () => ({ ok: true }));
  let baseUrl = '';
  if (!config.production) await http.register(async (scope) => demoBackend(scope, { config, tokens, selfUrl: () => baseUrl }), { prefix: '/demo-api' });
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
  attachRealtime(io, { config, service, tokens, chatLimiter: backends.chatLimiter });

  return {
    http,
    io,
    service,
    tokens,
    async listen() {
      await http.listen({ port: config.port, host: config.host });
      const address = http.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      baseUrl = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      return baseUrl;
    },
    async close() {
      service.close();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await http.close();
      await webhooks.drain();
      await files.close();
      await backends.close?.();
    },
  };
}
