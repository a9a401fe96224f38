import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { LogFormat } from '../config.ts';

/** Header a balancer or caller may set; echoed on every answer and logged as `reqId`. */
export const REQUEST_ID_HEADER = 'x-request-id';
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Keeps a caller's request id when it is short and plain, so one id follows a call through several services. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Credentials that a custom serializer or a debugging session could put in a log line: censored wherever they are. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["hash-signature"]',
  'req.headers.signature',
  'req.headers.cookie',
  'headers.authorization',
  'token',
  'auth.token',
];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** fastify's request fields, minus the query string: a caller may put a token there, and logs outlive tokens. */
function requestFields(req: LoggedRequest) {
  const query = req.url.indexOf('?');
  return {
    method: req.method,
    url: query < 0 ? req.url : `${req.url.slice(0, query)}?[query omitted]`,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * The one logger of a process: fastify's requests, the socket layer, Redis and shutdown all write through it.
 * `json`: one object per line (`time` ISO 8601, `level` as a word, `msg`, `reqId` on request lines).
 * `text`: the same fields, readable in a terminal.
 */
export function createLogger(format: LogFormat, level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { pid: process.pid, service: 'room-widgets' },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: { req: requestFields },
  };
  if (format === 'text') return pino(options, textStream(destination ?? process.stdout));
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

const OMITTED_IN_TEXT = new Set(['time', 'level', 'msg', 'pid', 'service', 'hostname']);

function textStream(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        const fields = Object.entries(entry)
          .filter(([k]) => !OMITTED_IN_TEXT.has(k))
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
        const time = String(entry.time ?? '').slice(11, 23);
        const level = String(entry.level).toUpperCase().padEnd(5);
        out.write(`${time} ${level} ${[String(entry.msg ?? ''), ...fields].join(' ')}\n`);
      } catch {
        out.write(line);
      }
    },
  };
}

/** A URL fit for a log line: its password (`redis://:secret@host`) and query (`?token=...`) are left out. */
export function loggableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = 'redacted';
    const query = url.search ? '?[query omitted]' : '';
    url.search = '';
    url.hash = '';
    return `${url.toString()}${query}`;
  } catch {
    return '(unparsable URL)';
  }
}
