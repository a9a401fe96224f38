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
  /** Sockets one user may hold open in one room at once (tabs, devices); more are refused. */
  maxSocketsPerUser: number;
  /** Joins (socket handshakes) one user may make to one room per `joinRateWindowMs`; more are refused `too_many_joins`. */
  joinRatePerUser: number;
  /** Joins from one IP address per `joinRateWindowMs`, whoever makes them; 0: no limit (behind a proxy, say). */
  joinRatePerIp: number;
  joinRateWindowMs: number;
  /** A user's leave followed by a rejoin within this many ms sends neither `participant_left` nor `participant_joined`. */
  rejoinGraceMs: number;
  /** `WEBHOOK_ALLOWED_HOSTS`: the only hosts a room's `webhook_url` may name (they may be private); empty: any public host. */
  webhookAllowedHosts: string[];
  /** What a welcome may carry of the history (fresh join and resume); the rest is marked as a gap. */
  welcomeMaxMessages: number;
  welcomeMaxBytes: number;
  /** Frames a second this process writes to one room's widgets before it gathers the room's messages into batches. */
  deliveryFrameBudget: number;
  /** Above this many participants a room's widgets get the count and the changes, not the list (PRESENCE_LIST_MAX). */
  presenceListMax: number;
  /** Milliseconds an HTTP request may take to arrive whole: a body dripped slowly is cut off. */
  requestTimeoutMs: number;
  /** With Redis: how often a process says it is alive (a dead one stops counting after 3 beats). */
  presenceHeartbeatMs: number;
  /** With Redis: how often room deadlines (empty_timeout, room_duration) are polled. */
  deadlinePollMs: number;
  /** Directories served at `/` (the built widgets, and the demo page when `demo`), first match wins. */
  staticDirs: string[];
  /** `DEMO=1`: the demo page and its backend console, which signs with the secret. Demo credentials only. */
  demo: boolean;
  production: boolean;
  // Dialect compatibility settings (docs/compatibility.md).
  /** `false` (RONGCLOUD_NONCE_CHECK=off) accepts reused nonces and old timestamps: the official SDK signs once per process. */
  rongCloudNonceCheck: boolean;
  /** Where 100ms-format webhooks go (100ms configures one URL per app, not per room); `null` sends none. */
  hmsWebhookUrl: string | null;
  /** Headers sent with every 100ms webhook, as 100ms's dashboard lets an app set them (a shared secret, say). */
  hmsWebhookHeaders: Record<string, string>;
  // Operations (docs/operations.md).
  /** Bearer token `/metrics` asks for; unset: no token. */
  metricsToken: string | undefined;
  /** Serve `/metrics` only on this port (not on the public one); unset: on the public port. */
  metricsPort: number | undefined;
  logFormat: LogFormat;
  /** How long a SIGTERM or SIGINT may take: drain, move the widgets, finish requests and webhooks, exit. */
  shutdownGraceMs: number;
  files: FilesConfig;
}

export type LogFormat = 'json' | 'text';

