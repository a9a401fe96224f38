import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PublishingCall } from '../core/room-service.ts';
import { ApiError } from './errors.ts';

/**
 * `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header; Stripe's header of the same name): a backend that
 * retries a publish after a lost answer sends the same key, and the server publishes it once. Remembered for a day,
 * as Stripe does; a key reused with another request is refused with 422, as the draft says.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const HEADER = 'Idempotency-Key';
/** Printable ASCII, at most 255 characters (Stripe's bound); the draft's quoted form ("...") is read too. */
const KEY = /^[\x20-\x7e]{1,255}$/;
/** A RongCloud broadcast publishes to every room: its answer names the first ones only, to keep the header small. */
const MAX_IDS_NAMED = 50;

const calls = new WeakMap<FastifyRequest, PublishingCall>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function keyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? null : header.trim();
  const key = raw && raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  if (!key || !KEY.test(key))
    throw new ApiError(400, HEADER, 'must be one value of 1 to 255 printable ASCII characters');
  return key;
}

/**
 * The publishing side of one API request, the same object however often a door asks: each message it publishes
 * is named in the answer's `Message-Id` header (in publish order), and with an `Idempotency-Key` each is published
 * at most once per key, per room and per place in the call, so a retry that meets a half-published first attempt
 * publishes only the rest. A retry's answer repeats the first ids and says `Idempotent-Replayed: true`.
 */
export function publishingCall(req: FastifyRequest, reply: FastifyReply): PublishingCall {
  let call = calls.get(req);
  if (call) return call;
  const key = keyOf(req.headers['idempotency-key']);
  const scope = key === undefined ? null : sha256(key);
  const fingerprint = sha256(`${req.method} ${req.url}\n${JSON.stringify(req.body ?? null)}`);
  const placeIn = new Map<string, number>();
  const ids: string[] = [];
  call = {
    once(roomId) {
      if (scope === null) return undefined;
      const place = placeIn.get(roomId) ?? 0;
      placeIn.set(roomId, place + 1);
      return { key: `${scope}:${roomId}:${place}`, fingerprint, ttlMs: IDEMPOTENCY_TTL_MS };
    },
    published(message, replayed) {
      if (ids.length < MAX_IDS_NAMED) ids.push(message.id);
      void reply.header('Message-Id', ids.join(', '));
      if (replayed) void reply.header('Idempotent-Replayed', 'true');
    },
    conflict: () =>
      new ApiError(422, HEADER, 'was already used with a different request; send a new key for a new call'),
  };
  calls.set(req, call);
  return call;
}
