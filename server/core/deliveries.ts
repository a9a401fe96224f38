import type { RoomMessage } from '../../src/core/protocol.ts';
import type { Audience } from './targets.ts';

/** Hands a numbered message to the sockets it targets (this process's, or every process's). */
export type Emit = (message: RoomMessage, audience: Audience) => void;

/**
 * A publish that happens at most once per key: an API call retried after its answer was lost carries the same
 * key, and gets the first publish's message back instead of publishing again (server/http/idempotency.ts).
 */
export interface Once {
  /** One message of one call: the call's key, the room and the message's place in the call. */
  key: string;
  /** The call's method, path and body: a key reused for another request is refused, not replayed. */
  fingerprint: string;
  /** How long the first result is remembered. */
  ttlMs: number;
}

/** What a publish did: numbered and delivered `message`, or (`replayed`) found it published by an earlier attempt. */
export type Published = { message: RoomMessage; replayed: boolean } | { conflict: true };

/**
 * The delivery port of the core: numbers a message (when it belongs to the history), keeps it and delivers it,
 * so that every client sees a room's messages in sequence order. Tested without sockets through `Emit`.
 */
export interface Deliveries {
  publish(message: Omit<RoomMessage, 'seq'>, audience: Audience, persist: boolean, once?: Once): Promise<Published>;
  close(): Promise<void>;
}

/** The first attempt's message as a retry answers it: the retry's own fields (same body) with the first id, number and time. */
export function replayOf(message: Omit<RoomMessage, 'seq'>, first: Pick<RoomMessage, 'id' | 'seq' | 'ts'>): Published {
  return { message: { ...message, id: first.id, seq: first.seq, ts: first.ts }, replayed: true };
}
