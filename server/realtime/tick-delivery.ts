import type { RoomMessage } from '../../src/core/protocol.ts';
import type { RoomServer, RoomSocket } from './room-server.ts';
import { channel, channelsFor, isTargetOf, type Audience, type Member } from '../core/targets.ts';

/**
 * How long a busy room's messages are gathered into one frame per widget (docs/protocol.md "Batches"). A room's first
 * message after a quiet spell goes out at once (in the turn's delivery below); messages that follow it within the
 * window wait for the window's end and go as one `messages` frame. The window is 0 while the room's rate times its
 * sockets on this process stays within the frame budget (nothing is held), else the time that brings the room back
 * to the budget, at most `MAX_WINDOW_MS`. A loaded process gathers more: the room's next frames also wait, after
 * its last writes ended, as long as those writes took in CPU time (the process spends at most half its time on the
 * room's frames; a window counted from the start alone sent on every event-loop turn once the writes took longer).
 */
export const MAX_WINDOW_MS = 500;
/** Frames per second this process writes to one room's widgets before its messages are gathered (DELIVERY_FRAME_BUDGET). */
export const FRAME_BUDGET_PER_S = 25_000;

/**
 * Messages a second (a moving average of the gaps between them) past which a room's widgets get batches whatever the
 * room's size (a backend flooding a small room): a window of `FLOOD_WINDOW_MS` makes about 50 windows a second (a
 * frame each per audience run), so a page applies a flood in a few tasks a second rather than one task (and one
 * change of its store) per message.
 */
export const FLOOD_RATE_PER_S = 100;
export const FLOOD_WINDOW_MS = 20;

/** A busy room's frames are brought down to this share of the budget, leaving the process room for the rest. */
const GATHERED_SHARE = 0.4;

/** How often a room with held sockets (see `TickDelivery`) looks again for those whose earlier frames went out. */
export const CATCH_UP_MS = 50;

/**
 * The gathering window for a room of `sockets` widgets on this process receiving `rate` messages per second: 0 while
 * `rate × sockets` frames a second stay within `budget` and the rate within `FLOOD_RATE_PER_S`, else the window that
 * brings the frames down to 40 % of the budget (a room of 5,000: 500 ms, 2 frames a second each; a room of 1,000
 * above 25 messages/s: 100 ms), bounded, and at least `FLOOD_WINDOW_MS` in a flood.
 */
export function windowMs(sockets: number, rate: number, budget = FRAME_BUDGET_PER_S): number {
  if (sockets === 0) return 0;
  const flood = rate > FLOOD_RATE_PER_S ? FLOOD_WINDOW_MS : 0;
  if (rate * sockets <= budget) return flood;
  return Math.max(flood, Math.min(MAX_WINDOW_MS, (1000 * sockets) / (budget * GATHERED_SHARE)));
}

/** A run of messages for one audience: one alone as `message`, several in one `messages` frame. */
function emitRun(out: ReturnType<RoomServer['to']>, run: Pending[]): void {
  if (run.length === 1) out.emit('message', run[0]!.message);
  else
    out.emit(
      'messages',
      run.map((p) => p.message),
    );
}

interface Pending {
  message: RoomMessage;
  audience: Audience;
}

interface RoomQueue {
  pending: Pending[];
  /** When this room's last frames began to be written, and when they had been (ms, performance.now()). */
  lastSent: number;
  lastEnd: number;
  /** The room's message rate, a moving average of the gaps between its messages (ms). */
  gap: number;
  /**
   * The CPU time writing the room's last frames took (ms): on a shared machine their wall time also counts the time
   * other processes had the core, which would stretch every wait without saving this process any work.
   */
  cost: number;
  lastAt: number;
  timer: NodeJS.Timeout | null;
  /**
   * Sockets whose earlier frames were still unwritten when the room's next frame was due: socket id → the index (in
   * the room's count of logged messages) of the first message it is owed.
   */
  held: Map<string, number>;
  /** The messages owed to held sockets, in order; `log[0]` has the index `logStart`. */
  log: Pending[];
  logStart: number;
  /** When each message of `log` was logged (ms, performance.now()). */
  loggedAt: number[];
  /** The next look at the held sockets. */
  catchUp: NodeJS.Timeout | null;
}

/** A socket's frames are not all written yet: engine.io's transport is still sending, or it has more queued. */
function writing(socket: RoomSocket): boolean {
  const conn = socket.conn as unknown as { transport: { writable: boolean }; writeBuffer: unknown[] };
  return !conn.transport.writable || conn.writeBuffer.length > 0;
}

