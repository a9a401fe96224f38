import type { FastifyInstance } from 'fastify';
import { RoomRefusal } from '../../../src/core/refusal.ts';
import { closeStored, pollFrom, pollOf, publishPoll, summaryOf } from '../../conversation/polls.ts';
import { ApiError } from '../../http/errors.ts';
import type { DialectDeps } from '../deps.ts';

const roomId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const pollId = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** plugNmeet's `CreatePollReq` options are `{ id, text }`; plain strings are taken too. */
const option = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 200 },
    {
      type: 'object',
      properties: { id: {}, text: { type: 'string', minLength: 1, maxLength: 200 } },
      required: ['text'],
    },
  ],
} as const;

const schemas = {
  create: {
    type: 'object',
    properties: {
      room_id: roomId,
      question: { type: 'string', minLength: 1, maxLength: 500 },
      options: { type: 'array', minItems: 2, maxItems: 10, items: option },
      multiple: { type: 'boolean' },
      is_anonymous: { type: 'boolean' },
      anonymous: { type: 'boolean' },
    },
    required: ['room_id', 'question', 'options'],
  },
  poll: { type: 'object', properties: { room_id: roomId, poll_id: pollId }, required: ['room_id', 'poll_id'] },
} as const;

interface CreateBody {
  room_id: string;
  question: string;
  options: Array<string | { text: string }>;
  multiple?: boolean;
  is_anonymous?: boolean;
  anonymous?: boolean;
}

/** The backend's view of every poll: it is no participant, and sees what an admin sees. */
const BACKEND = { user_id: '', name: '', role: null, is_admin: true, peer_id: '' };

/** A refusal of the conversation, in the dialect's error shape. */
function apiErrorOf(error: unknown): unknown {
  return error instanceof RoomRefusal ? new ApiError(error.status ?? 400, null, error.message) : error;
}

/** Runs `act`, answering a refusal as the dialect's error. */
async function asApi<T>(act: () => T | Promise<T>): Promise<T> {
  try {
    return await act();
  } catch (error) {
    throw apiErrorOf(error);
  }
}

/**
 * Polls for the backend (an extension: plugNmeet's own polls API is the client's `/api/polls`, with a user's token):
 * create, close, and read a poll's results, signed like every call under `/auth`. Results are counts, never names.
 */
export async function plugnmeetPolls(app: FastifyInstance, { service }: DialectDeps): Promise<void> {
  const activeRoom = async (id: string) => {
    const room = await service.active(id);
    if (!room) throw new ApiError(404, 'room_id', 'room is not active');
    return room;
  };
  const success = { status: true, msg: 'success' };

  app.post<{ Body: CreateBody }>('/polls/create', { schema: { body: schemas.create } }, async (req) => {
    const body = req.body;
    const room = await activeRoom(body.room_id);
    const options = body.options.map((o) => (typeof o === 'string' ? o : o.text));
    const anonymous = body.is_anonymous ?? body.anonymous;
    const poll = await asApi(() => pollFrom({ question: body.question, options, multiple: body.multiple, anonymous }));
    const message = await publishPoll(service, room, null, poll);
    return { ...success, poll_id: message.id, poll: summaryOf(message.id, poll) };
  });

  app.post<{ Body: { room_id: string; poll_id: string } }>(
    '/polls/close',
    { schema: { body: schemas.poll } },
    async (req) => {
      const room = await activeRoom(req.body.room_id);
      const { stored } = await asApi(() => closeStored(service, room, req.body.poll_id, null));
      return { ...success, poll_id: req.body.poll_id, poll: summaryOf(req.body.poll_id, stored.message.poll) };
    },
  );

  app.post<{ Body: { room_id: string; poll_id: string } }>(
    '/polls/results',
    { schema: { body: schemas.poll } },
    async (req) => {
      await activeRoom(req.body.room_id);
      const stored = await service.history.find(req.body.room_id, req.body.poll_id);
      const poll = await asApi(() => pollOf(stored, BACKEND).message.poll);
      return { ...success, poll_id: req.body.poll_id, poll: summaryOf(req.body.poll_id, poll) };
    },
  );
}
