import type { Participant, ParticipantsPage, RoomMessage, Self } from '../../src/core/protocol.ts';
import type { Deadlines, DeadlineKind } from './deadlines.ts';
import type { Deliveries, Once } from './deliveries.ts';
import type { HandStore } from './hands.ts';
import type { HistoryStore } from './history.ts';
import type { Admission, Departure, Presence, PresenceEntry } from './presence.ts';
import { PresenceChanges, presenceUpdate, searchPage } from './presence-changes.ts';
import type { RoomSockets } from './room-sockets.ts';
import { startedMs, type RoomRecord, type RoomStore } from './rooms.ts';
import type { Audience } from './targets.ts';
import type { DeletedMessage, RoomEvent, RoomEventPayload, WebhookSender } from './webhooks.ts';

/** A message as a dialect or the socket layer hands it in: the core adds id, sequence and time. */
export type Outgoing = Omit<RoomMessage, 'id' | 'seq' | 'ts'>;

export interface PublishOptions {
  /** Kept in the history and numbered (everything but RongCloud broadcasts). */
  persist: boolean;
  /** The API call publishing: its idempotency key (server/http/idempotency.ts) and who hears of each message. */
  call?: PublishingCall;
}

export interface PublishingCall {
  /** The key of the call's next message to this room, when the call carries an idempotency key. */
  once(roomId: string): Once | undefined;
  published(message: RoomMessage, replayed: boolean): void;
  /** The error a key reused for another request answers. */
  conflict(): Error;
}

export interface RoomServicePorts {
  rooms: RoomStore;
  history: HistoryStore;
  hands: HandStore;
  presence: Presence;
  deadlines: Deadlines;
  deliveries: Deliveries;
  /** Sends what this process has queued for delivery now (see TickDelivery). */
  flushDeliveries: () => void;
  webhooks: WebhookSender;
  /** A user's leave followed by a rejoin within this many ms sends no `participant_left`/`participant_joined` pair. */
  rejoinGraceMs?: number;
  /** Above this many participants widgets get the count and no names (PRESENCE_LIST_MAX). */
  presenceListMax?: number;
}

const DEFAULT_EMPTY_TIMEOUT_S = 1800;

/** The one delivery core behind all three dialects and the widgets' own messages. */
export class RoomService {
  readonly rooms: RoomStore;
  readonly history: HistoryStore;
  readonly hands: HandStore;
  readonly presence: Presence;
  readonly #deadlines: Deadlines;
  readonly #deliveries: Deliveries;
  readonly #webhooks: WebhookSender;
  readonly #flush: () => void;
  readonly #changes: PresenceChanges;
  readonly #listMax: number;
  readonly #graceMs: number;
  /** `participant_left` webhooks held for the rejoin grace, by room and user. */
  readonly #heldLeaves = new Map<string, { roomId: string; timer: NodeJS.Timeout; send: () => void }>();
  /** Told of every message published (the metrics count them). */
  onPublish?: (message: RoomMessage) => void;
  /** Told once when a room ends, on the process that ended it (its files are removed). */
  onEnded?: (roomId: string) => void;
  /** Told when a user's last socket has left (after the rejoin grace): their raised hand goes down. */
  onUserLeft?: (room: RoomRecord, participant: Self) => void;

  constructor(
    private readonly sockets: RoomSockets,
    ports: RoomServicePorts,
  ) {
    this.rooms = ports.rooms;
    this.history = ports.history;
    this.hands = ports.hands;
    this.presence = ports.presence;
    this.#deadlines = ports.deadlines;
    this.#deliveries = ports.deliveries;
    this.#webhooks = ports.webhooks;
    this.#flush = ports.flushDeliveries;
    this.#graceMs = ports.rejoinGraceMs ?? 0;
    this.#listMax = ports.presenceListMax ?? 200;
    this.#changes = new PresenceChanges(
      (roomId, joined, left) => void this.#announce(roomId, joined, left).catch(() => undefined),
      (roomId) => this.sockets.localSize(roomId),
    );
    this.#deadlines.start((kind, roomId) => void this.#deadlinePassed(kind, roomId).catch(() => undefined));
    this.presence.onVanished((roomId, departure) => void this.#departed(roomId, departure).catch(() => undefined));
  }