export const DEMO_API_KEY = 'demo-key';
export const DEMO_API_SECRET = 'demo-secret-change-me';

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function listFrom(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Secrets shorter than this can be recovered from one join token by brute force. */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

const truthy = (raw: string | undefined) => /^(1|true|yes|on)$/i.test(raw?.trim() ?? '');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // `Production` or ` production ` mean production too: a typo must not open development defaults.
  const production = env.NODE_ENV?.trim().toLowerCase() === 'production';
  const apiKey = env.ROOM_API_KEY || DEMO_API_KEY;
  const apiSecret = env.ROOM_API_SECRET || DEMO_API_SECRET;
  const demoCredentials = apiKey === DEMO_API_KEY && apiSecret === DEMO_API_SECRET;
  if (production && (apiKey === DEMO_API_KEY || apiSecret === DEMO_API_SECRET)) {
    throw new ConfigError(
      'ROOM_API_KEY and ROOM_API_SECRET must be set (not the demo values) when NODE_ENV=production',
    );
  }
  if (production && Buffer.byteLength(apiSecret, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
    throw new ConfigError(
      `ROOM_API_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes when NODE_ENV=production; make one with: openssl rand -hex 32`,
    );
  }
  const demo = truthy(env.DEMO);
  if (demo && !demoCredentials) {
    throw new ConfigError(
      'DEMO=1 serves a console that hands out admin tokens signed with the secret, so it runs only with the demo credentials; unset DEMO (npm run serve) to run with ROOM_API_KEY and ROOM_API_SECRET',
    );
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
    maxSocketsPerUser: Math.max(1, intFrom(env, 'MAX_SOCKETS_PER_USER', 5)),
    joinRatePerUser: Math.max(1, intFrom(env, 'JOIN_RATE_PER_USER', 20)),
    joinRatePerIp: intFrom(env, 'JOIN_RATE_PER_IP', 200),
    joinRateWindowMs: Math.max(100, intFrom(env, 'JOIN_RATE_WINDOW_MS', 10_000)),
    rejoinGraceMs: intFrom(env, 'PRESENCE_REJOIN_GRACE_MS', 5000),
    webhookAllowedHosts: listFrom(env.WEBHOOK_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    welcomeMaxMessages: intFrom(env, 'WELCOME_MAX_MESSAGES', 100),
    welcomeMaxBytes: intFrom(env, 'WELCOME_MAX_BYTES', 256 * 1024),
    deliveryFrameBudget: Math.max(1, intFrom(env, 'DELIVERY_FRAME_BUDGET', 25_000)),
    presenceListMax: intFrom(env, 'PRESENCE_LIST_MAX', 200),
    requestTimeoutMs: Math.max(1000, intFrom(env, 'REQUEST_TIMEOUT_MS', 120_000)),
    presenceHeartbeatMs: Math.max(100, intFrom(env, 'PRESENCE_HEARTBEAT_MS', 2000)),
    deadlinePollMs: Math.max(50, intFrom(env, 'DEADLINE_POLL_MS', 1000)),
    staticDirs: [],
    demo,
    production,
    ...dialectSettings(env),
    ...operationsFrom(env, production),
    files: filesConfig(env),
  };
}

/** Files shared in the chat (README "Files"). */
export interface FilesConfig {
  /** `UPLOAD_DIR`; `null`: a temporary directory made at start and removed at close. */
  uploadDir: string | null;
  /** Set when `FILES_S3_BUCKET` is: an S3-compatible object store instead of the directory. */
  s3: {
    bucket: string;
    endpoint: string | undefined;
    region: string;
    prefix: string;
    accessKeyId?: string;
    secretAccessKey?: string;
  } | null;
  /** `FILE_ALLOWED_TYPES`: extensions any room may allow; a room's `allowed_file_types` narrows it. */
  allowedTypes: string[];
  maxBytes: number;
  roomQuotaBytes: number;
  /** `FILE_STORAGE_QUOTA_MB`: bytes all rooms' files together may take on this server's storage; 0: no cap. */
  storageQuotaBytes: number;
  linkTtlSeconds: number;
}

export const DEFAULT_FILE_TYPES =
  'jpg,jpeg,png,gif,webp,avif,pdf,txt,csv,md,json,svg,docx,xlsx,pptx,odt,ods,odp,zip,mp3,m4a,ogg,wav,mp4,webm';
const MB = 1024 * 1024;

function filesConfig(env: NodeJS.ProcessEnv): FilesConfig {
  const s3 = env.FILES_S3_BUCKET
    ? {
        bucket: env.FILES_S3_BUCKET,
        endpoint: env.FILES_S3_ENDPOINT || undefined,
        region: env.FILES_S3_REGION || 'us-east-1',
        prefix: env.FILES_S3_PREFIX ?? '',
        // Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, profiles, instance roles).
        ...(env.FILES_S3_ACCESS_KEY_ID && {
          accessKeyId: env.FILES_S3_ACCESS_KEY_ID,
          secretAccessKey: env.FILES_S3_SECRET_ACCESS_KEY ?? '',
        }),
      }
    : null;
  const maxMb = intFrom(env, 'FILE_MAX_SIZE_MB', 50);
  if (maxMb < 1) throw new ConfigError(`FILE_MAX_SIZE_MB must be at least 1, got "${env.FILE_MAX_SIZE_MB}"`);
  return {
    uploadDir: env.UPLOAD_DIR || null,
    s3,
    allowedTypes: listFrom(env.FILE_ALLOWED_TYPES ?? DEFAULT_FILE_TYPES).map((t) => t.toLowerCase().replace(/^\./, '')),
    maxBytes: maxMb * MB,
    roomQuotaBytes: intFrom(env, 'FILE_ROOM_QUOTA_MB', 500) * MB,
    storageQuotaBytes: intFrom(env, 'FILE_STORAGE_QUOTA_MB', 10_240) * MB,
    linkTtlSeconds: Math.max(1, intFrom(env, 'FILE_LINK_TTL_S', 600)),
  };
}

function operationsFrom(env: NodeJS.ProcessEnv, production: boolean) {
  const logFormat = env.LOG_FORMAT || (production ? 'json' : 'text');
  if (logFormat !== 'json' && logFormat !== 'text')
    throw new ConfigError(`LOG_FORMAT must be "json" or "text", got "${logFormat}"`);
  const metricsPort = env.METRICS_PORT ? intFrom(env, 'METRICS_PORT', 0) : undefined;
  return {
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort,
    logFormat: logFormat as LogFormat,
    shutdownGraceMs: intFrom(env, 'SHUTDOWN_GRACE_MS', 10_000),
  };
}

function dialectSettings(
  env: NodeJS.ProcessEnv,
): Pick<ServerConfig, 'rongCloudNonceCheck' | 'hmsWebhookUrl' | 'hmsWebhookHeaders'> {
  const nonceCheck = (env.RONGCLOUD_NONCE_CHECK ?? 'on').toLowerCase();
  if (nonceCheck !== 'on' && nonceCheck !== 'off')
    throw new ConfigError(`RONGCLOUD_NONCE_CHECK must be "on" or "off", got "${nonceCheck}"`);
  const url = env.HMS_WEBHOOK_URL || null;
  if (url !== null && !/^https?:\/\//.test(url))
    throw new ConfigError(`HMS_WEBHOOK_URL must be an http(s) URL, got "${url}"`);
  let headers: unknown;
  try {
    headers = JSON.parse(env.HMS_WEBHOOK_HEADERS || '{}');
  } catch {
    // refused below
  }
  const isObject = typeof headers === 'object' && headers !== null && !Array.isArray(headers);
  const valid = isObject && Object.values(headers as object).every((v) => typeof v === 'string');
  if (!valid) throw new ConfigError('HMS_WEBHOOK_HEADERS must be a JSON object of header names to string values');
  return {
    rongCloudNonceCheck: nonceCheck === 'on',
    hmsWebhookUrl: url,
    hmsWebhookHeaders: headers as Record<string, string>,
  };
}
