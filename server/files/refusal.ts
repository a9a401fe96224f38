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
