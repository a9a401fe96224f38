import { createHash } from 'node:crypto';
import type { RoomMessage, Self } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { HistoryStore } from './history.ts';

/**
 * What a (room, user, client id) was used for: claimed by a write under way, then the message it published. Kept in
 * memory for one process, in Redis for several, so a retry that lands on another process finds it too.
 */
export interface WriteMemo {
  /**
   * Claims `key` for a write with this `fingerprint`: the value an earlier claim left (`fingerprint` and, once it
   * published, `\n` and the message id), or null when this caller is the first and now holds it.
   */
  claim(key: string, fingerprint: string, ttlMs: number): Promise<string | null>;
  /** The write under `key` published `messageId`. */
  settle(key: string, value: string, ttlMs: number): Promise<void>;
  /** The write under `key` failed: a retry may try again. */
  release(key: string): Promise<void>;
}

/**
 * How long a client id is remembered: a day, longer than a widget keeps an unsent message (its outbox gives up on a
 * message after 12 hours), so every retry a widget can make meets the first attempt's answer.
 */
export const CLIENT_WRITE_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * Events about another message (a reaction, a deletion) are folded into that message's state, not kept as messages of
 * their own: the memo keeps their few bytes (they carry no text) to answer a retry; chat and file messages are found
 * in the history by id.
 */
const FOLDED_KINDS = new Set([
  'reaction',
  'message_deleted',
  // Issue 29: an edit is folded into its message (it carries the new text); moderation is mostly not kept at all.
  'message_edited',
  'moderation',
  // Issue 30: a poll's update carries the whole poll; a hand is not kept.
  'poll_update',
  'hand',
]);
/** A retry that meets the first attempt still under way waits for it, this often, at most this long. */
const BUSY_POLL_MS = 50;
const BUSY_WAIT_MS = 5_000;
const CLIENT_ID = /^[\w-]{8,64}$/;

/**
 * The memo keeps no words: an edit's new text and the pins' excerpts of a moderation are left out (deleted or
 * cleared, they would outlive their message).
 */
function withoutWords(m: RoomMessage): RoomMessage {
  if (m.edit) return { ...m, edit: { ...m.edit, text: '' } };
  if (!m.moderation) return m;
  const { state } = m.moderation;
  const pins = state.pins.map((p) => ({ ...p, excerpt: '' }));
  return { ...m, moderation: { ...m.moderation, state: { ...state, pins } } };
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const invalid = (message: string) => new RoomRefusal('message_invalid', message, 400);

/** A request's `client_id`: absent (older widgets write without one) or 8 to 64 letters, digits, `_` and `-`. */
export function clientIdOf(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !CLIENT_ID.test(raw))
    throw invalid('client_id must be 8 to 64 letters, digits, _ or -');
  return raw;
}

/**
 * Exactly-once writes from widgets (docs/protocol.md "Client ids"): every write a widget makes carries an id of its
 * own; a retry with that id (after a lost acknowledgement, a reconnect or a reload) is answered with the message the
 * first attempt published, and nothing is written or published again. Ids are scoped to the room and the user, so
 * one user's ids never meet another's; an id reused for a different write is refused.
 */
export class ClientWrites {
  constructor(
    private readonly memo: WriteMemo,
    private readonly history: Pick<HistoryStore, 'find'>,
  ) {}

  async once(
    scope: { roomId: string; userId: string; clientId: string | undefined },
    request: unknown,
    write: () => Promise<RoomMessage>,
  ): Promise<RoomMessage> {
    if (scope.clientId === undefined) return write();
    const key = JSON.stringify([scope.roomId, scope.userId, scope.clientId]);
    const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (;;) {
      const prior = await this.memo.claim(key, fingerprint, CLIENT_WRITE_TTL_MS);
      if (prior === null) break;
      const [priorFingerprint, messageId, folded] = prior.split('\n');
      if (priorFingerprint !== fingerprint) throw invalid('client_id was already used for another write');
      if (folded) return this.#unfolded(scope.roomId, JSON.parse(folded) as RoomMessage);
      if (messageId) return this.#published(scope.roomId, messageId);
      if (Date.now() > deadline)
        throw new RoomRefusal('server_error', 'an earlier attempt of this write is still under way');
      await sleep(BUSY_POLL_MS);
    }
    try {
      const message = await write();
      const kept = FOLDED_KINDS.has(message.kind) ? `\n${JSON.stringify(withoutWords(message))}` : '';
      await this.memo.settle(key, `${fingerprint}\n${message.id}${kept}`, CLIENT_WRITE_TTL_MS);
      return message;
    } catch (error) {
      await this.memo.release(key).catch(() => undefined);
      throw error;
    }
  }

  /** An edit's retry is answered with the message's text as the room keeps it now (the memo keeps no words). */
  async #unfolded(roomId: string, message: RoomMessage): Promise<RoomMessage> {
    if (!message.edit) return message;
    const target = await this.history.find(roomId, message.edit.message_id);
    return { ...message, edit: { ...message.edit, text: target?.message.text ?? '' } };
  }

  /** The first attempt's message as the room keeps it now (with its reactions, or as a tombstone). */
  async #published(roomId: string, messageId: string): Promise<RoomMessage> {
    const stored = await this.history.find(roomId, messageId);
    if (stored) return stored.message;
    throw new RoomRefusal('message_not_found', "this was sent before, and is no longer in the room's history", 404);
  }
}

/** What a write published under a client id carries, so that a resume can settle the writer's outbox. */
export type ClientMark = { client_id?: string };

/**
 * Wraps the writes `run` names so that each runs at most once per client id (docs/protocol.md "Client ids"): a retry
 * is answered with what the first attempt published. `run` gets the request as sent and the mark to publish with.
 */
export function oncePerClientId<N extends string>(
  memo: ClientWrites,
  run: (name: N, self: Self, roomId: string, request: unknown, mark: ClientMark) => Promise<RoomMessage>,
): (name: N) => (self: Self, roomId: string, request: unknown) => Promise<RoomMessage> {
  return (name) => async (self, roomId, request) => {
    const fields = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    const { client_id, ...rest } = fields;
    const scope = { roomId, userId: self.user_id, clientId: clientIdOf(client_id) };
    const mark = scope.clientId === undefined ? {} : { client_id: scope.clientId };
    return memo.once(scope, [name, rest], () => run(name, self, roomId, request, mark));
  };
}
