import { CORE_KINDS, conversation } from './core-kinds.ts';
import type {
  FileAttachment,
  LockSettings,
  Participant,
  PresencePayload,
  Quote,
  Reaction,
  RoomFileSettings,
  RoomMessage,
  RoomModeration,
  RoomSnapshot,
  Sender,
  WelcomePayload,
} from './protocol.ts';

/**
 * Guards for what arrives from the socket. Hand-written rather than a schema library: five small shapes,
 * and every byte here is paid on every page that embeds the widgets (see the bundle budget).
 */
export class PayloadError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

export function need(ok: boolean, what: string): asserts ok {
  if (!ok) throw new PayloadError(`${what} is malformed`);
}

function sender(v: unknown, what: string): Sender {
  need(isObj(v) && isStr(v.user_id) && isStr(v.name) && (v.role === null || isStr(v.role)), what);
  return { user_id: v.user_id as string, name: v.name as string, role: v.role as string | null };
}

const KINDS = new Set([
  'chat',
  'notification',
  'emoji',
  'custom',
  'file',
  'reaction',
  'message_deleted',
  'message_edited',
  'moderation',
  'poll',
  'poll_update',
  'hand',
]);
const LEVELS = new Set(['info', 'warning', 'error']);

export function parseMessage(v: unknown): RoomMessage {
  need(isObj(v), 'message');
  need(isStr(v.id) && v.id !== '', 'message.id');
  need(isStr(v.room_id), 'message.room_id');
  need(v.seq === null || (isInt(v.seq) && v.seq > 0), 'message.seq');
  need(isInt(v.ts), 'message.ts');
  need(isStr(v.kind) && KINDS.has(v.kind), 'message.kind');
  need(isStr(v.text), 'message.text');
  need(typeof v.private === 'boolean', 'message.private');
  const msg: RoomMessage = {
    id: v.id,
    room_id: v.room_id,
    seq: v.seq as number | null,
    ts: v.ts,
    kind: v.kind as RoomMessage['kind'],
    from: v.from === null ? null : sender(v.from, 'message.from'),
    private: v.private,
    text: v.text,
  };
  if (msg.kind === 'notification') {
    // Unknown levels show as info rather than being dropped: a newer server may add some.
    msg.level = isStr(v.level) && LEVELS.has(v.level) ? (v.level as RoomMessage['level']) : 'info';
    msg.withSound = v.withSound === true;
    if (isStr(v.notificationId) && v.notificationId !== '') msg.notificationId = v.notificationId.slice(0, 128);
  }
  if (msg.kind === 'custom') {
    need(isStr(v.type) && v.type !== '', 'message.type');
    msg.type = v.type;
  }
  if (msg.kind === 'file' && v.deleted !== true) msg.file = attachment(v.file);
  // A tombstone carries no text, whatever a server sends: a deleted message must not show again.
  if (v.deleted === true) Object.assign(msg, { deleted: true, text: '' });
  else {
    if (v.reply_to !== undefined) msg.reply_to = quote(v.reply_to);
    if (Array.isArray(v.mentions)) msg.mentions = v.mentions.filter(isStr);
    if (Array.isArray(v.reactions)) msg.reactions = v.reactions.map(reaction);
  }
  // Issue 29: the edited mark of a message its author changed.
  if (v.edited === true && !msg.deleted) msg.edited = true;
  // Reactions, deletions, edits, moderation, polls and hands: checked by the conversation core, which the connection
  // loads before it hands such a message over (./core-kinds.ts).
  if (CORE_KINDS.has(msg.kind)) {
    if (!conversation.core) throw new PayloadError(`message.kind ${msg.kind} needs the conversation core, not loaded`);
    conversation.core.parseKind(v, msg);
  }
  if (v.to !== undefined) msg.to = sender(v.to, 'message.to');
  // The writer's own id for the write (docs/protocol.md "Client ids"): how its outbox recognises it.
  if (isStr(v.client_id)) msg.client_id = v.client_id;
  return msg;
}

export function moderation(m: unknown): RoomModeration {
  need(isObj(m) && Array.isArray(m.muted) && Array.isArray(m.pins), 'moderation');
  const pins = m.pins.map((p) => ({ ...quote(p), pinned_at: isObj(p) && isInt(p.pinned_at) ? p.pinned_at : 0 }));
  return { muted: m.muted.filter(isStr), slow_mode: isInt(m.slow_mode) ? m.slow_mode : 0, pins };
}

export function locks(l: unknown): LockSettings {
  need(isObj(l), 'room.locks');
  return {
    lock_chat: l.lock_chat === true,
    lock_chat_send_message: l.lock_chat_send_message === true,
    lock_private_chat: l.lock_private_chat === true,
  };
}

