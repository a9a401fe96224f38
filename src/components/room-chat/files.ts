import { RoomRefusal } from '../../core/client.ts';
import type { ErrorPayload, FileLinkAnswer, FileUploadAnswer, RoomFileSettings, RoomMessage } from '../../core/protocol.ts';

/** An upload under way: what the progress bar shows, and how to cancel it. */
export interface Upload {
  id: number;
  name: string;
  loaded: number;
  total: number;
  abort(): void;
}


/** Bytes the locale's way (`3.2 MB`, `3,2 MB`), in the largest unit under 1024 of it. */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let i = 0;
  while (bytes >= 1024 && i < 3) (bytes /= 1024), i++;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 }).format(bytes);
}

/** The room's own rules, checked before uploading so that a refused file costs no upload; the server checks again. */
export function precheck(file: File, rules: RoomFileSettings | undefined): 'file_too_large' | 'file_type_not_allowed' | null {
  if (!rules) return null;
  if (rules.max_size > 0 && file.size > rules.max_size) return 'file_too_large';
  const ext = /\.([^./]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return rules.allowed_types.length > 0 && !rules.allowed_types.includes(ext) ? 'file_type_not_allowed' : null;
}

const refusal = (body: unknown, status: number) => {
  const b = body as Partial<ErrorPayload> | null;
  return new RoomRefusal(b?.code ?? 'server_error', b?.message ?? `the server answered ${status}`);
};

/**
 * `POST {server}/files/{room}?name=…[&to=…]`, the raw file as the body (XHR, for its upload progress). Resolves with
 * the file message, rejects with the refusal; `abort()` rejects with `upload_cancelled`.
 */
export function uploadFile(server: string, room: string, token: string, file: File, to: string | undefined, onProgress: (loaded: number) => void) {
  const xhr = new XMLHttpRequest();
  const url = new URL(`/files/${encodeURIComponent(room)}`, server);
  url.searchParams.set('name', file.name);
  if (to) url.searchParams.set('to', to);
  const done = new Promise<RoomMessage>((resolve, reject) => {
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const body = xhr.response as FileUploadAnswer | null;
      body?.ok ? resolve(body.message) : reject(refusal(body, xhr.status));
    };
    xhr.onerror = () => reject(new RoomRefusal('server_error', 'the upload did not reach the server'));
    xhr.onabort = () => reject(new RoomRefusal('upload_cancelled', 'the upload was cancelled'));
  });
  xhr.open('POST', url);
  xhr.responseType = 'json';
  xhr.setRequestHeader('Authorization', `Bearer ${token}`);
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

/** A download link that works without the token until it expires (`POST …/link`), absolute. */
export async function signedLink(server: string, path: string, token: string): Promise<{ url: string; expires_at: number }> {
  const res = await fetch(new URL(`${path}/link`, server), { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as FileLinkAnswer;
  if (!body.ok) throw refusal(body, res.status);
  return { url: new URL(body.url, server).href, expires_at: body.expires_at };
}
