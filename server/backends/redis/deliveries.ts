import type { RoomMessage } from '../../../src/core/protocol.ts';
import { replayOf, type Deliveries, type Emit, type Once, type Published } from '../../core/deliveries.ts';
import type { Audience } from '../../core/targets.ts';
import { stateEventOf } from '../../core/history.ts';
import { historyKeys } from './history.ts';
import { evalScript, type Redis } from './scripts.ts';

export const DELIVERY_STREAM = 'rw:deliveries';

/**
 * Numbers, keeps and queues a message in one atomic step: the sequence number, the history entry and the entry in
 * the one delivery stream that every process reads. Stream order is therefore sequence order for every room, and
 * a message is either in both the history and the stream or in neither. The message JSON arrives ending in
 * `"seq":null}`; the script splices the number in. A kept message is indexed by id (KEYS[4]); a trimmed one leaves
 * the index and takes its reactions (ARGV[7] .. id, and its place in KEYS[5]) and its state events with it.
 *
 * A state event (ARGV[11]: the message it changes, ARGV[12]: its key, ARGV[13]: '1' when it supersedes all of that
 * message's events; server/core/history.ts `stateEventOf`) takes no slot of the bounded history (KEYS[2]): it goes to
 * the events set (KEYS[7]), replacing the message's earlier event of the same key (their sequence numbers are in
 * ARGV[14] .. id), and leaves with its message. KEYS[8] keeps the highest sequence number trimmed away (resume gaps).
 *
 * With an idempotency key (ARGV[8], the request's fingerprint; KEYS[6], the key's record) the check and the publish
 * are one step too: a record answers the first publish's id, number and time and publishes nothing (or 'conflict'
 * when the key came with another request); otherwise the publish leaves that record for ARGV[9] ms. So a retry whose
 * first attempt did publish, though its answer was lost, can never publish twice, on whichever process it lands.
 */
const PUBLISH = `
if ARGV[8] ~= '' then
  local prior = redis.call('GET', KEYS[6])
  if prior then
    if string.sub(prior, 1, #ARGV[8] + 1) ~= ARGV[8] .. '|' then return {'conflict'} end
    return {'replay', string.sub(prior, #ARGV[8] + 2)}
  end
end
local persist = ARGV[4] == '1'
local seq = 'null'
if persist then seq = tostring(redis.call('INCR', KEYS[1])) end
local msg = string.sub(ARGV[1], 1, -6) .. seq .. '}'
local trimmed = 0
if persist then
  local entry = '{"message":' .. msg .. ',"audience":' .. ARGV[2] .. '}'
  if ARGV[11] ~= '' then
    if redis.call('HEXISTS', KEYS[4], ARGV[11]) == 1 then
      local own = ARGV[14] .. ARGV[11]
      if ARGV[13] == '1' then
        for _, s in ipairs(redis.call('HVALS', own)) do redis.call('ZREMRANGEBYSCORE', KEYS[7], s, s) end
        redis.call('DEL', own)
      else
        local old = redis.call('HGET', own, ARGV[12])
        if old then redis.call('ZREMRANGEBYSCORE', KEYS[7], old, old) end
      end
      redis.call('ZADD', KEYS[7], tonumber(seq), entry)
      redis.call('HSET', own, ARGV[12], seq)
    else
      trimmed = tonumber(seq)
    end
  else
    redis.call('ZADD', KEYS[2], tonumber(seq), entry)
    redis.call('HSET', KEYS[4], ARGV[6], seq)
    local gone = redis.call('ZRANGE', KEYS[2], 0, -tonumber(ARGV[3]) - 1, 'WITHSCORES')
    for i = 1, #gone, 2 do
      local id = cjson.decode(gone[i]).message.id
      trimmed = math.max(trimmed, tonumber(gone[i + 1]))
      redis.call('HDEL', KEYS[4], id)
      redis.call('DEL', ARGV[7] .. id)
      redis.call('SREM', KEYS[5], id)
      local own = ARGV[14] .. id
      for _, s in ipairs(redis.call('HVALS', own)) do
        trimmed = math.max(trimmed, tonumber(s))
        redis.call('ZREMRANGEBYSCORE', KEYS[7], s, s)
      end
      redis.call('DEL', own)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[3]) - 1)
  end
  if trimmed > tonumber(redis.call('GET', KEYS[8]) or '0') then redis.call('SET', KEYS[8], trimmed) end
end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'm', msg, 'a', ARGV[2])
if ARGV[8] ~= '' then
  redis.call('SET', KEYS[6], ARGV[8] .. '|' .. ARGV[6] .. '|' .. seq .. '|' .. ARGV[10], 'PX', ARGV[9])
end
return {'new', seq}
`;

