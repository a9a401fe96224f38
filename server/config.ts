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
  files: FilesConfig;
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
    files: filesConfig(env),
  };
}

/** Files shared in the chat (README "Files"). */
export interface FilesConfig {
  /** `UPLOAD_DIR`; `null`: a temporary directory made at start and removed at close. */
  uploadDir: string | null;
  /** Set when `FILES_S3_BUCKET` is: an S3-compatible object store instead of the directory. */
  s3: { bucket: string; endpoint: string | undefined; region: string; prefix: string; accessKeyId?: string; secretAccessKey?: string } | null;
  /** `FILE_ALLOWED_TYPES`: extensions any room may allow; a room's `allowed_file_types` narrows it. */
  allowedTypes: string[];
  maxBytes: number;
  roomQuotaBytes: number;
  linkTtlSeconds: number;
}

export const DEFAULT_FILE_TYPES = 'jpg,jpeg,png,gif,webp,avif,pdf,txt,csv,md,json,svg,docx,xlsx,pptx,odt,ods,odp,zip,mp3,m4a,ogg,wav,mp4,webm';
const MB = 1024 * 1024;

function filesConfig(env: NodeJS.ProcessEnv): FilesConfig {
  const s3 = env.FILES_S3_BUCKET
    ? {
        bucket: env.FILES_S3_BUCKET,
        endpoint: env.FILES_S3_ENDPOINT || undefined,
        region: env.FILES_S3_REGION || 'us-east-1',
        prefix: env.FILES_S3_PREFIX ?? '',
        // Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, profiles, instance roles).
        ...(env.FILES_S3_ACCESS_KEY_ID && { accessKeyId: env.FILES_S3_ACCESS_KEY_ID, secretAccessKey: env.FILES_S3_SECRET_ACCESS_KEY ?? '' }),
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
    linkTtlSeconds: Math.max(1, intFrom(env, 'FILE_LINK_TTL_S', 600)),
  };
}
