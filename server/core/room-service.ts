import type { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  Participant,
  RoomMessage,
  Self,
  ServerToClientEvents,
} from '../../src/core/protocol.ts';
import type { HistoryStore } from './history.ts';
import { snapshotOf, type RoomRecord, type RoomStore } from './rooms.ts';
import { channel, channelsFor, type Audience } from './targets.ts';
import type { WebhookSender } from './webhooks.ts';

export interface SocketData {
  self: Self;
  room_id: string;
  hidden: boolean;
}

export type RoomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A message as a dialect or the socket layer hands it in: the core adds id, sequence and time. */
export type Outgoing = Omit<RoomMessage, 'id' | 'seq' | 'ts'>;

export interface PublishOptions {
  /** Kept in the history and numbered (everything but RongCloud broadcasts). */
  persist: boolean;
}

const DEFAULT_EMPTY_TIMEOUT_S = 1800;

/** The one delivery core behind all three dialects and the widgets' own messages. */
export class RoomService {
  readonly #emptyTimers = new Map<string, NodeJS.Timeout>();
  readonly #durationTimers = new Map<string, NodeJS.Timeout>();
  /** Told of every message published (the metrics count them). */
  onPublish?: (message: RoomMessage) => void;

  constructor(
    private readonly io: RoomServer,
    readonly rooms: RoomStore,
    readonly history: HistoryStore,
    private readonly webhooks: WebhookSender,
  ) {}

  async create(room: RoomRecord): Promise<RoomRecord> {
    const existing = await this.rooms.get(room.room_id);
    if (existing) return existing;
    await this.rooms.put(room);
    this.webhooks.send(room.webhook_url, 'room_started', { room: this.#hookRoom(room) });
    this.#armDuration(room);
    this.scheduleEmptyCheck(room);
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
    if (!room) return false;
    await this.rooms.delete(roomId);
    this.#clearTimers(roomId);
    this.io.to(channel.room(roomId)).emit('room_ended', { logout_url: room.logout_url });
    this.io.in(channel.room(roomId)).disconnectSockets(false);
    await this.history.drop(roomId);
    this.webhooks.send(room.webhook_url, 'room_finished', { room: this.#hookRoom(room) });
    return true;
  }

  async publish(outgoing: Outgoing, audience: Audience, options: PublishOptions): Promise<RoomMessage> {
    const base = { ...outgoing, id: crypto.randomUUID(), ts: Date.now() };
    const message = options.persist ? await this.history.append(base, audience) : { ...base, seq: null };
    const { to, except } = channelsFor(message.room_id, audience);
    if (to.length > 0) this.io.to(to).except(except).emit('message', message);
    this.onPublish?.(message);
    return message;
  }

  /** Connected participants of a room, across every server process, one entry per user. */
  async participants(roomId: string, options: { includeHidden: boolean } = { includeHidden: false }): Promise<Participant[]> {
    const sockets = await this.io.in(channel.room(roomId)).fetchSockets();
    const byUser = new Map<string, Participant>();
    for (const s of sockets) {
      if (!options.includeHidden && s.data.hidden) continue;
      const { user_id, name, role, is_admin } = s.data.self;
      byUser.set(user_id, { user_id, name, role, is_admin });
    }
    return [...byUser.values()];
  }

  async peers(roomId: string): Promise<Array<Self & { joined_at: number }>> {
    const sockets = await this.io.in(channel.room(roomId)).fetchSockets();
    return sockets.map((s) => ({ ...s.data.self, joined_at: Math.floor(s.handshake.issued / 1000) }));
  }

  /** Tells every widget of the room who is here; pass the list when the caller has just read it. */
  async announceParticipants(roomId: string, list?: Participant[]): Promise<void> {
    this.io.to(channel.room(roomId)).emit('participants', list ?? (await this.participants(roomId)));
  }

  participantJoined(room: RoomRecord, self: Self): void {
    this.#clearEmptyTimer(room.room_id);
    this.webhooks.send(room.webhook_url, 'participant_joined', { room: this.#hookRoom(room), participant: self });
  }

  participantLeft(room: RoomRecord, self: Self, lastOfRoom: boolean): void {
    this.webhooks.send(room.webhook_url, 'participant_left', { room: this.#hookRoom(room), participant: self });
    if (lastOfRoom) this.scheduleEmptyCheck(room);
  }

  /** Ends the room once it has stayed empty for its `empty_timeout`, whichever process holds its sockets. */
  scheduleEmptyCheck(room: RoomRecord): void {
    this.#clearEmptyTimer(room.room_id);
    const seconds = room.empty_timeout > 0 ? room.empty_timeout : DEFAULT_EMPTY_TIMEOUT_S;
    const timer = setTimeout(() => {
      this.#emptyTimers.delete(room.room_id);
      void this.io
        .in(channel.room(room.room_id))
        .fetchSockets()
        .then((sockets) => (sockets.length === 0 ? this.end(room.room_id) : undefined))
        .catch(() => undefined);
    }, seconds * 1000);
    timer.unref();
    this.#emptyTimers.set(room.room_id, timer);
  }

  close(): void {
    for (const id of [...this.#emptyTimers.keys(), ...this.#durationTimers.keys()]) this.#clearTimers(id);
  }

  #armDuration(room: RoomRecord): void {
    if (room.room_duration <= 0) return;
    const endsAt = room.creation_time * 1000 + room.room_duration * 60_000;
    const timer = setTimeout(() => void this.end(room.room_id).catch(() => undefined), Math.max(0, endsAt - Date.now()));
    timer.unref();
    this.#durationTimers.set(room.room_id, timer);
  }

  #overDuration(room: RoomRecord): boolean {
    return room.room_duration > 0 && Date.now() >= room.creation_time * 1000 + room.room_duration * 60_000;
  }

  #clearEmptyTimer(roomId: string): void {
    clearTimeout(this.#emptyTimers.get(roomId));
    this.#emptyTimers.delete(roomId);
  }

  #clearTimers(roomId: string): void {
    this.#clearEmptyTimer(roomId);
    clearTimeout(this.#durationTimers.get(roomId));
    this.#durationTimers.delete(roomId);
  }

  #hookRoom(room: RoomRecord) {
    return { sid: room.sid, room_id: room.room_id, snapshot: snapshotOf(room) };
  }
}
