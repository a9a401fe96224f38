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
  // Dialect compatibility settings (docs/compatibility.md).
  /** `false` (RONGCLOUD_NONCE_CHECK=off) accepts reused nonces and old timestamps: the official SDK signs once per process. */
  rongCloudNonceCheck: boolean;
  /** Where 100ms-format webhooks go (100ms configures one URL per app, not per room); `null` sends none. */
  hmsWebhookUrl: string | null;
  /** Headers sent with every 100ms webhook, as 100ms's dashboard lets an app set them (a shared secret, say). */
  hmsWebhookHeaders: Record<string, string>;
}

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
    ...dialectSettings(env),
  };
}

function dialectSettings(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'rongCloudNonceCheck' | 'hmsWebhookUrl' | 'hmsWebhookHeaders'> {
  const nonceCheck = (env.RONGCLOUD_NONCE_CHECK ?? 'on').toLowerCase();
  if (nonceCheck !== 'on' && nonceCheck !== 'off') throw new ConfigError(`RONGCLOUD_NONCE_CHECK must be "on" or "off", got "${nonceCheck}"`);
  const url = env.HMS_WEBHOOK_URL || null;
  if (url !== null && !/^https?:\/\//.test(url)) throw new ConfigError(`HMS_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
  let headers: unknown;
  try {
    headers = JSON.parse(env.HMS_WEBHOOK_HEADERS || '{}');
  } catch {
    // refused below
  }
  const isObject = typeof headers === 'object' && headers !== null && !Array.isArray(headers);
  const valid = isObject && Object.values(headers as object).every((v) => typeof v === 'string');
  if (!valid) throw new ConfigError('HMS_WEBHOOK_HEADERS must be a JSON object of header names to string values');
  return { rongCloudNonceCheck: nonceCheck === 'on', hmsWebhookUrl: url, hmsWebhookHeaders: headers as Record<string, string> };
}
