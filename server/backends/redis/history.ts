import type { Reactor, RoomMessage } from '../../../src/core/protocol.ts';
import { tombstoneOf, withoutQuotedText } from '../../../src/core/conversation-shapes.ts';
import {
  foldReactions,
  reactionField,
  withReactions,
  CONVERSATION_KINDS,
  type ReactionEntry,
} from '../../conversation/content.ts';
import type { HistoryStore, SinceResult, StoredMessage, ToggleOutcome } from '../../core/history.ts';
import { evalScript, type Redis } from './scripts.ts';

/** A room's history keys: its sequence, the sorted set of entries, message id → seq, and each message's reactions. */
export const historyKeys = {
  seq: (room: string) => `rw:seq:${room}`,
  history: (room: string) => `rw:history:${room}`,
  ids: (room: string) => `rw:ids:${room}`,
  reactions: (room: string, id: string) => `rw:rx:${room}:${id}`,
  /** Ids of the room's messages that have reactions: a welcome reads only those. */
  reacted: (room: string) => `rw:rxd:${room}`,
  /** The kept state events (server/core/history.ts `stateEventOf`), as history entries scored by sequence. */
  events: (room: string) => `rw:ev:${room}`,
  /** One message's kept state events: event key → sequence number. */
  eventsOf: (room: string, id: string) => `rw:evt:${room}:${id}`,
  /** The highest sequence number trimmed away: a resume from before it has a gap. */
  trimmed: (room: string) => `rw:trim:${room}`,
};

/**
 * Toggles one user's reaction (KEYS: reactions, ids, reacted; ARGV: field, emoji, entry JSON, max kinds, message id,
 * user id, max kinds of one user). The bounds and the toggle are one step, so two processes cannot both add the
 * 21st kind. -2: not kept; -3: this user has added their most kinds.
 */
const TOGGLE = `
if redis.call('HEXISTS', KEYS[2], ARGV[5]) == 0 then return -2 end
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
  if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[3], ARGV[5]) end
  return 0
end
local kinds, seen, own = 0, {}, 0
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  local e, u = string.match(f, '^(.-)\\n(.*)$')
  if not seen[e] then seen[e] = true; kinds = kinds + 1 end
  if u == ARGV[6] then own = own + 1 end
end
if not seen[ARGV[2]] and kinds >= tonumber(ARGV[4]) then return -1 end
if own >= tonumber(ARGV[7]) then return -3 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[5])
return 1
`;

/** Replaces the entry at one sequence number if it is still what was read (KEYS: history; ARGV: seq, old, new). */
const REPLACE = `
local now = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
if now[1] ~= ARGV[2] then return 0 end
redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]), ARGV[3])
return 1
`;

const REPLACE_ATTEMPTS = 8;
const outcomes: Record<string, ToggleOutcome> = {
  '0': 'removed',
  '1': 'added',
  '-1': 'too_many_reactions',
  '-2': 'gone',
  '-3': 'too_many_own',
};

