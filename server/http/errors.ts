import type { FastifyError } from 'fastify';

/** A client error with the field it concerns, answered in the calling dialect's shape. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly field: string | null,
    readonly problem: string,
    /** Dialect-specific code (RongCloud's numeric codes). */
    readonly code?: number,
  ) {
    super(field ? `${field}: ${problem}` : problem);
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: AjvIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const child = issue.params.missingProperty ?? issue.params.additionalProperty;
  const name = typeof child === 'string' ? (path ? `${path}.${child}` : child) : path;
  return name || 'body';
}

function problemOf(issue: AjvIssue): string {
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  return issue.message ?? 'is invalid';
}

/** A connection to a shared store dropped mid-command (node-redis passes the socket's error through as is). */
const LOST_CONNECTION = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

/** Redis answers `LOADING …` while it reads its append-only file back after a restart: busy, not broken. */
function isLoading(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('LOADING ');
}

type ErrorClass = abstract new (...args: never[]) => Error;
const unavailable: ErrorClass[] = [];

/** Errors of a shared store that cannot be reached: answered 503 with Retry-After, so a backend retries. */
export function treatAsUnavailable(...classes: ErrorClass[]): void {
  for (const c of classes) if (!unavailable.includes(c)) unavailable.push(c);
}

/** Turns whatever fastify or a handler threw into a client-safe ApiError: never a stack trace. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (
    unavailable.some((c) => error instanceof c) ||
    LOST_CONNECTION.has((error as { code?: unknown } | null)?.code as string) ||
    isLoading(error)
  )
    return new ApiError(503, null, 'shared storage is unreachable; retry shortly');
  if (typeof error !== 'object' || error === null) return new ApiError(500, null, 'internal error');
  const fe = error as FastifyError & { validation?: AjvIssue[] };
  if (Array.isArray(fe.validation) && fe.validation.length > 0) {
    const issue = fe.validation[0]!;
    return new ApiError(400, fieldOf(issue), problemOf(issue));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'body', 'is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(415, 'content-type', `is not supported here`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'body', 'is empty');
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError(fe.statusCode, 'body', fe.message);
  }
  return new ApiError(500, null, 'internal error');
}

/**
 * Logs what a client cannot fix: a 503 (shared storage away, the caller retries) as a warning without a stack, any
 * other 5xx as an error with its cause. 4xx are the caller's and are not logged here.
 */
export function logServerFailure(
  log: { warn(o: object, m: string): void; error(o: object, m: string): void },
  api: ApiError,
  cause: unknown,
  what: string,
): void {
  if (api.statusCode === 503) log.warn({ err: api.message }, `${what}: retry later`);
  else if (api.statusCode >= 500) log.error({ err: cause }, what);
}
