import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison of two hex strings (a length mismatch is a mismatch, not a throw). */
export function hexEquals(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** plugNmeet: hex HMAC-SHA256 of the raw request body. */
export function bodySignature(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** RongCloud: hex SHA1 of secret + nonce + timestamp. */
export function rongCloudSignature(secret: string, nonce: string, timestamp: string): string {
  return createHash('sha1').update(secret + nonce + timestamp).digest('hex');
}
