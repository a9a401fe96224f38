import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  barrier,
  connect,
  createRoom,
  joinToken,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';

describe('chat sent from widgets', () => {
  let server: TestServer;
  let mgmt: string;
  let admin: Client, alice: Client, bob: Client, carol: Client;
  before(async () => {
    server = await startServer({ CHAT_MAX_LENGTH: '100', CHAT_RATE_POINTS: '3', CHAT_RATE_WINDOW_MS: '2000' });
    mgmt = await managementToken();
    await createRoom(server.url, 'chat');
    admin = await connect(server.url, await joinToken(server.url, 'chat', 'mod', true, 'Moderator'));
    alice = await connect(server.url, await joinToken(server.url, 'chat', 'alice', false, 'Alice'));
    bob = await connect(server.url, await joinToken(server.url, 'chat', 'bob', false, 'Bob'));
    carol = await connect(server.url, await joinToken(server.url, 'chat', 'carol', false, 'Carol'));
  });
  after(async () => {
    for (const c of [admin, alice, bob, carol]) c.close();
    await server.stop();
  });
  const all = () => [admin, alice, bob, carol];
  const reset = () => all().forEach((c) => (c.messages.length = 0));

  it('a public message reaches everyone with the sender set by the server', async () => {
    reset();
    const ack = await alice.send('hello all');
    assert.equal(ack.ok, true);
    await barrier(server.url, 'chat', all(), mgmt);
    for (const c of all()) assert.deepEqual(visible(c), ['hello all']);
    assert.deepEqual(bob.messages[0]!.from, { user_id: 'alice', name: 'Alice', role: 'participant' });
  });

  it('a sender cannot spoof its identity: extra fields are ignored', async () => {
    reset();
    const ack = await alice.socket
      .timeout(2000)
      .emitWithAck('chat_send', { text: 'spoof?', from: { user_id: 'mod', name: 'Moderator' } } as never);
    assert.equal(ack.ok, true);
    const got = await bob.waitFor((m) => m.text === 'spoof?');
    assert.equal(got.from?.user_id, 'alice');
  });

  it('a private message reaches the recipient and the sender only, marked private', async () => {
    await sleep(2000); // a fresh rate-limit window
    reset();
    const ack = await alice.send('psst bob', 'bob');
    assert.equal(ack.ok, true);
    await barrier(server.url, 'chat', all(), mgmt);
    assert.deepEqual(visible(bob), ['psst bob']);
    assert.deepEqual(visible(alice), ['psst bob']);
    assert.deepEqual(visible(carol), []);
    assert.deepEqual(visible(admin), []);
    assert.equal(bob.messages[0]!.private, true);
    assert.equal(bob.messages[0]!.to?.user_id, 'bob');
  });

  it('refuses empty, too long, malformed and unknown-recipient messages with a reason', async () => {
    assert.deepEqual(await alice.send('   '), {
      ok: false,
      code: 'message_invalid',
      message: 'text must be a non-empty string',
    });
    assert.deepEqual(await alice.send('x'.repeat(101)), {
      ok: false,
      code: 'message_too_long',
      message: 'messages are limited to 100 characters',
    });
    assert.deepEqual(await alice.socket.timeout(2000).emitWithAck('chat_send', 42 as never), {
      ok: false,
      code: 'message_invalid',
      message: 'the request must be an object',
    });
    assert.deepEqual(await alice.send('hi', 'nobody'), {
      ok: false,
      code: 'recipient_unknown',
      message: 'that participant is not in the room',
    });
  });

  it('rate-limits each user, with a wait the widget can show', async () => {
    await sleep(2000);
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await carol.send(`burst ${i}`));
    assert.deepEqual(
      acks.slice(0, 3).map((a) => a.ok),
      [true, true, true],
    );
    const last = acks[3]!;
    assert.equal(last.ok, false);
    assert.ok(
      !last.ok && last.code === 'rate_limited' && /^too many messages: wait \d s$/.test(last.message),
      JSON.stringify(last),
    );
    assert.equal((await bob.send('bob is not limited by carol')).ok, true);
  });
});

describe('chat features and locks bind messages from widgets', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  async function pair(room: string, metadata: Record<string, unknown>) {
    await createRoom(server.url, room, {}, metadata);
    const user = await connect(server.url, await joinToken(server.url, room, 'u'));
    const other = await connect(server.url, await joinToken(server.url, room, 'o'));
    const mod = await connect(server.url, await joinToken(server.url, room, 'm', true));
    return { user, other, mod, close: () => [user, other, mod].forEach((c) => c.close()) };
  }

  it('allow_chat false: nobody can chat, admins included', async () => {
    const p = await pair('nochat', { room_features: { chat_features: { allow_chat: false } } });
    assert.deepEqual(await p.user.send('hi'), {
      ok: false,
      code: 'chat_disabled',
      message: 'chat is turned off in this room',
    });
    assert.deepEqual(await p.mod.send('hi'), {
      ok: false,
      code: 'chat_disabled',
      message: 'chat is turned off in this room',
    });
    p.close();
  });

  for (const lock of ['lock_chat', 'lock_chat_send_message']) {
    it(`${lock}: users cannot send, admins can`, async () => {
      const p = await pair(`locked-${lock}`, { default_lock_settings: { [lock]: true } });
      assert.deepEqual(await p.user.send('hi'), {
        ok: false,
        code: 'chat_locked',
        message: 'the moderator has locked the chat',
      });
      assert.equal((await p.mod.send('admins are not locked')).ok, true);
      p.close();
    });
  }

  it('lock_private_chat: users can send publicly, not privately; admins can', async () => {
    const p = await pair('noprivate', { default_lock_settings: { lock_private_chat: true } });
    assert.equal((await p.user.send('public is fine')).ok, true);
    assert.deepEqual(await p.user.send('secret', 'o'), {
      ok: false,
      code: 'private_chat_locked',
      message: 'the moderator has locked private messages',
    });
    assert.equal((await p.mod.send('from the mod', 'u')).ok, true);
    p.close();
  });
});
