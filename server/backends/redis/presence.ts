import type { Admission, Departure, Presence, PresenceEntry, PresenceLimits } from '../../core/presence.ts';
import { evalScript, type Redis } from './scripts.ts';

const k = {
  sockets: (room: string) => `rw:pres:${room}`,
  users: (room: string) => `rw:presu:${room}`,
  procs: 'rw:procs',
  alive: (proc: string) => `rw:proc:${proc}`,
  procRooms: (proc: string) => `rw:procrooms:${proc}`,
  sweeping: (proc: string) => `rw:sweeping:${proc}`,
};

/** Checks both limits and takes the place in one step, so racing joins on any processes cannot both win. */
const ADMIT = `
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[3]) or '0')
if held >= tonumber(ARGV[5]) then return 'too_many_connections' end
if held == 0 and tonumber(ARGV[4]) > 0 and redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then return 'room_full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('SADD', KEYS[3], ARGV[6])
if held == 0 then return 'first' end
return 'more'
`;

const LEAVE = `
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if not entry then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
local user = cjson.decode(entry).user_id
local left = redis.call('HINCRBY', KEYS[2], user, -1)
if left <= 0 then redis.call('HDEL', KEYS[2], user) end
return {entry, left <= 0 and 1 or 0, redis.call('HLEN', KEYS[2]) == 0 and 1 or 0}
`;

export interface RedisPresenceOptions {
  /** How often this process says it is alive, and looks for processes that stopped saying so. */
  heartbeatMs?: number;
  log: { error(msg: string): void };
}

/** A heartbeat key lives this many beats: a process is taken for dead after missing them all. */
const BEATS_TO_EXPIRE = 3;
/** The longest node-redis waits between reconnection attempts (./index.ts, `reconnectStrategy`). */
const RECONNECT_MAX_MS = 1000;

/**
 * Presence shared by every process: each socket is a field `<process>|<socket id>` of the room's hash, and each
 * process refreshes a heartbeat key. When a process dies without saying goodbye its heartbeat expires, and the
 * first live process to notice removes its sockets (and tells their rooms): reads never wait on a dead process.
 *
 * A Redis outage longer than the heartbeat's life lets every heartbeat key expire, the live processes' too. So a
 * process sweeps only once its beats have reached Redis without a miss for a heartbeat's life plus two reconnection
 * delays: another live process reconnects at most one backoff step later and beats at once (a beat issued while
 * reconnecting runs when the connection is back), so by then only the dead lack a key, however long the outage was.
 */
export class RedisPresence implements Presence {
  readonly proc = crypto.randomUUID().slice(0, 8);
  readonly #heartbeatMs: number;
  readonly #timer: NodeJS.Timeout;
  #listener: ((roomId: string, departure: Departure) => void) | null = null;
  /** Since when every beat has reached Redis (null after a miss, until the next beat that does). */
  #reachingSince: number | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisPresenceOptions,
  ) {
    this.#heartbeatMs = options.heartbeatMs ?? 2000;
    void this.#beat();
    this.#timer = setInterval(() => void this.#beat(), this.#heartbeatMs);
    this.#timer.unref();
  }

  async admit(roomId: string, socketId: string, entry: PresenceEntry, limits: PresenceLimits): Promise<Admission> {
    const result = (await evalScript(
      this.redis,
      ADMIT,
      [k.sockets(roomId), k.users(roomId), k.procRooms(this.proc)],
      [
        `${this.proc}|${socketId}`,
        JSON.stringify(entry),
        entry.user_id,
        limits.maxParticipants,
        limits.maxSocketsPerUser,
        roomId,
      ],
    )) as string;
    if (result === 'room_full' || result === 'too_many_connections') return { ok: false, code: result };
    return { ok: true, firstOfUser: result === 'first' };
  }

  leave(roomId: string, socketId: string): Promise<Departure | null> {
    return this.#leave(roomId, `${this.proc}|${socketId}`);
  }

  async list(roomId: string): Promise<PresenceEntry[]> {
    return (await this.redis.hVals(k.sockets(roomId))).map((raw) => JSON.parse(raw) as PresenceEntry);
  }

  async users(roomId: string): Promise<number> {
    return this.redis.hLen(k.users(roomId));
  }

  async drop(roomId: string): Promise<void> {
    // The ended room leaves this process's list too (others' lists keep it until their sweep finds it empty).
    await this.redis
      .multi()
      .del([k.sockets(roomId), k.users(roomId)])
      .sRem(k.procRooms(this.proc), roomId)
      .exec();
  }

  onVanished(listener: (roomId: string, departure: Departure) => void): void {
    this.#listener = listener;
  }

  /** Says goodbye: this process's sockets are gone with it. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweep(this.proc).catch(() => undefined);
    await this.redis.del(k.alive(this.proc)).catch(() => undefined);
  }

  async #leave(roomId: string, field: string): Promise<Departure | null> {
    const reply = (await evalScript(this.redis, LEAVE, [k.sockets(roomId), k.users(roomId)], [field])) as
      [string, number, number] | null;
    if (!reply) return null;
    return { entry: JSON.parse(reply[0]) as PresenceEntry, userLeft: reply[1] === 1, roomEmpty: reply[2] === 1 };
  }

  async #beat(): Promise<void> {
    try {
      await this.redis
        .multi()
        .sAdd(k.procs, this.proc)
        .set(k.alive(this.proc), '1', { expiration: { type: 'PX', value: this.#heartbeatMs * BEATS_TO_EXPIRE } })
        .exec();
      this.#reachingSince ??= Date.now();
      if (Date.now() - this.#reachingSince < this.#heartbeatMs * BEATS_TO_EXPIRE + 2 * RECONNECT_MAX_MS) return;
      for (const proc of await this.redis.sMembers(k.procs)) {
        if (proc === this.proc || (await this.redis.exists(k.alive(proc)))) continue;
        // One process at a time sweeps a dead one; the claim expires, so a sweeper that dies (or meets a Redis
        // restart) midway leaves the rest to the next. The process leaves the set only once fully swept.
        const claimed = await this.redis.set(k.sweeping(proc), this.proc, {
          condition: 'NX',
          expiration: { type: 'PX', value: this.#heartbeatMs * 5 },
        });
        if (claimed !== 'OK') continue;
        await this.#sweep(proc);
        await this.redis.sRem(k.procs, proc);
      }
    } catch (error) {
      this.#reachingSince = null;
      this.options.log.error(`presence heartbeat failed (${(error as Error).message})`);
    }
  }

  async #sweep(proc: string): Promise<void> {
    for (const roomId of await this.redis.sMembers(k.procRooms(proc))) {
      const fields = (await this.redis.hKeys(k.sockets(roomId))).filter((f) => f.startsWith(`${proc}|`));
      for (const field of fields) {
        const departure = await this.#leave(roomId, field);
        if (departure && proc !== this.proc) this.#listener?.(roomId, departure);
      }
    }
    await this.redis.del(k.procRooms(proc));
  }
}
