import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a hex digest this server computed (lower case) with one a caller sent: hex is
 * case-insensitive, so the caller's is lower-cased. A length mismatch is a mismatch, not a throw.
 */
export function hexEquals(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Exact, constant-time comparison of an API key: keys are case-sensitive byte strings. Both sides are hashed
 * first, so the time taken says nothing about the configured key's length or prefix.
 */
export function keyEquals(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}

/** plugNmeet: hex HMAC-SHA256 of the raw request body. */
export function bodySignature(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** RongCloud: hex SHA1 of secret + nonce + timestamp. */
export function rongCloudSignature(secret: string, nonce: string, timestamp: string): string {
  return createHash('sha1')
    .update(secret + nonce + timestamp)
    .digest('hex');
}
