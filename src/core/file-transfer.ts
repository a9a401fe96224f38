import type { RoomConnection } from './connection.ts';
import { RoomRefusal } from './refusal.ts';
import type { ErrorPayload, FileLinkAnswer, FileUploadAnswer, RoomMessage as WireMessage } from './protocol.ts';
import type { FileAttachment, RoomFileSettings } from './public-types.ts';
import type { RoomStore } from './store/room-store.ts';

/** What a transfer needs of a room's client: its store, and the server and token it connected with. */
interface Transfers {
  store: RoomStore;
  connection: Pick<RoomConnection, 'server' | 'token'>;
}

/*
 * File transfer over the room server's HTTP API, for the headless client (`RoomClient.sendFile`, `fileLink`) and so
 * for the chat. Loaded the first time a file is sent or shown: the classic script loads it from beside itself
 * (dist/room-widgets-files.js), and most meetings never share a file.
 */

export interface SendFileOptions {
  /** The `userId` of the one participant to share it with privately; default: the whole room. */
  to?: string;
  /** Called as the bytes go out. */
  onProgress?(loaded: number, total: number): void;
  /** Aborting it cancels the upload, which then rejects with `upload_cancelled`. */
  signal?: AbortSignal;
}

/** A download link that works without the token until `expiresAt` (ms since the epoch). */
export interface FileLink {
  url: string;
  expiresAt: number;
}

/** The room's own rules, checked before uploading so that a refused file costs no upload; the server checks again. */
export function precheck(
  file: File,
  rules: RoomFileSettings | undefined,
): 'file_too_large' | 'file_type_not_allowed' | null {
  if (!rules) return null;
  if (rules.maxSize > 0 && file.size > rules.maxSize) return 'file_too_large';
  const ext = /\.([^./]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return rules.allowedTypes.length > 0 && !rules.allowedTypes.includes(ext) ? 'file_type_not_allowed' : null;
}

const refusal = (body: unknown, status: number) => {
  const b = body as Partial<ErrorPayload> | null;
  return new RoomRefusal(b?.code ?? 'server_error', b?.message ?? `the server answered ${status}`);
};

/**
 * `POST {server}/files/{room}?name=…[&to=…]`, the raw file as the body (XHR, for its upload progress), after the
 * room's rules allow it. Resolves with the file message as the wire has it (RoomClient.sendFile camelizes it: this
 * file is loaded on demand and takes nothing from the classic script but its kit), rejects with the refusal.
 */
export function uploadFile(
  server: string,
  room: string,
  token: string,
  file: File,
  rules: RoomFileSettings | undefined,
  options: SendFileOptions,
  clientId?: string,
): Promise<WireMessage> {
  const { to, onProgress, signal } = options;
  return new Promise<WireMessage>((resolve, reject) => {
    const why = precheck(file, rules);
    if (why)
      return reject(
        new RoomRefusal(
          why,
          why === 'file_too_large'
            ? `the file is larger than ${rules!.maxSize} bytes`
            : 'files of this type cannot be shared here',
        ),
      );
    const cancelled = () => reject(new RoomRefusal('upload_cancelled', 'the upload was cancelled'));
    if (signal?.aborted) return cancelled();
    const xhr = new XMLHttpRequest();
    const url = new URL(`/files/${encodeURIComponent(room)}`, server);
    url.searchParams.set('name', file.name);
    if (to) url.searchParams.set('to', to);
    if (clientId) url.searchParams.set('client_id', clientId);
    xhr.upload.onprogress = (e) => onProgress?.(e.loaded, file.size);
    xhr.onload = () => {
      const body = xhr.response as FileUploadAnswer | null;
      if (body?.ok) resolve(body.message);
      else reject(refusal(body, xhr.status));
    };
    xhr.onerror = () => reject(new RoomRefusal('server_error', 'the upload did not reach the server'));
    xhr.onabort = cancelled;
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.open('POST', url);
    xhr.responseType = 'json';
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.send(file);
  });
}

/** A download link that works without the token until it expires (`POST …/link`), absolute. */
export async function signedLink(server: string, path: string, token: string): Promise<FileLink> {
  const res = await fetch(new URL(`${path}/link`, server), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as FileLinkAnswer;
  if (!body.ok) throw refusal(body, res.status);
  // The wire's `expires_at`, named as the rest of the public surface.
  return { url: new URL(body.url, server).href, expiresAt: body.expires_at };
}

/** `RoomClient.sendFile`: the room's rules first, then the upload with the client's server and token. */
export async function sendFile(
  client: Transfers,
  file: File,
  options: SendFileOptions,
  clientId: string,
): Promise<WireMessage> {
  const room = client.store.snapshot.room;
  if (!room) throw new RoomRefusal('room_not_active', 'not connected');
  return uploadFile(
    client.connection.server,
    room.roomId,
    client.connection.token,
    file,
    room.files,
    options,
    clientId,
  );
}

/** Signed links by room (its store) and file id, while fetched or fresh: every holder of a room shares them. */
const links = new WeakMap<RoomStore, Map<string, { expires: number; link: Promise<FileLink> }>>();

/** `RoomClient.fileLink`: the cached link while it has over 30 s left, else a new one. */
export function fileLink({ store, connection }: Transfers, file: FileAttachment): Promise<FileLink> {
  let known = links.get(store);
  if (!known) links.set(store, (known = new Map()));
  const cached = known.get(file.id);
  if (cached && cached.expires > Date.now() + 30_000) return cached.link;
  const entry = { expires: Infinity, link: signedLink(connection.server, file.url, connection.token) };
  known.set(file.id, entry);
  entry.link.then(
    (l) => (entry.expires = l.expiresAt),
    () => known.get(file.id) === entry && known.delete(file.id),
  );
  return entry.link;
}
