import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileLinkAnswer, FileUploadAnswer } from '../../src/core/protocol.ts';
import { sleep } from './helpers.ts';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** `%PDF-` then random bytes: `file-type` says pdf; random so that a hash proves the very bytes came back. */
export function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  return Buffer.concat([head, randomBytes(Math.max(0, bytes - head.length))]);
}

export interface UploadResult {
  status: number;
  body: FileUploadAnswer & { code?: string };
}

export interface UploadOptions {
  token?: string | null;
  to?: string;
  /** Send without Content-Length (chunked), in 64 KB pieces: the server only learns the size as it streams. */
  chunked?: boolean;
  query?: string;
}

export async function upload(
  url: string,
  roomId: string,
  name: string,
  bytes: Uint8Array,
  opts: UploadOptions = {},
): Promise<UploadResult> {
  const params = new URLSearchParams({ name, ...(opts.to !== undefined && { to: opts.to }) });
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit = new Blob([new Uint8Array(bytes)]);
  if (opts.chunked) {
    let offset = 0;
    body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + 65536));
        offset += 65536;
      },
    });
  }
  const res = await fetch(`${url}/files/${encodeURIComponent(roomId)}?${opts.query ?? params}`, {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as UploadResult['body'] };
}

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json?: { ok: boolean; code?: string };
}

export async function download(url: string, path: string, token?: string): Promise<Download> {
  const res = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.startsWith('application/json')
    ? JSON.parse(bytes.toString())
    : undefined;
  return { status: res.status, headers: res.headers, bytes, json };
}

export async function link(
  url: string,
  path: string,
  token: string,
): Promise<{ status: number; body: FileLinkAnswer }> {
  const res = await fetch(`${url}${path}/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as FileLinkAnswer };
}

/** Every file under a directory, `.part` files included: what a refusal must not leave behind. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Polls (bounded) until `check` holds: for work the server finishes in the background, such as a room's removal. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await sleep(25);
  }
}
