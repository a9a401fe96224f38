import { RoomRefusal } from '../../src/core/refusal.ts';

export function describeBytes(n: number): string {
  const mb = n / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

/** The two refusals that can come before or during the stream, worded once. */
export const tooLarge = (maxBytes: number) =>
  new RoomRefusal('file_too_large', `files are limited to ${describeBytes(maxBytes)} in this room`, 413);
export const overQuota = (quotaBytes: number) =>
  new RoomRefusal('file_quota_exceeded', `this room's files may take at most ${describeBytes(quotaBytes)}`, 413);
export const storageFull = () =>
  new RoomRefusal(
    'file_quota_exceeded',
    "the server's file storage is full (FILE_STORAGE_QUOTA_MB): no more files can be shared until some are removed",
    507,
  );
