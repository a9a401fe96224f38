import type { ErrorCode } from '../../src/core/protocol.ts';

/** A request the files endpoint turns down: an HTTP status, a code the widget reports, and a sentence for people. */
export class FileRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function describeBytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** The two refusals that can come before or during the stream, worded once. */
export const tooLarge = (maxBytes: number) => new FileRefusal(413, 'file_too_large', `files are limited to ${describeBytes(maxBytes)} in this room`);
export const overQuota = (quotaBytes: number) => new FileRefusal(413, 'file_quota_exceeded', `this room's files may take at most ${describeBytes(quotaBytes)}`);