function quote(q: unknown): Quote {
  need(isObj(q) && isStr(q.id) && isStr(q.excerpt), 'message.reply_to');
  const from = q.from === null ? null : sender(q.from, 'message.reply_to.from');
  // A quote of a deleted message keeps no words, whatever a server sends.
  return q.deleted === true ? { id: q.id, from, excerpt: '', deleted: true } : { id: q.id, from, excerpt: q.excerpt };
}

export function reaction(r: unknown): Reaction {
  need(isObj(r) && isStr(r.emoji) && Array.isArray(r.users), 'message.reactions');
  const users = r.users.map((u) => sender({ role: null, ...(isObj(u) ? u : {}) }, 'message.reactions.users'));
  // Counts are distinct users: derived from the list rather than trusted.
  return { emoji: r.emoji, count: users.length, users: users.map(({ user_id, name }) => ({ user_id, name })) };
}

function attachment(f: unknown): FileAttachment {
  // Only a path on the room server: a message must not be able to point the widget (and its token) elsewhere.
  need(
    isObj(f) &&
      isStr(f.id) &&
      isStr(f.name) &&
      isInt(f.size) &&
      f.size >= 0 &&
      isStr(f.type) &&
      typeof f.inline === 'boolean',
    'message.file',
  );
  if (!isStr(f.url) || !f.url.startsWith('/files/'))
    throw new PayloadError('message.file.url must be a path under /files/');
  return { id: f.id, name: f.name, size: f.size, type: f.type, url: f.url, inline: f.inline };
}

function fileSettings(f: unknown): RoomFileSettings | undefined {
  if (!isObj(f)) return undefined;
  const types = Array.isArray(f.allowed_types) ? f.allowed_types.filter(isStr) : [];
  return {
    enabled: f.enabled === true,
    locked: f.locked === true,
    allowed_types: types,
    max_size: isInt(f.max_size) ? f.max_size : 0,
  };
}

function participant(v: unknown): Participant {
  const s = sender(v, 'participant');
  need(isObj(v) && typeof v.is_admin === 'boolean', 'participant.is_admin');
  return { ...s, is_admin: v.is_admin as boolean };
}

export function parseParticipants(v: unknown): Participant[] {
  need(Array.isArray(v), 'participants');
  return v.map(participant);
}

/** `presence`: who joined and left, and how many are present. */
export function parsePresence(v: unknown): PresencePayload {
  need(isObj(v) && isInt(v.count), 'presence');
  return { joined: parseParticipants(v.joined), left: parseParticipants(v.left), count: v.count };
}

function snapshot(v: unknown): RoomSnapshot {
  need(isObj(v) && isStr(v.room_id) && isStr(v.title), 'room');
  const f = v.features;
  need(isObj(f) && typeof f.chat === 'boolean', 'room.features.chat');
  const strOrNull = (x: unknown) => (isStr(x) ? x : null);
  return {
    room_id: v.room_id,
    title: v.title,
    welcome_message: strOrNull(v.welcome_message),
    logout_url: strOrNull(v.logout_url),
    features: { chat: f.chat as boolean, ...(f.polls_by_anyone === true && { polls_by_anyone: true }) },
    locks: locks(v.locks),
    ...(v.files === undefined ? {} : { files: fileSettings(v.files) }),
    ...(v.moderation === undefined ? {} : { moderation: moderation(v.moderation) }),
  };
}

export function parseWelcome(v: unknown): { welcome: WelcomePayload; dropped: string[] } {
  need(isObj(v), 'welcome');
  const self = participant(v.self);
  need(isObj(v.self) && isStr(v.self.peer_id), 'welcome.self.peer_id');
  need(Array.isArray(v.history), 'welcome.history');
  need(isInt(v.seq), 'welcome.seq');
  // One bad history entry must not cost the rest: drop it and report it.
  const history: RoomMessage[] = [];
  const dropped: string[] = [];
  for (const item of v.history) {
    try {
      history.push(parseMessage(item));
    } catch (error) {
      dropped.push((error as Error).message);
    }
  }
  return {
    welcome: {
      self: { ...self, peer_id: v.self.peer_id as string },
      room: snapshot(v.room),
      participants: parseParticipants(v.participants),
      ...(isInt(v.participant_count) && { participant_count: v.participant_count }),
      history,
      resumed: v.resumed === true,
      gap: v.gap === true,
      seq: v.seq,
      hands: Array.isArray(v.hands)
        ? v.hands.filter((h) => isObj(h) && isStr(h.user_id) && isStr(h.name) && isInt(h.raised_at))
        : [],
    },
    dropped,
  };
}