  async create(room: RoomRecord): Promise<RoomRecord> {
    const stored = await this.rooms.putIfAbsent(room);
    if (stored !== room) return stored;
    this.#webhooks.send('room_started', { room });
    if (room.room_duration > 0)
      await this.#deadlines.set('duration', room.room_id, startedMs(room) + room.room_duration * 60_000);
    await this.#armEmpty(room);
    return room;
  }

  async active(roomId: string): Promise<RoomRecord | undefined> {
    const room = await this.rooms.get(roomId);
    if (room && this.#overDuration(room)) {
      await this.end(roomId);
      return undefined;
    }
    return room;
  }

  async end(roomId: string): Promise<boolean> {
    const room = await this.rooms.get(roomId);
    // Only the caller whose delete removed the room goes on, so a room ends once across processes.
    if (!room || !(await this.rooms.delete(roomId))) return false;
    this.onEnded?.(roomId);
    this.#changes.drop(roomId);
    await Promise.all([this.#deadlines.clear('empty', roomId), this.#deadlines.clear('duration', roomId)]);
    this.#flush(); // what was published before the end arrives before it
    this.sockets.emit(roomId, 'room_ended', { logout_url: room.logout_url });
    this.sockets.disconnect(roomId);
    await Promise.all([this.history.drop(roomId), this.presence.drop(roomId), this.hands.drop(roomId)]);
    // Leaves held for a rejoin that can no longer come are told before the room's end.
    for (const [key, held] of this.#heldLeaves) if (held.roomId === roomId) this.#releaseLeave(key);
    this.#webhooks.send('room_finished', { room });
    return true;
  }

  async publish(outgoing: Outgoing, audience: Audience, options: PublishOptions): Promise<RoomMessage> {
    const { call } = options;
    const result = await this.#deliveries.publish(
      { ...outgoing, id: crypto.randomUUID(), ts: Date.now() },
      audience,
      options.persist,
      call?.once(outgoing.room_id),
    );
    if ('conflict' in result) throw call!.conflict();
    call?.published(result.message, result.replayed);
    if (!result.replayed) this.onPublish?.(result.message);
    return result.message;
  }

  /** A message became a tombstone: the room's webhooks hear it (the widgets heard `message_deleted`). */
  messageDeleted(room: RoomRecord, by: Self, deleted: DeletedMessage): void {
    this.#webhooks.send('message_deleted', { room, participant: by, deleted });
  }

  /** Issue 29: a message was edited or pinned, or an admin moderated the chat: the room's webhooks hear it. */
  conversationChanged(event: RoomEvent, room: RoomRecord, by: Self, detail: Record<string, unknown>): void {
    this.#webhooks.send(event, { room, ...(by.user_id ? { participant: by } : {}), detail });
  }

  /** A poll or a hand changed: the room's webhooks hear it. */
  tell(event: RoomEvent, payload: RoomEventPayload): void {
    this.#webhooks.send(event, payload);
  }

  /** Connected participants of a room, across every server process, one entry per user. */
  async participants(
    roomId: string,
    options: { includeHidden: boolean } = { includeHidden: false },
  ): Promise<Participant[]> {
    const byUser = new Map<string, Participant>();
    for (const p of await this.presence.list(roomId)) {
      if (!options.includeHidden && p.hidden) continue;
      byUser.set(p.user_id, { user_id: p.user_id, name: p.name, role: p.role, is_admin: p.is_admin });
    }
    return [...byUser.values()];
  }

  /** The room's participants, as the welcome lists them: everyone, or nobody above PRESENCE_LIST_MAX; and how many. */
  async presentFor(roomId: string): Promise<{ participants: Participant[]; count: number }> {
    const participants = await this.participants(roomId);
    const count = participants.length;
    return { participants: count > this.#listMax ? [] : participants, count };
  }

  /** A page of the room's visible participants whose name or id starts with `query` (`participants_search`). */
  async searchParticipants(roomId: string, query: string, offset = 0, limit = 20): Promise<ParticipantsPage> {
    return searchPage(await this.participants(roomId), query, offset, limit);
  }

  /** Every connected socket of a room with its peer id, across processes. */
  async peers(roomId: string): Promise<PresenceEntry[]> {
    return this.presence.list(roomId);
  }

  async isEmpty(roomId: string): Promise<boolean> {
    return (await this.presence.users(roomId)) === 0;
  }

  /** Records a socket joining; refuses it when the room is full or the user holds too many sockets. */
  async admit(room: RoomRecord, socketId: string, entry: PresenceEntry, maxSocketsPerUser: number): Promise<Admission> {
    return this.presence.admit(room.room_id, socketId, entry, {
      maxParticipants: room.max_participants,
      maxSocketsPerUser,
    });
  }

  /** A socket admitted into `room` has been welcomed. */
  async joined(room: RoomRecord, self: Self, firstOfUser: boolean, hidden = false): Promise<void> {
    await this.#deadlines.clear('empty', room.room_id);
    // Back within the grace: the held `participant_left` is dropped and no `participant_joined` goes either.
    const held = this.#heldLeaves.get(leaveKey(room.room_id, self.user_id));
    if (held) {
      clearTimeout(held.timer);
      this.#heldLeaves.delete(leaveKey(room.room_id, self.user_id));
    } else if (firstOfUser) this.#webhooks.send('participant_joined', { room, participant: self });
    if (firstOfUser && !hidden) this.#changes.note(room.room_id, participantOf(self), true);
  }

  /** A socket left (or its handshake failed after admission); leaving twice is harmless. */
  async left(roomId: string, socketId: string): Promise<void> {
    const departure = await this.presence.leave(roomId, socketId);
    if (departure) await this.#departed(roomId, departure);
  }

  /** The gathered joins and leaves go to every widget of the room (on every process), with the count now. */
  async #announce(roomId: string, joined: Participant[], left: Participant[]): Promise<void> {
    const count = (await this.participants(roomId)).length;
    this.sockets.emit(roomId, 'presence', presenceUpdate(joined, left, count, this.#listMax));
  }

  close(): void {
    for (const key of [...this.#heldLeaves.keys()]) this.#releaseLeave(key);
    this.#flush();
    this.#deadlines.stop();
    this.#changes.close();
  }

  async #departed(roomId: string, departure: Departure): Promise<void> {
    const room = await this.rooms.get(roomId);
    if (!room) return;
    if (departure.userLeft) this.#leave(room, selfOf(departure.entry));
    if (departure.roomEmpty) await this.#armEmpty(room);
    if (departure.userLeft && !departure.entry.hidden)
      this.#changes.note(roomId, participantOf(departure.entry), false);
  }

  /**
   * `participant_left`, held for the rejoin grace: a reload, a network switch or a join storm of one user sends no
   * left/joined pair (the held leave is dropped in `joined`). Held in this process: a rejoin through another process
   * (with Redis) still sends both.
   */
  #leave(room: RoomRecord, participant: Self): void {
    const send = () => {
      this.#webhooks.send('participant_left', { room, participant });
      this.onUserLeft?.(room, participant);
    };
    if (this.#graceMs <= 0) return send();
    const key = leaveKey(room.room_id, participant.user_id);
    if (this.#heldLeaves.has(key)) this.#releaseLeave(key);
    const timer = setTimeout(() => this.#releaseLeave(key), this.#graceMs);
    timer.unref();
    this.#heldLeaves.set(key, { roomId: room.room_id, timer, send });
  }

  #releaseLeave(key: string): void {
    const held = this.#heldLeaves.get(key);
    if (!held) return;
    clearTimeout(held.timer);
    this.#heldLeaves.delete(key);
    held.send();
  }

  /** Ends the room once it has stayed empty for its `empty_timeout`, whichever process is alive then. */
  async #armEmpty(room: RoomRecord): Promise<void> {
    const seconds = room.empty_timeout > 0 ? room.empty_timeout : DEFAULT_EMPTY_TIMEOUT_S;
    await this.#deadlines.set('empty', room.room_id, Date.now() + seconds * 1000);
  }

  async #deadlinePassed(kind: DeadlineKind, roomId: string): Promise<void> {
    if (kind === 'duration' || (await this.isEmpty(roomId))) await this.end(roomId);
  }

  #overDuration(room: RoomRecord): boolean {
    return room.room_duration > 0 && Date.now() >= startedMs(room) + room.room_duration * 60_000;
  }
}

const leaveKey = (roomId: string, userId: string) => `${roomId}\0${userId}`;

const participantOf = (p: Participant): Participant => ({
  user_id: p.user_id,
  name: p.name,
  role: p.role,
  is_admin: p.is_admin,
});

function selfOf(e: PresenceEntry): Self {
  return { user_id: e.user_id, name: e.name, role: e.role, is_admin: e.is_admin, peer_id: e.peer_id };
}