/**
 * Delivers the messages handed to it, room by room: within one event-loop turn back to back at the end of it (a
 * server answering separate API calls would otherwise emit once per call; emitting them in one run lets engine.io
 * queue a socket's later packets behind its write in flight), and in a busy room gathered over the room's window.
 *
 * What goes out in one frame is a run of consecutive messages for one audience (`channelsFor`), in a busy room only
 * (its window above 0: a small or quiet room's frames carry one message each, as before batches): a private message
 * between two public ones splits the run, so each recipient gets every message in the order handed in, and a frame
 * never carries a message to anyone outside its audience. A run of one goes as `message`, longer runs as `messages`.
 *
 * In a busy room a frame is never written to a socket whose earlier frames are still being written (a reader that
 * is behind, a full socket buffer): that socket is held, and once its frames are out (looked at with each frame of
 * the room, and every CATCH_UP_MS for what has waited a window already) it gets everything it is owed at once, one
 * frame per audience run. A reader behind then gets fewer, larger frames instead of a queue of one frame per window,
 * and the room's writes cost time only for the sockets that can take them.
 * `flush()` delivers everything at once, for callers that must not be overtaken (a room's end).
 */
export class TickDelivery {
  readonly #rooms = new Map<string, RoomQueue>();
  /** Rooms due in this turn's delivery. */
  readonly #due = new Set<string>();
  #scheduled: NodeJS.Immediate | null = null;
  /** Forgets rooms quiet for a while (their rate starts afresh). */
  readonly #sweep = setInterval(() => {
    const idle = performance.now() - 10_000;
    for (const [roomId, q] of this.#rooms)
      if (q.pending.length === 0 && !q.timer && q.held.size === 0 && q.lastAt < idle) this.#rooms.delete(roomId);
  }, 10_000).unref();

  /**
   * `target`: `io` when this process is the only one, else this process's sockets only (`io.local`: every process
   * delivers to its own); `local`: this process's namespace, where the sockets of named users and peers are found.
   */
  constructor(
    private readonly target: Pick<RoomServer, 'to'>,
    private readonly local: RoomServer['sockets'],
    private readonly budget = FRAME_BUDGET_PER_S,
  ) {}

  /** The room's window now, from its size on this process and its rate. */
  #window(roomId: string, q: RoomQueue): number {
    const size = this.local.adapter.rooms.get(channel.room(roomId))?.size ?? 0;
    return windowMs(size, 1000 / Math.max(q.gap, 0.1), this.budget);
  }

  /** This process's sockets in a room, read from socket.io's own room of the room and each socket's data. */
  *#members(roomId: string): Iterable<Member> {
    for (const id of this.local.adapter.rooms.get(channel.room(roomId)) ?? []) {
      const self = this.local.sockets.get(id)?.data.self;
      if (self) yield { id, self };
    }
  }

  /** An `Emit` (server/core/deliveries.ts). */
  readonly emit = (message: RoomMessage, audience: Audience): void => {
    const roomId = message.room_id;
    const now = performance.now();
    let q = this.#rooms.get(roomId);
    if (!q) {
      q = {
        pending: [],
        lastSent: -Infinity,
        lastEnd: -Infinity,
        gap: 1000,
        cost: 0,
        lastAt: now,
        timer: null,
        held: new Map(),
        log: [],
        logStart: 0,
        loggedAt: [],
        catchUp: null,
      };
      this.#rooms.set(roomId, q);
    }
    q.gap = q.gap * 0.8 + Math.min(1000, now - q.lastAt) * 0.2;
    q.lastAt = now;
    q.pending.push({ message, audience });
    if (q.timer || this.#due.has(roomId)) return;
    const window = this.#window(roomId, q);
    const wait = window > 0 ? Math.max(q.lastSent + window, q.lastEnd + q.cost) - now : 0;
    if (wait <= 0) this.#soon(roomId);
    else {
      q.timer = setTimeout(() => {
        q.timer = null;
        this.#soon(roomId);
      }, wait);
    }
  };

  /** Delivers the room at the end of this turn (setImmediate runs after the poll phase: every request of the turn is in). */
  #soon(roomId: string): void {
    this.#due.add(roomId);
    this.#scheduled ??= setImmediate(() => this.#deliver());
  }

  #deliver(): void {
    this.#scheduled = null;
    const due = [...this.#due];
    this.#due.clear();
    for (const roomId of due) this.#send(roomId);
  }

  /** Delivers what is held now, and stops (the server is closing). */
  close(): void {
    this.flush();
    clearInterval(this.#sweep);
  }

  flush(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = null;
    this.#due.clear();
    for (const roomId of [...this.#rooms.keys()]) this.#send(roomId, true);
  }

  /** `force`: every socket gets what it is owed now, written or not (engine.io queues it). */
  #send(roomId: string, force = false): void {
    const q = this.#rooms.get(roomId);
    if (!q) return;
    if (q.timer) clearTimeout(q.timer);
    q.timer = null;
    const batch = q.pending;
    q.pending = [];
    const start = performance.now();
    // A room that is not busy gets one `message` frame per message, as widgets before batches expect.
    const gather = this.#window(roomId, q) > 0;
    const cpu = gather ? process.cpuUsage() : undefined;
    // Sockets owed earlier messages, or still writing, get this batch later with the rest (see the class).
    const skip = batch.length > 0 && (gather || q.held.size > 0) ? this.#hold(roomId, q, batch, force) : [];
    for (let i = 0; i < batch.length;) {
      const { audience } = batch[i]!;
      let end = i + 1;
      while (gather && end < batch.length && sameAudience(batch[end]!.audience, audience)) end++;
      const { to, except } = channelsFor(roomId, audience, () => this.#members(roomId));
      if (to.length > 0) {
        emitRun(this.target.to(to).except(skip.length > 0 ? [...except, ...skip] : except), batch.slice(i, end));
      }
      i = end;
    }
    this.#release(roomId, q, force ? 'force' : 'send');
    if (batch.length === 0) return;
    q.lastSent = start;
    q.lastEnd = performance.now();
    if (cpu) {
      const used = process.cpuUsage(cpu);
      q.cost = (used.user + used.system) / 1000;
    }
  }

  /**
   * Finds the room's sockets that must not get `batch` now (owed earlier messages, or still writing: held from now
   * on), logs the batch for them, and returns their ids.
   */
  #hold(roomId: string, q: RoomQueue, batch: Pending[], force: boolean): string[] {
    const skip: string[] = [];
    const base = q.logStart + q.log.length;
    for (const id of this.local.adapter.rooms.get(channel.room(roomId)) ?? []) {
      if (q.held.has(id)) skip.push(id);
      else if (!force) {
        const socket = this.local.sockets.get(id);
        if (socket && writing(socket)) {
          q.held.set(id, base);
          skip.push(id);
        }
      }
    }
    if (q.held.size > 0) {
      q.log.push(...batch);
      const now = performance.now();
      for (let i = 0; i < batch.length; i++) q.loggedAt.push(now);
    }
    return skip;
  }

  /**
   * Writes to each held socket whose frames are out (or all, `force`) what it is owed, one frame per audience run;
   * sockets owed the same messages share one encoding. Forgets sockets gone, and keeps looking while any is held.
   */
  #release(roomId: string, q: RoomQueue, when: 'send' | 'force' | 'catch-up'): void {
    if (q.catchUp) clearTimeout(q.catchUp);
    q.catchUp = null;
    if (q.held.size === 0) return;
    const force = when === 'force';
    // Between the room's frames, a socket is written only what has waited a window already: the rest goes with the
    // room's next frame, so a reader behind gets at most about one frame per window, as the others do.
    const due = when === 'catch-up' ? performance.now() - this.#window(roomId, q) : Infinity;
    // Messages for everyone are owed to all; those for some (private, admins, a role) are looked at per socket, and
    // the key names those this socket is a target of: sockets with the same key are owed the same messages.
    const special: number[] = [];
    q.log.forEach((p, k) => {
      if (!plain(p.audience)) special.push(k);
    });
    const groups = new Map<string, { ids: string[]; owed: Pending[] }>();
    for (const [id, from] of q.held) {
      const socket = this.local.sockets.get(id);
      if (socket && !force && (writing(socket) || q.loggedAt[from - q.logStart]! > due)) continue;
      q.held.delete(id);
      if (!socket) continue;
      const first = from - q.logStart;
      const mine = special.filter((k) => k >= first && isTargetOf(q.log[k]!.audience, socket.data.self));
      const key = `${first}:${mine.join()}`;
      const group = groups.get(key);
      if (group) group.ids.push(id);
      else {
        const owed = q.log.filter((p, k) => k >= first && (plain(p.audience) || mine.includes(k)));
        groups.set(key, { ids: [id], owed });
      }
    }
    for (const { ids, owed } of groups.values()) {
      for (let i = 0; i < owed.length;) {
        let end = i + 1;
        while (end < owed.length && sameAudience(owed[end]!.audience, owed[i]!.audience)) end++;
        emitRun(this.target.to(ids), owed.slice(i, end));
        i = end;
      }
    }
    // The log keeps what the held sockets are still owed, from the earliest.
    let first = q.logStart + q.log.length;
    for (const from of q.held.values()) first = Math.min(first, from);
    q.log.splice(0, first - q.logStart);
    q.loggedAt.splice(0, first - q.logStart);
    q.logStart = first;
    if (q.held.size > 0)
      q.catchUp = setTimeout(() => {
        q.catchUp = null;
        this.#release(roomId, q, 'catch-up');
      }, CATCH_UP_MS);
  }
}

/** For everyone in the room, no one excepted. */
const plain = (a: Audience): boolean => a.everyone && a.exceptUserIds.length === 0;

const sameAudience = (a: Audience, b: Audience): boolean =>
  a === b ||
  (a.everyone === b.everyone &&
    a.admins === b.admins &&
    same(a.userIds, b.userIds) &&
    same(a.roles, b.roles) &&
    same(a.peerIds, b.peerIds) &&
    same(a.exceptUserIds, b.exceptUserIds));

const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
