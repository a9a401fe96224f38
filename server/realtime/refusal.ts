import type { ErrorCode } from '../../src/core/protocol.ts';

/** A request the server turns down with a code the widget can act on, and a sentence saying why. */
export class JoinRefused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
