import type { Readable } from 'node:stream';
import { RoomRefusal } from '../../src/core/refusal.ts';
import { tooLarge } from './refusal.ts';
import { SAMPLE_BYTES, detectType, type DetectedType } from './types.ts';

export interface InspectLimits {
  /** The room's largest file, in bytes. */
  maxBytes: number;
  /** Called with every chunk's size before it is passed on; throws to stop the upload (the room's quota). */
  account(bytes: number): void;
  /** Decides from the detected type whether the file may be stored; throws a RoomRefusal otherwise. */
  admit(type: DetectedType | undefined): void;
}

export interface Inspection {
  type?: DetectedType;
  size: number;
}

/**
 * The upload as it streams: counts bytes against the limits, holds back the first 64 KB until their type is known
 * and admitted, then passes chunks on without keeping them. Nothing reaches storage before the type is admitted.
 * The source is not destroyed on a refusal: the caller answers first, then discards what is left of the request.
 */
export async function* inspect(
  source: Readable,
  name: string,
  limits: InspectLimits,
  out: Inspection,
): AsyncGenerator<Buffer> {
  let head: Buffer[] = [];
  let headBytes = 0;
  const check = async (complete: boolean) => {
    out.type = await detectType(Buffer.concat(head), complete, name);
    limits.admit(out.type);
  };
  for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    out.size += chunk.length;
    if (out.size > limits.maxBytes) throw tooLarge(limits.maxBytes);
    limits.account(chunk.length);
    if (out.type !== undefined) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < SAMPLE_BYTES) continue;
    await check(false);
    yield* head;
    head = [];
  }
  if (out.type === undefined) {
    if (out.size === 0) throw new RoomRefusal('message_invalid', 'body: the file is empty', 400);
    await check(true);
    yield* head;
  }
}
