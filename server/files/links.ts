import { createHmac, timingSafeEqual } from 'node:crypto';

/** The path a file is served at; the room id is URI-encoded, so any room id stays one path segment. */
export function filePath(roomId: string, fileId: string): string {
  return `/files/${encodeURIComponent(roomId)}/${fileId}`;
}

/**
 * Signed, expiring download links: `?expires=<unix s>&sig=<base64url HMAC-SHA256>`. They carry no identity, so
 * they are handed only to a target of the file (who asked with a join token) and expire soon.
 */
export class LinkSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
  ) {}

  #mac(roomId: string, fileId: string, expires: number): Buffer {
    return createHmac('sha256', this.secret).update(`file-link\0${roomId}\0${fileId}\0${expires}`).digest();
  }

  sign(roomId: string, fileId: string, now = Date.now()): { url: string; expires_at: number } {
    const expires = Math.floor(now / 1000) + this.ttlSeconds;
    const sig = this.#mac(roomId, fileId, expires).toString('base64url');
    return { url: `${filePath(roomId, fileId)}?expires=${expires}&sig=${sig}`, expires_at: expires * 1000 };
  }

  /** `valid`, `expired` (a genuine link past its time) or `invalid`. */
  check(
    roomId: string,
    fileId: string,
    expires: unknown,
    sig: unknown,
    now = Date.now(),
  ): 'valid' | 'expired' | 'invalid' {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof sig !== 'string') return 'invalid';
    const given = Buffer.from(sig, 'base64url');
    const expected = this.#mac(roomId, fileId, Number(expires));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    return Number(expires) * 1000 < now ? 'expired' : 'valid';
  }
}
