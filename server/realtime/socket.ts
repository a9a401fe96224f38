import type { ChatSendAck, ErrorCode, ParticipantsPage, RoomMessage } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import type { ServerConfig } from '../config.ts';
import type { JoinIdentity, TokenAuthority } from '../auth/tokens.ts';
import type { Limiter } from '../core/limits.ts';
import type { RoomService } from '../core/room-service.ts';
import { createdNow, defaultLocks, snapshotOf, type RoomRecord } from '../core/rooms.ts';
import { channelsOf, isTargetOf } from '../core/targets.ts';
import type { ConversationPolicy } from '../conversation/policy.ts';
import type { ClientWrites } from '../core/client-writes.ts';
import { conversation } from '../conversation/writes.ts';
import { pollsAndHands, viewsOf } from '../conversation/polls.ts';
import { historyHandler, typingHandler } from './reading.ts';
import type { RoomServer, RoomSocket } from './room-server.ts';
import { withinBudget } from './welcome-budget.ts';
import { onEveryEvent } from './every-event.ts';
import { releaseRequest, releaseUpgradeRequests } from './upgrade-requests.ts';
import { shareNoAcks } from './no-acks.ts';

/** Messages a fresh widget is shown on join: the recent chat, not old toasts or custom events. */
const JOIN_HISTORY_KINDS = new Set(['chat', 'emoji', 'file', 'moderation', 'poll']);
const JOIN_HISTORY_COUNT = 50;
/** An admitted socket's handshake, once read: its token, headers and the rest are not kept for each idle widget. */
const ADMITTED = Object.freeze({ headers: {}, auth: {}, query: {}, time: '', issued: 0, url: '', address: '' });

function refuse(error: RoomRefusal): Error & { data: { code: ErrorCode; message: string } } {
  return Object.assign(new Error(error.message), { data: { code: error.code, message: error.message } });
}

interface RealtimeDeps {
  config: ServerConfig;
  service: RoomService;
  tokens: TokenAuthority;
  policy: ConversationPolicy;
  writes: ClientWrites;
  /** Told of every refusal (the metrics count them by code). */
  onRefused?: (code: ErrorCode, during: 'join' | 'chat') => void;
  /** Removes the file of a deleted file message. */
  removeFile?: (roomId: string, fileId: string) => Promise<void>;
  /** `ALLOWED_ORIGINS`: false refuses the widget with `origin_not_allowed`. */
  originAllowed: (origin: string | undefined) => boolean;
  /** Told of each refused origin (the log says so once a minute per origin). */
  onForeignOrigin?: (origin: string) => void;
  /** Joins per room and user, and per IP address (absent: no limit). */
  joinLimiters: { user: Limiter; ip?: Limiter };
}

/** Implicit rooms are how 100ms works: a room is active once a peer with a valid app token joins it. */
function implicitRoom(id: JoinIdentity): RoomRecord {
  return {
    room_id: id.room_id,
    sid: crypto.randomUUID(),
    title: id.room_id,
    max_participants: 0,
    empty_timeout: 0,
    room_duration: 0,
    welcome_message: null,
    logout_url: null,
    webhook_url: null,
    features: { chat: true },
    locks: { ...defaultLocks },
    metadata: {},
    ...createdNow(),
    implicit: true,
  };
}

