import { createHash, createHmac } from 'node:crypto';
import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';
import type { ErrorCode } from '../../src/core/protocol.ts';
import { RoomRefusal } from '../../src/core/refusal.ts';

export interface JoinIdentity {
  dialect: 'plugnmeet' | 'hms';
  room_id: string;
  user_id: string;
  name: string;
  role: string | null;
  is_admin: boolean;
  is_hidden: boolean;
}

/** A token turned down: 401 where it is answered over HTTP. */
const refused = (code: ErrorCode, message: string) => new RoomRefusal(code, message, 401);

const JOIN_TOKEN_TTL_S = 24 * 3600;

function str(payload: JWTPayload, key: string): string | undefined {
  const v = payload[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * The one user a 100ms app token without `user_id` stands for (the SDK's `getAuthToken({ roomId, role })`, the
 * usual guest link): derived from its `jti`, so every connection of that token is the same user and the per-user
 * socket cap, the chat rate and `max_participants` apply to it. A token with neither names no one: refused.
 */
function guestOf(jti: string | undefined): string {
  if (!jti) throw refused('token_invalid', 'the 100ms app token names no user (neither user_id nor jti)');
  return `guest-${createHash('sha256').update(jti).digest('hex').slice(0, 24)}`;
}

export class TokenAuthority {
  /**
   * The secret imported once, for signing and checking: given raw bytes, jose imports a CryptoKey on every call, half
   * of a join's token cost and garbage that outlives the handshake.
   */
  readonly #key: Promise<CryptoKey>;
  constructor(
    private readonly apiKey: string,
    private readonly apiSecret: string,
    private readonly adminRoles: string[],
  ) {
    this.#key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(apiSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    // A secret WebCrypto refuses (empty) fails each check as an invalid token, not the process as an unhandled rejection.
    this.#key.catch(() => undefined);
  }

  /** plugNmeet `getJoinToken`. */
  async issueJoinToken(
    user: { room_id: string; user_id: string; name: string; is_admin: boolean; is_hidden: boolean },
    ttlSeconds = JOIN_TOKEN_TTL_S,
  ): Promise<string> {
    return this.#signer(
      { room_id: user.room_id, name: user.name, is_admin: user.is_admin, is_hidden: user.is_hidden },
      ttlSeconds,
    )
      .setIssuer(this.apiKey)
      .setSubject(user.user_id)
      .sign(await this.#key);
  }

  /** HS256 with this server's secret, valid from now for `ttlSeconds`: what every token kind shares. */
  #signer(claims: JWTPayload, ttlSeconds: number): SignJWT {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${ttlSeconds}s`);
  }

  async #verify(token: string): Promise<JWTPayload> {
    try {
      // A token without `exp` would be valid forever: every kind must carry one.
      const { payload } = await jwtVerify(token, await this.#key, {
        algorithms: ['HS256'],
        clockTolerance: 30,
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw refused('token_expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'exp' && error.reason === 'missing') {
        throw refused('token_invalid', 'the token has no expiry (exp)');
      }
      if (error instanceof errors.JWTClaimValidationFailed)
        throw refused('token_invalid', `the token is not valid yet or malformed (${error.claim})`);
      if (error instanceof errors.JWSSignatureVerificationFailed)
        throw refused('token_invalid', 'the token signature does not match this server');
      throw refused('token_invalid', 'the token is not a valid HS256 JWT');
    }
  }

  /** A widget's join token: plugNmeet (`iss`, `sub`, `room_id`) or 100ms app token (`access_key`, `type: "app"`). */
  async verifyJoinToken(token: unknown): Promise<JoinIdentity> {
    if (typeof token !== 'string' || token.length === 0) throw refused('token_missing', 'no join token was given');
    const payload = await this.#verify(token);
    const room_id = str(payload, 'room_id');
    if (!room_id) throw refused('token_invalid', 'the token names no room_id');
    if (payload.type === 'app') {
      if (payload.access_key !== this.apiKey)
        throw refused('token_invalid', 'the token was made for another access key');
      const named = str(payload, 'user_id') ?? str(payload, 'sub');
      const user_id = named ?? guestOf(str(payload, 'jti'));
      const role = str(payload, 'role') ?? null;
      return {
        dialect: 'hms',
        room_id,
        user_id,
        name: str(payload, 'name') ?? (named ? user_id : 'Guest'),
        role,
        is_admin: role !== null && this.adminRoles.includes(role),
        is_hidden: false,
      };
    }
    if (payload.iss !== this.apiKey) throw refused('token_invalid', 'the token was issued for another API key');
    const user_id = str(payload, 'sub');
    if (!user_id) throw refused('token_invalid', 'the token names no user (sub)');
    return {
      dialect: 'plugnmeet',
      room_id,
      user_id,
      name: str(payload, 'name') ?? user_id,
      role: payload.is_admin === true ? 'admin' : 'participant',
      is_admin: payload.is_admin === true,
      is_hidden: payload.is_hidden === true,
    };
  }

  /** 100ms management token, as `@100mslive/server-sdk` makes it. */
  async verifyManagementToken(token: string): Promise<void> {
    const payload = await this.#verify(token);
    if (payload.type !== 'management') throw refused('token_invalid', 'the token is not a management token');
    if (payload.access_key !== this.apiKey) throw refused('token_invalid', 'the token was made for another access key');
    if (payload.version !== 2) throw refused('token_invalid', 'the token version must be 2');
  }

  async issueManagementToken(ttlSeconds = 3600): Promise<string> {
    return this.#signer({ access_key: this.apiKey, type: 'management', version: 2 }, ttlSeconds)
      .setJti(crypto.randomUUID())
      .sign(await this.#key);
  }

  /** A 100ms-style app (peer) token, as `@100mslive/server-sdk` makes them; the demo's console uses it. */
  async issueAppToken(
    peer: { room_id: string; user_id: string; role: string; name?: string },
    ttlSeconds = JOIN_TOKEN_TTL_S,
  ): Promise<string> {
    return this.#signer({ access_key: this.apiKey, type: 'app', version: 2, ...peer }, ttlSeconds)
      .setJti(crypto.randomUUID())
      .sign(await this.#key);
  }

  /** A peer id the server can later recognise as this user's own without storing it. */
  issuePeerId(roomId: string, userId: string): string {
    const nonce = crypto.randomUUID().replaceAll('-', '').slice(0, 16);
    return `${nonce}-${this.#peerMac(roomId, userId, nonce)}`;
  }

  ownsPeerId(roomId: string, userId: string, peerId: unknown): peerId is string {
    if (typeof peerId !== 'string') return false;
    const match = /^([0-9a-f]{16})-([0-9a-f]{16})$/.exec(peerId);
    return match !== null && this.#peerMac(roomId, userId, match[1]!) === match[2];
  }

  #peerMac(roomId: string, userId: string, nonce: string): string {
    return createHmac('sha256', this.apiSecret)
      .update(`peer\0${roomId}\0${userId}\0${nonce}`)
      .digest('hex')
      .slice(0, 16);
  }
}