/** An idempotency record holds the request's fingerprint, then the first message's id, number and time; no text. */
const onceKey = (key: string) => `rw:once:${key}`;
const NO_ONCE = onceKey('-');

type Entries = Array<[string, string[]]>;
/** XREAD answers an array of [stream, entries] pairs over RESP2 and a map over RESP3: both read the same. */
type StreamReply = Array<[string, Entries]> | Record<string, Entries> | null;

function entriesOf(reply: StreamReply): Entries {
  if (!reply) return [];
  return (Array.isArray(reply) ? reply.map(([, entries]) => entries) : Object.values(reply)).flat();
}

export interface RedisDeliveriesOptions {
  historyLimit: number;
  /** Entries kept in the stream: a process that falls this far behind (or restarts) resumes through the history. */
  streamLength?: number;
  log: { error(msg: string): void };
}

export class RedisDeliveries implements Deliveries {
  /** Null until the first read: then the stream's newest id, so delivery starts from "now". */
  #lastId: string | null = null;
  #running = true;
  readonly #done: Promise<void>;

  constructor(
    private readonly redis: Redis,
    /** A connection of its own: XREAD BLOCK holds it. */
    private readonly reader: Redis,
    private readonly emitLocal: Emit,
    private readonly options: RedisDeliveriesOptions,
  ) {
    this.#done = this.#read();
  }

  async publish(
    message: Omit<RoomMessage, 'seq'>,
    audience: Audience,
    persist: boolean,
    once?: Once,
  ): Promise<Published> {
    const room = message.room_id;
    const json = JSON.stringify({ ...message, seq: null });
    const event = persist ? stateEventOf(message) : null;
    const [outcome, value] = (await evalScript(
      this.redis,
      PUBLISH,
      [
        historyKeys.seq(room),
        historyKeys.history(room),
        DELIVERY_STREAM,
        historyKeys.ids(room),
        historyKeys.reacted(room),
        once ? onceKey(once.key) : NO_ONCE,
        historyKeys.events(room),
        historyKeys.trimmed(room),
      ],
      [
        json,
        JSON.stringify(audience),
        this.options.historyLimit,
        persist ? '1' : '0',
        this.options.streamLength ?? 100_000,
        message.id,
        historyKeys.reactions(room, ''),
        once?.fingerprint ?? '',
        once?.ttlMs ?? 0,
        message.ts,
        event?.target ?? '',
        event?.key ?? '',
        event?.clears ? '1' : '0',
        historyKeys.eventsOf(room, ''),
      ],
    )) as [string, string?];
    if (outcome === 'conflict') return { conflict: true };
    const seqOf = (s: string) => (s === 'null' ? null : Number(s));
    if (outcome === 'replay') {
      const [id, seq, ts] = value!.split('|') as [string, string, string];
      return replayOf(message, { id, seq: seqOf(seq), ts: Number(ts) });
    }
    return { message: { ...message, seq: seqOf(value!) }, replayed: false };
  }

  async close(): Promise<void> {
    this.#running = false;
    await this.#done;
  }

  /** Delivers every stream entry to this process's sockets, in stream order; after an error, from where it stopped. */
  async #read(): Promise<void> {
    let failing = false;
    while (this.#running) {
      try {
        this.#lastId ??= await this.#newestId();
        const reply = (await this.reader.sendCommand([
          'XREAD',
          'BLOCK',
          '500',
          'COUNT',
          '1000',
          'STREAMS',
          DELIVERY_STREAM,
          this.#lastId,
        ])) as StreamReply;
        failing = false;
        for (const [id, fields] of entriesOf(reply)) {
          this.#lastId = id;
          this.#deliver(fields);
        }
      } catch (error) {
        if (!this.#running) break;
        if (!failing) this.options.log.error(`delivery stream read failed (${(error as Error).message}); retrying`);
        failing = true;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async #newestId(): Promise<string> {
    const last = (await this.reader.sendCommand(['XREVRANGE', DELIVERY_STREAM, '+', '-', 'COUNT', '1'])) as Array<
      [string, string[]]
    >;
    return last[0]?.[0] ?? '0-0';
  }

  #deliver(fields: string[]): void {
    const get = (name: string) => fields[fields.indexOf(name) + 1];
    try {
      this.emitLocal(JSON.parse(get('m')!) as RoomMessage, JSON.parse(get('a')!) as Audience);
    } catch (error) {
      this.options.log.error(`skipped an unreadable delivery (${(error as Error).message})`);
    }
  }
}