export function attachRealtime(io: RoomServer, deps: RealtimeDeps): void {
  const { config, service, tokens } = deps;
  releaseUpgradeRequests(io);
  const talk = conversation({ ...deps, chatMaxLength: config.chatMaxLength });
  const polls = pollsAndHands(deps);
  service.onUserLeft = (room, participant) => void polls.userLeft(room, participant).catch(() => undefined);
  const refusals = {
    room_full: (room: RoomRecord) => `room "${room.room_id}" is full (${room.max_participants} participants)`,
    too_many_connections: (room: RoomRecord) =>
      `this user already has ${config.maxSocketsPerUser} connections to room "${room.room_id}"; close one first`,
  };
  const tooManyJoins = (who: string, waitMs: number) =>
    new RoomRefusal(
      'too_many_joins',
      `too many joins ${who}: wait ${Math.ceil(waitMs / 1000)} s before connecting again`,
      429,
    );

  io.use(async (socket, next) => {
    let admitted: string | null = null;
    try {
      // A page the server does not serve learns why, in the widget's own refusal display, instead of a CORS failure.
      const origin = socket.handshake.headers.origin;
      if (!deps.originAllowed(origin)) {
        const shown = String(origin).slice(0, 200);
        deps.onForeignOrigin?.(shown);
        throw new RoomRefusal(
          'origin_not_allowed',
          `this page's origin "${shown}" is not allowed by the room server (ALLOWED_ORIGINS)`,
          403,
        );
      }
      // Counted before the token is checked: a flood of joins costs no signature checks past the limit.
      const ipWait = (await deps.joinLimiters.ip?.take(socket.handshake.address)) ?? 0;
      if (ipWait > 0) throw tooManyJoins('from this address', ipWait);
      const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
      const identity = await tokens.verifyJoinToken(auth.token);
      const userWait = await deps.joinLimiters.user.take(`${identity.room_id}\0${identity.user_id}`);
      if (userWait > 0) throw tooManyJoins(`by this user to room "${identity.room_id}"`, userWait);
      let room = await service.active(identity.room_id);
      if (!room && identity.dialect === 'hms') room = await service.create(implicitRoom(identity));
      if (!room) throw new RoomRefusal('room_not_active', `room "${identity.room_id}" is not active on this server`);
      const peer_id = tokens.ownsPeerId(room.room_id, identity.user_id, auth.peer_id)
        ? auth.peer_id
        : tokens.issuePeerId(room.room_id, identity.user_id);
      const { user_id, name, role, is_admin, is_hidden: hidden } = identity;
      const self = { user_id, name, role, is_admin, peer_id };
      // Spelled out, not spread from `self`: V8 gives each spread-then-extended object a hidden class of its own (about
      // 300 B per socket); a literal shares one.
      const entry = {
        user_id,
        name,
        role,
        is_admin,
        peer_id,
        hidden,
        joined_at: Math.floor(socket.handshake.issued / 1000),
      };
      // Both limits are checked and the place taken in one atomic step (across processes with Redis).
      const admission = await service.admit(room, socket.id, entry, config.maxSocketsPerUser);
      if (!admission.ok) throw new RoomRefusal(admission.code, refusals[admission.code](room));
      admitted = room.room_id;
      socket.data = { self, room_id: room.room_id, firstOfUser: admission.firstOfUser, hidden };
      // The place is released on `disconnect` (registered on connection). A transport that closed while this handshake
      // awaited never connects, so never disconnects: release it here. Nothing can close it between this check and
      // socket.io's own (next() hands over within the same tick), and socket.io drops the socket.
      if (socket.conn.readyState !== 'open') release.call(socket);
      next();
    } catch (error) {
      if (admitted) void service.left(admitted, socket.id).catch(() => undefined);
      const refusal =
        error instanceof RoomRefusal
          ? error
          : new RoomRefusal('server_error', 'the server could not admit this widget');
      deps.onRefused?.(refusal.code, 'join');
      // A refusal with a code is final for socket.io-client and the widget; a transient failure (Redis away) closes
      // the transport instead, so the widget retries with its backoff and joins once Redis is back.
      if (refusal.code === 'server_error') return void socket.conn.close();
      next(refuse(refusal));
    }
  });

  // The handlers every socket shares (socket.io calls them with the socket as `this`): closures per socket cost
  // about 700 B each of 10,000 idle widgets.
  function release(this: RoomSocket): void {
    void service.left(this.data.room_id, this.id).catch(() => undefined);
  }
  const onChatSend = answering('the message could not be sent', (socket, request) =>
    talk.send(socket.data.self, socket.data.room_id, request),
  );
  const onChatReact = answering('the reaction could not be changed', (socket, request) =>
    talk.react(socket.data.self, socket.data.room_id, request),
  );
  const onChatDelete = answering('the message could not be deleted', (socket, request) =>
    talk.remove(socket.data.self, socket.data.room_id, request),
  );
  const onHistory = historyHandler(service);
  const onTyping = typingHandler(io, service, deps.policy);
  const onChatEdit = answering('the message could not be edited', (socket, request) =>
    talk.edit(socket.data.self, socket.data.room_id, request),
  );
  const onChatModerate = answering('the chat could not be moderated', (socket, request) =>
    talk.moderate(socket.data.self, socket.data.room_id, request),
  );

  const pollAndHandHandlers = {
    poll_create: answering('the poll could not be created', (s, r) => polls.createPoll(s.data.self, s.data.room_id, r)),
    poll_vote: answering('the vote could not be counted', (s, r) => polls.vote(s.data.self, s.data.room_id, r)),
    poll_close: answering('the poll could not be closed', (s, r) => polls.closePoll(s.data.self, s.data.room_id, r)),
    hand_raise: answering('the hand could not be raised', (s, r) => polls.raiseHand(s.data.self, s.data.room_id, r)),
    hand_lower: answering('the hand could not be lowered', (s, r) => polls.lowerHand(s.data.self, s.data.room_id, r)),
  };
  /** `participants_search`: a page of the room's participants by name, for rooms too large to list. */
  function onSearch(this: RoomSocket, request: unknown, ack: (result: ParticipantsPage) => void): void {
    if (typeof ack !== 'function') return;
    const r = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    const int = (v: unknown, fallback: number) =>
      Number.isInteger(v) && (v as number) >= 0 ? (v as number) : fallback;
    if (typeof r.query !== 'string' || r.query.length > 200)
      return ack({ ok: false, code: 'payload_invalid', message: 'query must be a string of at most 200 characters' });
    service
      .searchParticipants(this.data.room_id, r.query, int(r.offset, 0), int(r.limit, 20))
      .then(ack, () => ack({ ok: false, code: 'server_error', message: 'the participants could not be searched' }));
  }

  /**
   * Every client event through one listener that all sockets share (`onAny`, an array of one per socket): a listener
   * per event and socket filled each socket's `_events` (a dictionary object) with 14 keys, about 700 B of each of
   * 10,000 idle widgets. An event not in the table is dropped, as socket.io drops one without a listener.
   */
  const handlers = new Map<string, (this: RoomSocket, request: unknown, ack: never) => void>([
    ['chat_send', onChatSend],
    ['chat_react', onChatReact],
    ['chat_delete', onChatDelete],
    ['chat_history', onHistory],
    ['typing', onTyping],
    ['chat_edit', onChatEdit],
    ['chat_moderate', onChatModerate],
    ...Object.entries(pollAndHandHandlers),
    ['participants_search', onSearch],
  ]);
  function onEvent(this: RoomSocket, event: string, request?: unknown, ack?: unknown): void {
    handlers.get(event)?.call(this, request, ack as never);
  }

  io.on('connection', (socket: RoomSocket) => {
    socket.on('disconnect', release);
    releaseRequest(socket);
    shareNoAcks(socket);
    // A failed admission (Redis or another process slow to answer) is transient: close the transport so the widget
    // retries, where `disconnect()` would tell it `io server disconnect` and it would never come back.
    void admit(socket).catch(() => {
      deps.onRefused?.('server_error', 'join');
      socket.conn.close();
    });
  });

  async function admit(socket: RoomSocket): Promise<void> {
    const { self, room_id, firstOfUser, hidden } = socket.data;
    const room = await service.active(room_id);
    if (!room) {
      socket.disconnect(true);
      return;
    }
    // Join the channels before reading the history: a message published in between arrives
    // both ways, and the widget drops the second copy by id. Nothing falls between the two.
    await socket.join(channelsOf(room_id, self));
    // The welcome's `seq` is read before the history: a message numbered after it is in the history or arrives
    // live, so a widget resuming from it later skips nothing. Read after, it could name a message this socket never
    // got (published between the two reads, its live copy lost with a dying process): lost for good on resume.
    const latest = await service.history.latest(room_id);
    const since = socket.handshake.auth?.since;
    // Nothing reads the handshake again (the token alone is about 230 B, its time string 80): one object for all.
    (socket as { handshake: unknown }).handshake = ADMITTED;
    const resumed = typeof since === 'number' && Number.isInteger(since) && since >= 0;
    let history: RoomMessage[];
    let gap = false;
    if (resumed) {
      const result = await service.history.since(room_id, since);
      // A resume from far back is bounded like any welcome; what does not fit is a gap the chat marks.
      const bounded = withinBudget(
        await viewsOf(
          service.history,
          room_id,
          self.user_id,
          result.messages.filter((m) => isTargetOf(m.audience, self)),
        ),
        config.welcomeMaxMessages,
        config.welcomeMaxBytes,
      );
      history = bounded.messages;
      gap = result.gap || bounded.truncated;
    } else {
      const recent = await viewsOf(
        service.history,
        room_id,
        self.user_id,
        (await service.history.recent(room_id)).filter(
          (m) => JOIN_HISTORY_KINDS.has(m.message.kind) && isTargetOf(m.audience, self),
        ),
      );
      history = withinBudget(
        recent,
        Math.min(JOIN_HISTORY_COUNT, config.welcomeMaxMessages),
        config.welcomeMaxBytes,
      ).messages;
    }
    // Listening before the welcome: a widget may send the moment it is welcomed, while `joined` still awaits Redis,
    // and socket.io drops an event that has no listener yet (its ack would never come).
    onEveryEvent(socket, onEvent);
    const present = await service.presentFor(room_id);
    socket.emit('welcome', {
      self,
      room: snapshotOf(room),
      participants: present.participants,
      participant_count: present.count,
      history,
      resumed,
      gap,
      seq: latest,
      hands: await service.hands.list(room_id),
    });
    await service.joined(room, self, firstOfUser, hidden);
  }

  /** A chat request's handler: answered through its ack, with the message published or the refusal and its code. */
  function answering(failure: string, act: (socket: RoomSocket, request: unknown) => Promise<RoomMessage>) {
    return function (this: RoomSocket, request: unknown, ack: (result: ChatSendAck) => void): void {
      if (typeof ack !== 'function') return;
      act(this, request)
        .then((message) => ack({ ok: true, message }))
        .catch((error: unknown) => {
          const refusal = error instanceof RoomRefusal ? error : new RoomRefusal('server_error', failure);
          deps.onRefused?.(refusal.code, 'chat');
          ack({ ok: false, code: refusal.code, message: refusal.message });
        });
    };
  }
}
