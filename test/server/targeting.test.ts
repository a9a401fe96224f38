import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  barrier,
  connect,
  createRoom,
  hms,
  joinToken,
  pn,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';

/**
 * Every targeting example of the seeds, with several kinds of participant in one room:
 * each message reaches exactly the clients it names and no others, live and after a reconnect.
 */
describe('targeting', () => {
  let server: TestServer;
  let mgmt: string;
  const room = 'room01';
  const c: Record<string, Client> = {};
  const tokens: Record<string, string> = {};

  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    await createRoom(server.url, room);
    tokens.admin = await joinToken(server.url, room, 'admin-1', true, 'Ada Admin');
    tokens.user456 = await joinToken(server.url, room, 'user-456', false, 'User 456');
    tokens.vip = await joinToken(server.url, room, 'vip-user-789', false, 'VIP');
    tokens.plain = await joinToken(server.url, room, 'plain-user', false, 'Plain');
    tokens.student = await peerToken(room, 'student-1', 'student');
    tokens.teacher = await peerToken(room, 'teacher-1', 'host');
    for (const [name, token] of Object.entries(tokens)) c[name] = await connect(server.url, token);
  });

  after(async () => {
    for (const client of Object.values(c)) client.close();
    await server.stop();
  });

  const everyone = () => Object.values(c);
  const reset = () => everyone().forEach((client) => (client.messages.length = 0));

  async function check(send: () => Promise<{ status: number }>, expected: Record<string, string[]>) {
    reset();
    const res = await send();
    assert.equal(res.status, 200, JSON.stringify(res));
    await barrier(server.url, room, everyone(), mgmt);
    for (const name of Object.keys(c)) {
      assert.deepEqual(visible(c[name]!), expected[name] ?? [], `what ${name} received`);
    }
  }

  it('admits each participant with its own identity and role', () => {
    assert.equal(c.admin!.welcome.self.is_admin, true);
    assert.equal(c.user456!.welcome.self.is_admin, false);
    assert.equal(c.teacher!.welcome.self.is_admin, true, '"host" is one of ADMIN_ROLES');
    assert.equal(c.student!.welcome.self.role, 'student');
    assert.equal(c.student!.welcome.self.is_admin, false);
  });

  it('seed 000 example 1: a chat message with nobody named goes to everyone', async () => {
    const text = 'Hello everyone, the webinar will begin in 5 minutes.';
    await check(
      () => pn(server.url, '/room/broadcastToRoom', { room_id: room, chat_msg: { message: text } }),
      Object.fromEntries(Object.keys(tokens).map((k) => [k, [text]])),
    );
    const msg = c.plain!.messages[0]!;
    assert.equal(msg.kind, 'chat');
    assert.equal(msg.from, null, 'the server is the sender');
    assert.equal(msg.private, false);
  });

  it('seed 000 example 2: a notification to_user_id reaches that user only', async () => {
    const text = 'Your private document is ready for review.';
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', {
          room_id: room,
          to_user_id: 'user-456',
          notification_msg: { text, type: 0 },
        }),
      { user456: [text] },
    );
    const msg = c.user456!.messages[0]!;
    assert.equal(msg.kind, 'notification');
    assert.equal(msg.level, 'info');
    assert.equal(msg.private, true);
  });

  it('seed 000 example 3: only_to_admins and to_user_id reach all admins and that user, once each', async () => {
    const text = 'A VIP has just joined the waiting room.';
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', {
          room_id: room,
          only_to_admins: true,
          to_user_id: 'vip-user-789',
          notification_msg: { text, type: 1, with_sound: true },
        }),
      { admin: [text], teacher: [text], vip: [text] },
    );
    assert.equal(c.vip!.messages[0]!.level, 'warning');
    assert.equal(c.vip!.messages[0]!.withSound, true);
  });

  it('only_to_admins alone reaches admins only; an admin named as to_user_id gets it once', async () => {
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', {
          room_id: room,
          only_to_admins: true,
          chat_msg: { message: 'admins' },
        }),
      {
        admin: ['admins'],
        teacher: ['admins'],
      },
    );
    await check(
      () =>
        pn(server.url, '/room/broadcastToRoom', {
          room_id: room,
          only_to_admins: true,
          to_user_id: 'admin-1',
          chat_msg: { message: 'once' },
        }),
      { admin: ['once'], teacher: ['once'] },
    );
  });

  it('notification types 2 and 3 are both errors', async () => {
    for (const type of [2, 3]) {
      reset();
      await pn(server.url, '/room/broadcastToRoom', {
        room_id: room,
        to_user_id: 'plain-user',
        notification_msg: { text: `t${type}`, type },
      });
      const msg = await c.plain!.waitFor((m) => m.text === `t${type}`);
      assert.equal(msg.level, 'error');
    }
  });

  it('seed 001/002: send-message to a peer_id reaches that peer only, and peer_id wins over role', async () => {
    const peer = c.student!.welcome.self.peer_id;
    await check(() => hms(server.url, room, { peer_id: peer, message: 'hi', type: 'chat' }, mgmt), { student: ['hi'] });
    await check(() => hms(server.url, room, { peer_id: peer, role: 'host', message: 'peer wins' }, mgmt), {
      student: ['peer wins'],
    });
  });

  it('send-message to a role reaches the peers of that role only', async () => {
    await check(() => hms(server.url, room, { role: 'student', message: 'students only' }, mgmt), {
      student: ['students only'],
    });
    await check(() => hms(server.url, room, { role: 'host', message: 'hosts only', type: 'emoji' }, mgmt), {
      teacher: ['hosts only'],
    });
  });

  it("send-message with neither peer_id nor role (the seed's empty strings too) is a broadcast", async () => {
    const all = Object.fromEntries(Object.keys(tokens).map((k) => [k, ['hi all']]));
    await check(() => hms(server.url, room, { peer_id: '', role: '', message: 'hi all', type: 'chat' }, mgmt), all);
  });

  it('the poker example: a private bet to one peer, a showdown to all, as custom events', async () => {
    const peer = c.student!.welcome.self.peer_id;
    await check(() => hms(server.url, room, { peer_id: peer, message: '{"bet":250}', type: 'custom_event' }, mgmt), {
      student: ['{"bet":250}'],
    });
    const bet = c.student!.messages[0]!;
    assert.equal(bet.kind, 'custom');
    assert.equal(bet.type, 'custom_event');
    const showdown = '{"cards":["AS","KD"]}';
    await check(
      () => hms(server.url, room, { message: showdown, type: 'custom_event' }, mgmt),
      Object.fromEntries(Object.keys(tokens).map((k) => [k, [showdown]])),
    );
  });

  it('after a reconnect, a widget gets exactly what it missed and was a target of', async () => {
    const last = Math.max(...c.vip!.messages.map((m) => m.seq ?? 0), c.vip!.welcome.seq);
    const peerId = c.vip!.welcome.self.peer_id;
    c.vip!.close();
    await pn(server.url, '/room/broadcastToRoom', {
      room_id: room,
      to_user_id: 'user-456',
      chat_msg: { message: 'not for vip' },
    });
    await pn(server.url, '/room/broadcastToRoom', {
      room_id: room,
      only_to_admins: true,
      chat_msg: { message: 'admins, not vip' },
    });
    await pn(server.url, '/room/broadcastToRoom', {
      room_id: room,
      to_user_id: 'vip-user-789',
      notification_msg: { text: 'for vip', type: 3 },
    });
    await pn(server.url, '/room/broadcastToRoom', { room_id: room, chat_msg: { message: 'for all' } });
    await hms(server.url, room, { role: 'student', message: 'students' }, mgmt);
    c.vip = await connect(server.url, tokens.vip!, { since: last, peer_id: peerId });
    assert.equal(c.vip.welcome.resumed, true);
    assert.equal(c.vip.welcome.gap, false);
    assert.equal(c.vip.welcome.self.peer_id, peerId, 'the peer id survives the reconnect');
    assert.deepEqual(
      c.vip.welcome.history.map((m) => m.text),
      ['for vip', 'for all'],
    );
    const seqs = c.vip.welcome.history.map((m) => m.seq!);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'in order',
    );
  });

  it('a fresh join shows recent chat it was a target of, not private chat of others', async () => {
    const fresh = await connect(server.url, await joinToken(server.url, room, 'late-user'));
    try {
      const texts = fresh.welcome.history.map((m) => m.text);
      assert.ok(texts.includes('for all'));
      assert.ok(texts.includes('Hello everyone, the webinar will begin in 5 minutes.'));
      for (const secret of ['not for vip', 'admins, not vip', 'admins', 'once', 'hosts only', 'students only', 'hi']) {
        assert.ok(!texts.includes(secret), `"${secret}" must not reach a late joiner`);
      }
      assert.ok(
        !fresh.welcome.history.some((m) => m.kind === 'notification' || m.kind === 'custom'),
        'no old toasts or custom events',
      );
    } finally {
      fresh.close();
    }
  });

  it('a peer id claimed by another user is not honoured', async () => {
    const stolen = c.student!.welcome.self.peer_id;
    const thief = await connect(server.url, await joinToken(server.url, room, 'thief'), { peer_id: stolen });
    try {
      assert.notEqual(thief.welcome.self.peer_id, stolen);
      thief.messages.length = 0;
      c.student!.messages.length = 0;
      await hms(server.url, room, { peer_id: stolen, message: 'bet:900', type: 'custom_event' }, mgmt);
      await c.student!.waitFor((m) => m.text === 'bet:900');
      await barrier(server.url, room, [thief], mgmt);
      assert.deepEqual(visible(thief), []);
    } finally {
      thief.close();
    }
  });
});

describe('resume past the bounded history', () => {
  it('marks a gap when the history no longer reaches back, and still sends what it has', async () => {
    const server = await startServer({ HISTORY_LIMIT: '3' });
    try {
      await createRoom(server.url, 'short');
      const token = await joinToken(server.url, 'short', 'u');
      const first = await connect(server.url, token);
      await pn(server.url, '/room/broadcastToRoom', { room_id: 'short', chat_msg: { message: 'seen' } });
      const seen = await first.waitFor((m) => m.text === 'seen');
      first.close();
      for (let i = 1; i <= 5; i++)
        await pn(server.url, '/room/broadcastToRoom', { room_id: 'short', chat_msg: { message: `missed ${i}` } });
      const back = await connect(server.url, token, { since: seen.seq });
      assert.equal(back.welcome.gap, true);
      assert.deepEqual(
        back.welcome.history.map((m) => m.text),
        ['missed 3', 'missed 4', 'missed 5'],
      );
      back.close();
      const upToDate = await connect(server.url, token, { since: back.welcome.seq });
      assert.equal(upToDate.welcome.gap, false);
      assert.deepEqual(upToDate.welcome.history, []);
      upToDate.close();
    } finally {
      await server.stop();
    }
  });
});
