import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import {
  KEY,
  SECRET,
  createRoom,
  hms,
  joinToken,
  pn,
  rc,
  rcHeaders,
  refusal,
  startServer,
  type TestServer,
} from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';

const key = (secret: string) => new TextEncoder().encode(secret);
async function jwt(claims: Record<string, unknown>, opts: { secret?: string; exp?: string | number } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '1h')
    .sign(key(opts.secret ?? SECRET));
}

describe('authentication', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await createRoom(server.url, 'auth-room');
  });
  after(() => server.stop());

  describe('plugNmeet API', () => {
    const body = { room_id: 'auth-room' };
    it('refuses a missing API-KEY header', async () => {
      const res = await pn(server.url, '/room/isRoomActive', body, { headers: { 'API-KEY': '' } });
      assert.deepEqual(res, { status: 401, body: { status: false, msg: 'API-KEY: header is missing' } });
    });
    it('refuses an unknown API key', async () => {
      const res = await pn(server.url, '/room/isRoomActive', body, { key: 'other' });
      assert.deepEqual(res, { status: 401, body: { status: false, msg: 'API-KEY: is not known to this server' } });
    });
    it('refuses a body signed with another secret', async () => {
      const res = await pn(server.url, '/room/isRoomActive', body, { secret: 'wrong' });
      assert.deepEqual(res, { status: 401, body: { status: false, msg: 'HASH-SIGNATURE: does not match the body' } });
    });
    it('refuses a signature of a different body (tampered in transit)', async () => {
      const res = await pn(server.url, '/room/isRoomActive', body, {
        raw: JSON.stringify({ room_id: 'auth-room' }) + ' ',
        headers: { 'HASH-SIGNATURE': 'ab'.repeat(32) },
      });
      assert.equal(res.status, 401);
      assert.equal(res.body.msg, 'HASH-SIGNATURE: does not match the body');
    });
    it('refuses a missing signature', async () => {
      const res = await pn(server.url, '/room/isRoomActive', body, { headers: { 'HASH-SIGNATURE': '' } });
      assert.deepEqual(res, { status: 401, body: { status: false, msg: 'HASH-SIGNATURE: header is missing' } });
    });
  });

  describe('100ms API', () => {
    const send = (token: string) => hms(server.url, 'auth-room', { message: 'x' }, token);
    it('refuses a missing bearer token', async () => {
      const res = await fetch(`${server.url}/v2/active-rooms/auth-room/send-message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"message":"x"}',
      });
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), {
        code: 401,
        message: 'Authorization: header must be "Bearer <management token>"',
      });
    });
    it('refuses a token signed with another secret', async () => {
      const res = await send(await jwt({ access_key: KEY, type: 'management', version: 2 }, { secret: 'nope' }));
      assert.deepEqual(res, {
        status: 401,
        body: { code: 401, message: 'Authorization: the token signature does not match this server' },
      });
    });
    it('refuses an expired management token', async () => {
      const res = await send(
        await jwt({ access_key: KEY, type: 'management', version: 2 }, { exp: Math.floor(Date.now() / 1000) - 120 }),
      );
      assert.deepEqual(res, { status: 401, body: { code: 401, message: 'Authorization: the token has expired' } });
    });
    it('refuses an app (peer) token used as a management token', async () => {
      const res = await send(await peerToken('auth-room', 'u', 'guest'));
      assert.deepEqual(res, {
        status: 401,
        body: { code: 401, message: 'Authorization: the token is not a management token' },
      });
    });
    it('refuses another access key', async () => {
      const res = await send(await jwt({ access_key: 'other', type: 'management', version: 2 }));
      assert.deepEqual(res, {
        status: 401,
        body: { code: 401, message: 'Authorization: the token was made for another access key' },
      });
    });
    it('refuses garbage', async () => {
      const res = await send('not-a-jwt');
      assert.deepEqual(res, {
        status: 401,
        body: { code: 401, message: 'Authorization: the token is not a valid HS256 JWT' },
      });
    });
    it('answers 404 for a room that is not active', async () => {
      const res = await hms(server.url, 'ghost', { message: 'x' }, await managementToken());
      assert.deepEqual(res, { status: 404, body: { code: 404, message: 'room_id: room is not active' } });
    });
  });

  describe('RongCloud API', () => {
    const form = { fromUserId: 'u1', objectName: 'RC:TxtMsg', content: '{"content":"hi"}' };
    it('refuses a wrong signature', async () => {
      const res = await rc(server.url, form, { ...rcHeaders(), Signature: 'f'.repeat(40) });
      assert.deepEqual(res, {
        status: 401,
        body: { code: 1004, errorMessage: 'Signature: does not match SHA1(secret + Nonce + Timestamp)' },
      });
    });
    it('refuses a missing header', async () => {
      const { Nonce: _nonce, ...headers } = rcHeaders();
      const res = await rc(server.url, form, headers);
      assert.deepEqual(res, { status: 401, body: { code: 1004, errorMessage: 'Nonce: header is missing' } });
    });
    it('refuses an unknown App-Key', async () => {
      const res = await rc(server.url, form, rcHeaders({ key: 'nope' }));
      assert.deepEqual(res, {
        status: 401,
        body: { code: 1004, errorMessage: 'App-Key: is not known to this server' },
      });
    });
    it('refuses a timestamp more than 5 minutes off', async () => {
      const res = await rc(server.url, form, rcHeaders({ timestamp: String(Date.now() - 6 * 60_000) }));
      assert.deepEqual(res, {
        status: 401,
        body: {
          code: 1004,
          errorMessage:
            'Timestamp: is more than 5 minutes off the server clock; RONGCLOUD_NONCE_CHECK=off accepts the official rongcloud-sdk, which signs once per process',
        },
      });
    });
    it('refuses a reused nonce', async () => {
      const headers = rcHeaders({ nonce: 'once-only' });
      assert.equal((await rc(server.url, form, headers)).status, 200);
      await new Promise((r) => setTimeout(r, 1100)); // past the 1 request/s limit
      const res = await rc(server.url, form, headers);
      assert.deepEqual(res, {
        status: 401,
        body: {
          code: 1004,
          errorMessage:
            'Nonce: was already used; RONGCLOUD_NONCE_CHECK=off accepts the official rongcloud-sdk, which signs once per process',
        },
      });
    });
  });

  describe('widget join tokens', () => {
    it('refuses no token', async () => {
      assert.deepEqual(await refusal(server.url, {}), { code: 'token_missing', message: 'no join token was given' });
    });
    it('refuses a forged token', async () => {
      const forged = await jwt({ iss: KEY, sub: 'eve', room_id: 'auth-room', is_admin: true }, { secret: 'guessed' });
      assert.deepEqual(await refusal(server.url, { token: forged }), {
        code: 'token_invalid',
        message: 'the token signature does not match this server',
      });
    });
    it('refuses an expired token', async () => {
      const old = await jwt(
        { iss: KEY, sub: 'bob', room_id: 'auth-room' },
        { exp: Math.floor(Date.now() / 1000) - 120 },
      );
      assert.deepEqual(await refusal(server.url, { token: old }), {
        code: 'token_expired',
        message: 'the token has expired',
      });
    });
    it('refuses a token for a room that is not active here', async () => {
      const other = await jwt({ iss: KEY, sub: 'bob', room_id: 'other-room' });
      assert.deepEqual(await refusal(server.url, { token: other }), {
        code: 'room_not_active',
        message: 'room "other-room" is not active on this server',
      });
    });
    it('refuses a token issued for another API key', async () => {
      const foreign = await jwt({ iss: 'other-key', sub: 'bob', room_id: 'auth-room' });
      assert.deepEqual(await refusal(server.url, { token: foreign }), {
        code: 'token_invalid',
        message: 'the token was issued for another API key',
      });
    });
    it('refuses a 100ms app token with another access key', async () => {
      const foreign = await jwt({
        access_key: 'x',
        type: 'app',
        version: 2,
        room_id: 'auth-room',
        user_id: 'u',
        role: 'guest',
      });
      assert.deepEqual(await refusal(server.url, { token: foreign }), {
        code: 'token_invalid',
        message: 'the token was made for another access key',
      });
    });
    it('admits a good token after all those refusals', async () => {
      const { connect } = await import('./helpers.ts');
      const ok = await connect(server.url, await joinToken(server.url, 'auth-room', 'fine'));
      assert.equal(ok.welcome.self.user_id, 'fine');
      ok.close();
    });
  });
});