/** Sequence numbers from INCR, the history as a sorted set scored by sequence: shared by every process. */
export class RedisHistoryStore implements HistoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
  ) {}

  async since(roomId: string, seq: number): Promise<SinceResult> {
    const [items, events, latest, trimmed] = await Promise.all([
      this.redis.zRangeByScore(historyKeys.history(roomId), `(${seq}`, '+inf'),
      this.redis.zRangeByScore(historyKeys.events(roomId), `(${seq}`, '+inf'),
      this.latest(roomId),
      this.redis.get(historyKeys.trimmed(roomId)),
    ]);
    const messages = [...(await this.#folded(roomId, items)), ...events.map((raw) => JSON.parse(raw) as StoredMessage)];
    messages.sort((a, b) => (a.message.seq ?? 0) - (b.message.seq ?? 0));
    return { messages, gap: seq < Number(trimmed ?? 0), latest };
  }

  async recent(roomId: string) {
    return this.#folded(roomId, await this.redis.zRange(historyKeys.history(roomId), 0, -1));
  }

  async find(roomId: string, id: string) {
    const raw = await this.#raw(roomId, id);
    return raw ? (await this.#folded(roomId, [raw.json]))[0] : undefined;
  }

  async toggleReaction(
    roomId: string,
    id: string,
    reactor: Reactor,
    emoji: string,
    limits: { kinds: number; ownKinds: number },
  ): Promise<ToggleOutcome> {
    const entry = JSON.stringify({ user_id: reactor.user_id, name: reactor.name, ts: Date.now() });
    const answer = await evalScript(
      this.redis,
      TOGGLE,
      [historyKeys.reactions(roomId, id), historyKeys.ids(roomId), historyKeys.reacted(roomId)],
      [reactionField(emoji, reactor.user_id), emoji, entry, limits.kinds, id, reactor.user_id, limits.ownKinds],
    );
    const outcome = outcomes[String(answer)];
    if (!outcome) throw new Error(`unexpected toggle answer ${String(answer)}`);
    return outcome;
  }

  async erase(roomId: string, id: string) {
    const before = await this.#rewrite(roomId, id, tombstoneOf);
    if (!before) return undefined;
    await this.redis.multi().del(historyKeys.reactions(roomId, id)).sRem(historyKeys.reacted(roomId), id).exec();
    const quoting = (await this.redis.zRange(historyKeys.history(roomId), 0, -1))
      .map((raw) => JSON.parse(raw) as StoredMessage)
      .filter((s) => s.message.reply_to?.id === id && !s.message.reply_to.deleted);
    for (const s of quoting) await this.#rewrite(roomId, s.message.id, withoutQuotedText);
    return before;
  }

  async rewrite(roomId: string, id: string, change: (m: RoomMessage) => RoomMessage) {
    return this.#rewrite(roomId, id, change);
  }

  async clear(roomId: string) {
    const cleared: string[] = [];
    for (const raw of await this.redis.zRange(historyKeys.history(roomId), 0, -1)) {
      const { message } = JSON.parse(raw) as StoredMessage;
      if (!CONVERSATION_KINDS.has(message.kind) || message.deleted) continue;
      if (!(await this.#rewrite(roomId, message.id, tombstoneOf))) continue;
      const own = historyKeys.eventsOf(roomId, message.id);
      const batch = this.redis.multi();
      for (const seq of await this.redis.hVals(own))
        batch.zRemRangeByScore(historyKeys.events(roomId), Number(seq), Number(seq));
      await batch
        .del([own, historyKeys.reactions(roomId, message.id)])
        .sRem(historyKeys.reacted(roomId), message.id)
        .exec();
      cleared.push(message.id);
    }
    return cleared;
  }

  async latest(roomId: string) {
    return Number((await this.redis.get(historyKeys.seq(roomId))) ?? 0);
  }

  async size(roomId: string) {
    return this.redis.zCard(historyKeys.history(roomId));
  }

  async drop(roomId: string) {
    const ids = await this.redis.hKeys(historyKeys.ids(roomId));
    const reactionKeys = ids.flatMap((id) => [historyKeys.reactions(roomId, id), historyKeys.eventsOf(roomId, id)]);
    const own = [
      historyKeys.history(roomId),
      historyKeys.seq(roomId),
      historyKeys.ids(roomId),
      historyKeys.reacted(roomId),
      historyKeys.events(roomId),
      historyKeys.trimmed(roomId),
    ];
    await this.redis.del([...own, ...reactionKeys]);
  }

  async #raw(roomId: string, id: string): Promise<{ seq: number; json: string } | undefined> {
    const seq = await this.redis.hGet(historyKeys.ids(roomId), id);
    if (seq === null || seq === undefined) return undefined;
    const [json] = await this.redis.zRangeByScore(historyKeys.history(roomId), seq, seq);
    return json ? { seq: Number(seq), json } : undefined;
  }

  /** Compare-and-swap of one entry, retried when another process changed it in between. */
  async #rewrite(
    roomId: string,
    id: string,
    change: (m: RoomMessage) => RoomMessage,
  ): Promise<StoredMessage | undefined> {
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const raw = await this.#raw(roomId, id);
      if (!raw) return undefined;
      const stored = JSON.parse(raw.json) as StoredMessage;
      const next = JSON.stringify({ ...stored, message: change(stored.message) });
      if (next === raw.json) return stored;
      if ((await evalScript(this.redis, REPLACE, [historyKeys.history(roomId)], [raw.seq, raw.json, next])) === 1)
        return stored;
    }
    throw new Error(`message ${id} kept changing while it was rewritten`);
  }

  /** Entries with their reactions: one more round trip when none has any, two when some have. */
  async #folded(roomId: string, raws: string[]): Promise<StoredMessage[]> {
    const items = raws.map((raw) => JSON.parse(raw) as StoredMessage);
    if (!items.some((s) => CONVERSATION_KINDS.has(s.message.kind))) return items;
    const reacted = new Set(await this.redis.sMembers(historyKeys.reacted(roomId)));
    const reactable = items.filter((s) => reacted.has(s.message.id) && !s.message.deleted);
    if (reactable.length === 0) return items;
    const batch = this.redis.multi();
    for (const s of reactable) batch.hGetAll(historyKeys.reactions(roomId, s.message.id));
    const maps = (await batch.execAsPipeline()) as unknown as Array<Record<string, string>>;
    const byId = new Map(reactable.map((s, i) => [s.message.id, maps[i] ?? {}]));
    return items.map((s) => {
      const map = byId.get(s.message.id);
      if (!map || Object.keys(map).length === 0) return s;
      const entries = Object.entries(map).map(([field, value]): ReactionEntry => ({
        ...(JSON.parse(value) as Omit<ReactionEntry, 'emoji'>),
        emoji: field.slice(0, field.indexOf('\n')),
      }));
      return { ...s, message: withReactions(s.message, foldReactions(entries)) };
    });
  }
}
