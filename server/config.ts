/** Server configuration, read once from the environment (see README "Configuration"). */
export interface ServerConfig {
  port: number;
  host: string;
  apiKey: string;
  apiSecret: string;
  redisUrl: string | undefined;
  /** `null` accepts any origin (development). */
  allowedOrigins: string[] | null;
  adminRoles: string[];
  historyLimit: number;
  chatMaxLength: number;
  /** Messages a user may send from widgets per `chatRateWindowMs`. */
  chatRatePoints: number;
  chatRateWindowMs: number;
  /** Directories served at `/` (the built widgets and the demo), first match wins. */
  staticDirs: string[];
  production: boolean;
  // Operations (docs/operations.md).
  /** Bearer token `/metrics` asks for; unset: no token. */
  metricsToken: string | undefined;
  /** Serve `/metrics` only on this port (not on the public one); unset: on the public port. */
  metricsPort: number | undefined;
  logFormat: LogFormat;
  /** How long a SIGTERM or SIGINT may take: drain, move the widgets, finish requests and webhooks, exit. */
  shutdownGraceMs: number;
}

export type LogFormat = 'json' | 'text';

export const DEMO_API_KEY = 'demo-key';
export const DEMO_API_SECRET = 'demo-secret-change-me';

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function listFrom(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const apiKey = env.ROOM_API_KEY || DEMO_API_KEY;
  const apiSecret = env.ROOM_API_SECRET || DEMO_API_SECRET;
  if (production && (apiKey === DEMO_API_KEY || apiSecret === DEMO_API_SECRET)) {
    throw new ConfigError('ROOM_API_KEY and ROOM_API_SECRET must be set (not the demo values) when NODE_ENV=production');
  }
  const origins = listFrom(env.ALLOWED_ORIGINS);
  const adminRoles = listFrom(env.ADMIN_ROLES);
  return {
    port: intFrom(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
    apiKey,
    apiSecret,
    redisUrl: env.REDIS_URL || undefined,
    allowedOrigins: origins.length > 0 ? origins : production ? [] : null,
    adminRoles: adminRoles.length > 0 ? adminRoles : ['host', 'moderator', 'admin'],
    historyLimit: intFrom(env, 'HISTORY_LIMIT', 200),
    chatMaxLength: intFrom(env, 'CHAT_MAX_LENGTH', 2000),
    chatRatePoints: intFrom(env, 'CHAT_RATE_POINTS', 5),
    chatRateWindowMs: intFrom(env, 'CHAT_RATE_WINDOW_MS', 3000),
    staticDirs: [],
    production,
    ...operationsFrom(env, production),
  };
}

function operationsFrom(env: NodeJS.ProcessEnv, production: boolean) {
  const logFormat = env.LOG_FORMAT || (production ? 'json' : 'text');
  if (logFormat !== 'json' && logFormat !== 'text') throw new ConfigError(`LOG_FORMAT must be "json" or "text", got "${logFormat}"`);
  const metricsPort = env.METRICS_PORT ? intFrom(env, 'METRICS_PORT', 0) : undefined;
  return {
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort,
    logFormat: logFormat as LogFormat,
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', 10_000),
  };
}
