import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createRoom, joinToken, pn, refusal, sleep, startServer, type TestServer } from './helpers.ts';

describe('rooms', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  it('max_participants refuses one user too many, but not a second tab of a present user', async () => {
    await createRoom(server.url, 'small', { max_participants: 2 });
    const a = await connect(server.url, await joinToken(server.url, 'small', 'a'));
    const b = await connect(server.url, await joinToken(server.url, 'small', 'b'));
    const a2 = await connect(server.url, await joinToken(server.url, 'small', 'a'));
    assert.deepEqual(await refusal(server.url, { token: await joinToken(server.url, 'small', 'c') }), {
      code: 'room_full',
      message: 'room "small" is full (2 participants)',
    });
    b.close();
    await sleep(100);
    const c = await connect(server.url, await joinToken(server.url, 'small', 'c'));
    assert.equal(c.welcome.self.user_id, 'c');
    for (const x of [a, a2, c]) x.close();
  });

  it('empty_timeout ends a room nobody is in', async () => {
    await createRoom(server.url, 'short-lived', { empty_timeout: 1 });
    const alive = await pn(server.url, '/room/isRoomActive', { room_id: 'short-lived' });
    assert.equal(alive.body.is_active, true);
    await sleep(1400);
    const gone = await pn(server.url, '/room/isRoomActive', { room_id: 'short-lived' });
    assert.equal(gone.body.is_active, false);
  });

  it('empty_timeout waits while someone is in the room and starts counting when the last one leaves', async () => {
    await createRoom(server.url, 'occupied', { empty_timeout: 1 });
    const a = await connect(server.url, await joinToken(server.url, 'occupied', 'a'));
    await sleep(1400);
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'occupied' })).body.is_active, true);
    a.close();
    await sleep(1500);
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'occupied' })).body.is_active, false);
  });

  it('room_duration ends the room on time, telling every widget with the logout URL', async () => {
    await createRoom(
      server.url,
      'timed',
      {},
      { logout_url: 'https://example.test/bye', room_features: { room_duration: 1 / 60 } },
    );
    const a = await connect(server.url, await joinToken(server.url, 'timed', 'a'));
    const ended = new Promise<unknown>((r) => a.socket.once('room_ended', r));
    assert.deepEqual(await ended, { logout_url: 'https://example.test/bye' });
    assert.equal((await pn(server.url, '/room/isRoomActive', { room_id: 'timed' })).body.is_active, false);
    a.close();
  });

  it('creating an existing room returns it unchanged', async () => {
    const first = await createRoom(server.url, 'twice', { max_participants: 3 });
    const second = await createRoom(server.url, 'twice', { max_participants: 9 });
    assert.equal(second.msg, 'room already exists');
    assert.equal(second.room_info.sid, first.room_info.sid);
    // plugNmeet's ActiveRoomInfo carries no max_participants: the same sid and creation time show the room was kept.
    assert.equal(second.room_info.creation_time, first.room_info.creation_time);
    const info = await pn(server.url, '/room/getActiveRoomInfo', { room_id: 'twice' });
    assert.equal(info.body.room.room_info.sid, first.room_info.sid);
  });

  it('the welcome carries features, locks (both chat flag spellings) and the welcome message', async () => {
    await createRoom(
      server.url,
      'flags',
      {},
      {
        room_features: { chat_features: { is_allow: false } },
        default_lock_settings: { lock_private_chat: true, lock_microphone: true },
      },
    );
    const a = await connect(server.url, await joinToken(server.url, 'flags', 'a'));
    assert.equal(a.welcome.room.features.chat, false);
    assert.deepEqual(a.welcome.room.locks, {
      lock_chat: false,
      lock_chat_send_message: false,
      lock_private_chat: true,
    });
    assert.equal(a.welcome.room.welcome_message, 'Welcome to room');
    a.close();
  });

  it('getActiveRoomInfo lists participants; hidden users are not shown to other widgets', async () => {
    await createRoom(server.url, 'listing');
    const a = await connect(server.url, await joinToken(server.url, 'listing', 'a', false, 'Alice'));
    const hiddenToken = (
      await pn(server.url, '/room/getJoinToken', {
        room_id: 'listing',
        user_info: { name: 'Spy', user_id: 'rec', is_hidden: true },
      })
    ).body.token;
    const h = await connect(server.url, hiddenToken);
    const info = await pn(server.url, '/room/getActiveRoomInfo', { room_id: 'listing' });
    assert.deepEqual(info.body.room.participants_info.map((p: { identity: string }) => p.identity).sort(), [
      'a',
      'rec',
    ]);
    assert.deepEqual(
      h.welcome.participants.map((p) => p.user_id),
      ['a'],
    );
    a.close();
    h.close();
  });
});

describe('webhooks', () => {
  it('a webhook receiver that never answers does not delay delivery', async () => {
    const stalled = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const server = await startServer();
    try {
      const url = `http://127.0.0.1:${(stalled.address() as AddressInfo).port}/`;
      await createRoom(server.url, 'slow-hook', {}, { webhook_url: url });
      const a = await connect(server.url, await joinToken(server.url, 'slow-hook', 'a'));
      const started = Date.now();
      const res = await pn(server.url, '/room/broadcastToRoom', {
        room_id: 'slow-hook',
        chat_msg: { message: 'fast' },
      });
      assert.equal(res.status, 200);
      await a.waitFor((m) => m.text === 'fast', 1000);
      assert.ok(Date.now() - started < 1000, 'delivered without waiting for the webhook');
      a.close();
    } finally {
      stalled.closeAllConnections();
      stalled.close();
      await server.stop();
    }
  });
});
