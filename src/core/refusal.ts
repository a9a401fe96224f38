import type { ErrorCode } from './protocol.ts';

/**
 * A request turned down with a code a program can act on and a sentence for people: what the headless client's
 * `reply`, `react`, `deleteMessage` and a chat's `sendFile` reject with, and what the server throws wherever it
 * refuses. `status` is the HTTP status where the refusal is answered over HTTP (the files endpoint).
 */
export class RoomRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
