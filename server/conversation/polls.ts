import type { Poll, RoomMessage, Self } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';
import { oncePerClientId, type ClientMark, type ClientWrites } from '../core/client-writes.ts';
import type { Ballot, HistoryStore, StoredMessage } from '../core/history.ts';
import type { RoomService } from '../core/room-service.ts';
import type { RoomRecord } from '../core/rooms.ts';
import { audience, isTargetOf } from '../core/targets.ts';
import type { PollSummary } from '../core/webhooks.ts';
import { senderOf } from './content.ts';
import { refusals, type ConversationPolicy, type WriteKind } from './policy.ts';

export const POLL_QUESTION_MAX = 500;
export const POLL_OPTION_MAX = 200;
export const POLL_OPTIONS_MIN = 2;
export const POLL_OPTIONS_MAX = 10;

export interface PollDeps {
  service: RoomService;
  policy: ConversationPolicy;
  writes: ClientWrites;
}

type Mark = ClientMark;

const invalid = (message: string) => new RoomRefusal('message_invalid', message);

function fieldsOf(request: unknown): Record<string, unknown> {
  if (typeof request !== 'object' || request === null) throw invalid('the request must be an object');
  return request as Record<string, unknown>;
}

function textOf(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${field} must be a non-empty string`);
  if (value.length > max) throw invalid(`${field} is limited to ${max} characters`);
  return value.trim();
}

/** The counts of each option and, unless the poll is anonymous, who gave them, from the ballots. */
export function tallied(poll: Poll, ballots: Ballot[]): Poll {
  const options = poll.options.map(({ id, text }) => {
    const by = ballots.filter((b) => b.options.includes(id));
    const voters = by.map(({ user_id, name }) => ({ user_id, name }));
    return { id, text, count: by.length, ...(poll.anonymous ? {} : { voters }) };
  });
  const { mine: _mine, ...rest } = poll;
  return { ...rest, options, voters: ballots.length, version: poll.version + 1 };
}

/** What webhooks and the API hear of a poll: counts, never names. */
export function summaryOf(pollId: string, poll: Poll): PollSummary {
  const { question, multiple, anonymous, closed, voters } = poll;
  const options = poll.options.map(({ id, text, count }) => ({ id, text, count }));
  return { poll_id: pollId, question, options, multiple, anonymous, closed, voters };
}

/** The poll as this user is shown it: with their own choices. */
export function withMine(stored: StoredMessage, userId: string): RoomMessage {
  const { message } = stored;
  if (message.kind !== 'poll' || !message.poll) return message;
  const mine = stored.ballots?.find((b) => b.user_id === userId)?.options ?? [];
  return { ...message, poll: { ...message.poll, mine } };
}

/**
 * What a welcome sends this user of the kept messages: polls with their own choices, and a poll's kept update as the
 * poll stands now (two racing votes may have published their updates out of order; the history holds the newest).
 */
export async function viewsOf(
  history: Pick<HistoryStore, 'find'>,
  roomId: string,
  userId: string,
  kept: StoredMessage[],
): Promise<RoomMessage[]> {
  return Promise.all(
    kept.map(async (stored) => {
      const update = stored.message.poll_update;
      if (!update) return withMine(stored, userId);
      const poll = await history.find(roomId, update.message_id);
      const now = poll && withMine(poll, userId).poll;
      return now ? { ...stored.message, poll_update: { ...update, poll: now } } : stored.message;
    }),
  );
}

function messageIdOf(fields: Record<string, unknown>): string {
  const id = fields.message_id;
  if (typeof id !== 'string' || id === '' || id.length > 200) throw invalid('message_id must be a poll id');
  return id;
}

/** A new poll from a request's fields (a widget's `poll_create`, or the API's). */
export function pollFrom(fields: Record<string, unknown>): Poll {
  const question = textOf(fields.question, 'question', POLL_QUESTION_MAX);
  const given = fields.options;
  if (!Array.isArray(given) || given.length < POLL_OPTIONS_MIN || given.length > POLL_OPTIONS_MAX)
    throw invalid(`options must be ${POLL_OPTIONS_MIN} to ${POLL_OPTIONS_MAX} answers`);
  const texts = given.map((o, i) => textOf(o, `options[${i}]`, POLL_OPTION_MAX));
  for (const flag of ['multiple', 'anonymous'])
    if (fields[flag] !== undefined && typeof fields[flag] !== 'boolean') throw invalid(`${flag} must be a boolean`);
  const poll = {
    question,
    options: texts.map((text, i) => ({ id: String(i), text, count: 0 })),
    multiple: fields.multiple === true,
    anonymous: fields.anonymous === true,
    closed: false,
    voters: 0,
    version: -1,
  };
  return tallied(poll, []);
}

/** Publishes a new poll to everyone (`by` null: the backend through the API); the webhooks hear of it. */
export async function publishPoll(
  service: RoomService,
  room: RoomRecord,
  by: Self | null,
  poll: Poll,
  mark: Mark = {},
): Promise<RoomMessage> {
  const from = by && senderOf(by);
  const message = await service.publish(
    { room_id: room.room_id, kind: 'poll', from, private: false, text: poll.question, poll, ...mark },
    audience.everyone(),
    { persist: true },
  );
  service.tell('poll_created', { room, ...(by && { participant: by }), poll: summaryOf(message.id, poll) });
  return message;
}

/** Publishes the poll as it now stands to everyone; no voter is named in it (`from` is the server). */
function publishUpdate(
  service: RoomService,
  roomId: string,
  messageId: string,
  poll: Poll,
  mark: Mark,
): Promise<RoomMessage> {
  const poll_update = { message_id: messageId, poll };
  return service.publish(
    { room_id: roomId, kind: 'poll_update', from: null, private: false, text: '', poll_update, ...mark },
    audience.everyone(),
    { persist: true },
  );
}

/**
 * Closes a poll (`by`: its creator or an admin; null: the backend through the API), tells everyone and the webhooks.
 * A second close is refused with `poll_closed`.
 */
export async function closeStored(
  service: RoomService,
  room: RoomRecord,
  messageId: string,
  by: Self | null,
  mark: Mark = {},
): Promise<{ stored: StoredMessage & { message: { poll: Poll } }; published: RoomMessage }> {
  const viewer = by ?? { user_id: '', name: '', role: null, is_admin: true, peer_id: '' };
  const after = await service.history.update(room.room_id, messageId, (stored) => {
    const { poll, from } = pollOf(stored, viewer).message;
    if (by && from?.user_id !== by.user_id && !by.is_admin) throw refusals.notAllowedToClosePoll();
    if (poll.closed) throw refusals.pollClosed();
    const closed = tallied({ ...poll, closed: true }, stored.ballots ?? []);
    return { ...stored, message: { ...stored.message, poll: closed } };
  });
  const stored = pollOf(after, viewer);
  const { poll } = stored.message;
  const published = await publishUpdate(service, room.room_id, messageId, poll, mark);
  service.tell('poll_closed', { room, ...(by && { participant: by }), poll: summaryOf(messageId, poll) });
  return { stored, published };
}

/** The poll message `id`, when `viewer` can see it (the backend sees every poll). */
export function pollOf(stored: StoredMessage | undefined, viewer: Self): StoredMessage & { message: { poll: Poll } } {
  if (!stored?.message.poll || stored.message.deleted || !isTargetOf(stored.audience, viewer))
    throw refusals.pollNotFound();
  return stored as StoredMessage & { message: { poll: Poll } };
}

/** Polls (create, vote, close) and raised hands (raise, lower): each write through the policy, each once per id. */
export function pollsAndHands(deps: PollDeps) {
  const { service, policy } = deps;

  async function openRoom(self: Self, roomId: string, kind: WriteKind): Promise<RoomRecord> {
    const room = await service.active(roomId);
    if (!room) throw refusals.roomEnded();
    policy.mayWrite(room, self, kind);
    await policy.takeTurn(room, self);
    return room;
  }

  const writes = {
    async createPoll(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const poll = pollFrom(fieldsOf(request));
      const room = await openRoom(self, roomId, 'poll');
      const message = await publishPoll(service, room, self, poll, mark);
      return { ...message, poll: { ...poll, mine: [] } };
    },

    /** The voter's whole choice replaces their last one; an empty choice takes the vote back. */
    async vote(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const fields = fieldsOf(request);
      const messageId = messageIdOf(fields);
      const chosen = fields.options;
      if (!Array.isArray(chosen) || chosen.some((o) => typeof o !== 'string'))
        throw invalid('options must be a list of option ids');
      const choice = [...new Set(chosen as string[])];
      const room = await openRoom(self, roomId, 'poll_vote');
      const after = await service.history.update(roomId, messageId, (stored) => {
        const { poll } = pollOf(stored, self).message;
        if (poll.closed) throw refusals.pollClosed();
        if (choice.some((id) => !poll.options.some((o) => o.id === id))) throw invalid('no such option in this poll');
        if (!poll.multiple && choice.length > 1) throw invalid('this poll takes one choice');
        const others = (stored.ballots ?? []).filter((b) => b.user_id !== self.user_id);
        const own = stored.ballots?.find((b) => b.user_id === self.user_id);
        const ballots = choice.length === 0 ? others : [...(stored.ballots ?? [])];
        if (choice.length > 0) {
          const ballot = { user_id: self.user_id, name: self.name, options: choice };
          if (own) ballots[ballots.indexOf(own)] = ballot;
          else ballots.push(ballot);
        }
        return { ...stored, ballots, message: { ...stored.message, poll: tallied(poll, ballots) } };
      });
      const poll = pollOf(after, self).message.poll;
      const published = await publishUpdate(service, roomId, messageId, poll, mark);
      service.tell('poll_voted', { room, poll: summaryOf(messageId, poll) });
      return { ...published, poll_update: { message_id: messageId, poll: { ...poll, mine: choice } } };
    },

    /** The creator or an admin closes a poll; votes are refused from then on. */
    async closePoll(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const messageId = messageIdOf(fieldsOf(request));
      const room = await openRoom(self, roomId, 'poll_close');
      const { stored, published } = await closeStored(service, room, messageId, self, mark);
      return { ...published, poll_update: { message_id: messageId, poll: withMine(stored, self.user_id).poll! } };
    },

    async raiseHand(self: Self, roomId: string, _request: unknown, mark: Mark): Promise<RoomMessage> {
      const room = await openRoom(self, roomId, 'hand');
      const raised = await service.hands.raise(roomId, {
        user_id: self.user_id,
        name: self.name,
        raised_at: Date.now(),
      });
      const hand = { user_id: self.user_id, name: self.name, raised: true };
      if (raised) service.tell('hand_raised', { room, participant: self, hand });
      return publishHand(self, roomId, hand, mark);
    },

    /** Your own hand, or as an admin anyone's (`user_id`). */
    async lowerHand(self: Self, roomId: string, request: unknown, mark: Mark): Promise<RoomMessage> {
      const whose = fieldsOf(request).user_id ?? self.user_id;
      if (typeof whose !== 'string' || whose === '') throw invalid('user_id must be a user id');
      if (whose !== self.user_id && !self.is_admin) throw refusals.notAllowedToLowerHand();
      const room = await openRoom(self, roomId, 'hand');
      const was = await service.hands.lower(roomId, whose);
      const name = was?.name ?? (whose === self.user_id ? self.name : whose);
      const hand = { user_id: whose, name, raised: false, ...(whose !== self.user_id && { by_admin: true }) };
      if (was) service.tell('hand_lowered', { room, participant: self, hand });
      return publishHand(self, roomId, hand, mark);
    },
  };

  /** A user left the room: their hand, if up, goes down for everyone. */
  async function userLeft(room: RoomRecord, participant: Self): Promise<void> {
    const was = await service.hands.lower(room.room_id, participant.user_id);
    if (!was) return;
    const hand = { user_id: was.user_id, name: was.name, raised: false };
    service.tell('hand_lowered', { room, participant, hand });
    await publishHand(participant, room.room_id, hand, {});
  }

  function publishHand(self: Self, roomId: string, hand: RoomMessage['hand'], mark: Mark): Promise<RoomMessage> {
    return service.publish(
      { room_id: roomId, kind: 'hand', from: senderOf(self), private: false, text: '', hand, ...mark },
      audience.everyone(),
      { persist: false },
    );
  }

  const once = oncePerClientId<keyof typeof writes>(deps.writes, (name, self, roomId, request, mark) =>
    writes[name](self, roomId, request, mark),
  );

  return {
    createPoll: once('createPoll'),
    vote: once('vote'),
    closePoll: once('closePoll'),
    raiseHand: once('raiseHand'),
    lowerHand: once('lowerHand'),
    userLeft,
  };
}
