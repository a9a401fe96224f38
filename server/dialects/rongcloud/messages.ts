import type { Participant } from '../../../src/core/protocol.ts';
import type { Outgoing } from '../../core/room-service.ts';
import { ApiError } from '../../http/errors.ts';

/** What a RongCloud `objectName` + `content` becomes in a room, before the room id is known. */
export type Broadcast = Omit<Outgoing, 'room_id' | 'private'>;

const SUPPORTED = 'RC:TxtMsg, RC:InfoNtf and RC:CmdMsg';
const TYPE_NAME = /^[\w.:-]{1,64}$/;

function jsonContent(objectName: string, raw: string, shape: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiError(400, 'content', `must be JSON ${shape} for ${objectName}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError(400, 'content', `must be JSON ${shape} for ${objectName}`);
  }
  return parsed as Record<string, unknown>;
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new ApiError(400, field, 'must be a non-empty string');
  return value;
}

/** RongCloud's user info on a message: `{ id, name, portrait }`; the chat shows its name. */
function senderName(content: Record<string, unknown>, fallback: string): string {
  const user = content.user;
  if (typeof user !== 'object' || user === null) return fallback;
  const name = (user as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() !== '' ? name.slice(0, 256) : fallback;
}

/**
 * Built-in types become what a RongCloud user expects to see: text as chat, an information notice as a system line,
 * a command as the host page's custom event. Other built-ins (images, voice, …) have no place in these widgets.
 */
export function broadcastOf(objectName: string, raw: string, fromUserId: string): Broadcast {
  const from = (name: string): Omit<Participant, 'is_admin'> => ({ user_id: fromUserId, name, role: null });
  switch (objectName) {
    case 'RC:TxtMsg': {
      const content = jsonContent(objectName, raw, '{"content": "..."}');
      return {
        kind: 'chat',
        from: from(senderName(content, fromUserId)),
        text: nonEmptyString(content.content, 'content.content'),
      };
    }
    case 'RC:InfoNtf': {
      const content = jsonContent(objectName, raw, '{"message": "..."}');
      return { kind: 'chat', from: null, text: nonEmptyString(content.message, 'content.message') };
    }
    case 'RC:CmdMsg': {
      const content = jsonContent(objectName, raw, '{"name": "...", "data": "..."}');
      const name = nonEmptyString(content.name, 'content.name');
      if (!TYPE_NAME.test(name)) throw new ApiError(400, 'content.name', 'must be 1-64 letters, digits or ._:-');
      const data =
        content.data === undefined
          ? ''
          : typeof content.data === 'string'
            ? content.data
            : JSON.stringify(content.data);
      return { kind: 'custom', type: name, from: from(senderName(content, fromUserId)), text: data };
    }
  }
  if (objectName.startsWith('RC:')) {
    const name = objectName.slice(0, 40);
    throw new ApiError(
      400,
      'objectName',
      `${name} is a RongCloud built-in type these widgets do not show (they show ${SUPPORTED})`,
    );
  }
  if (objectName.length > 32) throw new ApiError(400, 'objectName', 'is longer than 32 characters');
  return { kind: 'custom', type: objectName, from: from(fromUserId), text: raw };
}
