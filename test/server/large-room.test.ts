import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { audience } from '../../server/core/targets.ts';
import { FLOOD_RATE_PER_S, FLOOD_WINDOW_MS, MAX_WINDOW_MS, windowMs } from '../../server/realtime/tick-delivery.ts';
import type { ParticipantsPage, PresencePayload, RoomMessage } from '../../src/core/protocol.ts';
import { startRedis } from '../redis-process.js';
import { startRoomServer, TEST_KEY, TEST_SECRET } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { connect, createRoom, joinToken, pn, sleep, startServer, type Client, type TestServer } from './helpers.ts';
import { sent } from './conversation-scenario.ts';
import { moderationAct } from './moderation-scenario.ts';

/** Frames as the client got them: one message each (`message`) or a batch (`messages`). */
const frames = (c: Client) =>
  c.events
    .filter((e) => e.event === 'message' || e.event === 'messages')
    .map((e) => (e.event === 'message' ? [e.args[0] as RoomMessage] : (e.args[0] as RoomMessage[])));

async function until(what: string, ok: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await sleep(10)) if (Date.now() > end) throw new Error(`timed out: ${what}`);
}

const inOrder = (c: Client) => c.messages.every((m, i) => i === 0 || m.seq! > c.messages[i - 1]!.seq!);

describe('the gathering window', () => {
  it('is 0 for a small or quiet room, grows with size and rate, and is bounded', () => {
    assert.equal(windowMs(10, 100), 0, 'a room of 10 at 100 messages/s: sent at once');
    assert.equal(windowMs(1000, 20), 0, 'the room of 1,000 at 20/s (20,000 frames/s) is within the budget');
    assert.equal(windowMs(5000, 1), 0, 'a quiet room of 5,000');
    assert.ok(windowMs(1500, 50) > 0 && windowMs(1500, 50) < windowMs(5000, 50));
    assert.equal(windowMs(5000, 100), 500, 'a room of 5,000: 2 frames a second each');
    assert.equal(windowMs(1000, 30), 100, 'a room of 1,000 above 25 messages/s: 10 frames a second each');
    assert.equal(windowMs(100_000, 100), MAX_WINDOW_MS, 'bounded: a message waits at most MAX_WINDOW_MS');
    assert.equal(windowMs(1, 5000), FLOOD_WINDOW_MS, 'a flood of a small room: 50 frames a second at most');
    assert.equal(windowMs(1, FLOOD_RATE_PER_S), 0, 'up to 100 messages a second: each at once');
    assert.equal(windowMs(1000, 5000), 100, 'a large room keeps its own, longer window');
    assert.equal(windowMs(0, 5000), 0, 'no widget of the room on this process: nothing to gather');
  });
});

describe('a flood of a small room (the default budget)', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ CHAT_RATE_POINTS: '1000' })));
  after(() => server.stop());

  const publish = (room: string, text: string) =>
    server.app.service.publish({ room_id: room, kind: 'chat', from: null, private: false, text }, audience.everyone(), {
      persist: true,
    });

  it('comes in a few batches, in order, each message once; a room at a reading pace still gets one frame each', async () => {
    await createRoom(server.url, 'small-flood');
    const ada = await connect(server.url, await joinToken(server.url, 'small-flood', 'ada'));
    // 600 messages in 1.2 s (500 a second, a backend's loop): one widget, far below the frame budget.
    for (let i = 0; i < 600; i += 50) {
      for (let j = i; j < i + 50; j++) void publish('small-flood', `f${j}`);
      await sleep(100);
    }
    await until('600 messages', () => ada.messages.length >= 600);
    await sleep(FLOOD_WINDOW_MS * 5);
    assert.deepEqual(
      ada.texts(),
      Array.from({ length: 600 }, (_, i) => `f${i}`),
      'every message once, in order',
    );
    assert.ok(inOrder(ada));
    const f = frames(ada);
    assert.ok(f.length <= 30, `600 messages in ${f.length} frames, not one each`);
    assert.ok(
      f.some((batch) => batch.length >= 40),
      'a turn of the backend comes as one frame',
    );

    // 20 a second: a room people read, whose every message goes at once in its own frame.
    await createRoom(server.url, 'small-pace');
    const bob = await connect(server.url, await joinToken(server.url, 'small-pace', 'bob'));
    for (let i = 0; i < 10; i++) {
      void publish('small-pace', `p${i}`);
      await sleep(1000 / 20);
    }
    await until('10 messages', () => bob.messages.length >= 10);
    assert.deepEqual(
      frames(bob).map((batch) => batch.length),
      Array(10).fill(1),
    );
    assert.equal(bob.events.filter((e) => e.event === 'messages').length, 0);
    ada.close();
    bob.close();
  });
});

/** DELIVERY_FRAME_BUDGET=1: any room of two or more busy widgets gathers, as a room of thousands would. */
describe('coalesced delivery in a busy room', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ DELIVERY_FRAME_BUDGET: '1', CHAT_RATE_POINTS: '1000' })));
  after(() => server.stop());

  const publish = (room: string, text: string, to = audience.everyone()) =>
    server.app.service.publish({ room_id: room, kind: 'chat', from: null, private: false, text }, to, {
      persist: true,
    });

  it('a message in a quiet room goes at once, as a `message` frame', async () => {
    await createRoom(server.url, 'quiet');
    const ada = await connect(server.url, await joinToken(server.url, 'quiet', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'quiet', 'bob'));
    const t0 = performance.now();
    await publish('quiet', 'hello');
    await until('hello', () => ada.messages.length === 1 && bob.messages.length === 1);
    const took = performance.now() - t0;
    assert.deepEqual(frames(ada), [[ada.messages[0]!]], 'one `message` frame');
    assert.equal(ada.events.filter((e) => e.event === 'messages').length, 0);
    assert.ok(took < MAX_WINDOW_MS, `not held for the window (${took.toFixed(0)} ms)`);
    ada.close();
    bob.close();
  });

  it('a burst goes out in fewer frames, in order, each message exactly once, within the bounded window', async () => {
    await createRoom(server.url, 'burst');
    const ada = await connect(server.url, await joinToken(server.url, 'burst', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'burst', 'bob'));
    const sentAt = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      sentAt.set(`b${i}`, performance.now());
      void publish('burst', `b${i}`);
      await sleep(3);
    }
    await until('60 messages', () => ada.messages.length >= 60 && bob.messages.length >= 60);
    await sleep(MAX_WINDOW_MS * 2);
    for (const c of [ada, bob]) {
      assert.deepEqual(
        c.texts(),
        Array.from({ length: 60 }, (_, i) => `b${i}`),
        'every message once, in order',
      );
      assert.ok(inOrder(c));
      const f = frames(c);
      assert.ok(f.length < 30, `60 messages in ${f.length} frames`);
      assert.ok(
        f.some((batch) => batch.length > 1),
        'some frames carry several',
      );
    }
    ada.close();
    bob.close();
  });

  it('a batch is per audience: private messages never ride in a frame others get, and order holds for all', async () => {
    await createRoom(server.url, 'private');
    const ada = await connect(server.url, await joinToken(server.url, 'private', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'private', 'bob'));
    const cy = await connect(server.url, await joinToken(server.url, 'private', 'cy'));
    for (let i = 0; i < 40; i++) {
      void (i % 4 === 3
        ? publish('private', `ada-only-${i}`, audience.of({ userIds: ['ada'] }))
        : publish('private', `all-${i}`));
      await sleep(2);
    }
    await until('all', () => ada.messages.length >= 40 && bob.messages.length >= 30 && cy.messages.length >= 30);
    await sleep(MAX_WINDOW_MS * 2);
    assert.equal(ada.messages.length, 40);
    assert.ok(inOrder(ada), 'ada gets public and private messages in sequence order');
    for (const other of [bob, cy]) {
      assert.equal(other.messages.length, 30);
      assert.ok(inOrder(other));
      assert.ok(!other.texts().some((t) => t.startsWith('ada-only')), 'no private message reaches another');
    }
    // Every frame ada gets holds one audience: all private or all public.
    for (const batch of frames(ada)) {
      const kinds = new Set(batch.map((m) => m.text.startsWith('ada-only')));
      assert.equal(kinds.size, 1, `a frame mixes audiences: ${batch.map((m) => m.text).join(', ')}`);
    }
    for (const c of [ada, bob, cy]) c.close();
  });

  it('resume is unchanged: a widget back from a drop gets what it missed, once, then live batches', async () => {
    await createRoom(server.url, 'resume');
    const token = await joinToken(server.url, 'resume', 'ada');
    const bob = await connect(server.url, await joinToken(server.url, 'resume', 'bob'));
    const ada = await connect(server.url, token);
    for (let i = 0; i < 20; i++) (void publish('resume', `first-${i}`), await sleep(2));
    await until('first', () => ada.messages.length >= 20);
    const since = ada.messages.at(-1)!.seq!;
    ada.close();
    for (let i = 0; i < 10; i++) (void publish('resume', `missed-${i}`), await sleep(2));
    await until('missed at bob', () => bob.messages.length >= 30);
    const back = await connect(server.url, token, { since });
    assert.equal(back.welcome.resumed, true);
    assert.equal(back.welcome.gap, false);
    assert.deepEqual(
      back.welcome.history.map((m) => m.text),
      Array.from({ length: 10 }, (_, i) => `missed-${i}`),
    );
    for (let i = 0; i < 20; i++) (void publish('resume', `after-${i}`), await sleep(2));
    await until('after', () => back.messages.length >= 20);
    await sleep(MAX_WINDOW_MS * 2);
    assert.deepEqual(
      back.texts(),
      Array.from({ length: 20 }, (_, i) => `after-${i}`),
    );
    back.close();
    bob.close();
  });

  it("issue 29's edits and moderation ride in the same batches, in order, once, and fold into the history", async () => {
    await createRoom(server.url, 'edits');
    const mod = await connect(server.url, await joinToken(server.url, 'edits', 'mod', true));
    const bob = await connect(server.url, await joinToken(server.url, 'edits', 'bob'));
    const own = [];
    for (let i = 0; i < 4; i++) own.push(sent(await moderationAct.send(bob, `own-${i}`)));
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      void publish('edits', `e${i}`);
      if (i % 10 === 5) writes.push(moderationAct.edit(bob, own[(i - 5) / 10]!.id, `edited-${i}`));
      if (i % 10 === 7)
        writes.push(moderationAct.moderate(mod, { action: 'pin', message_id: own[(i - 7) / 10]!.id, pinned: true }));
      await sleep(3);
    }
    for (const ack of await Promise.all(writes)) sent(ack as never);
    const total = 4 + 40 + 4 + 4;
    await until('every write', () => mod.messages.length >= total && bob.messages.length >= total);
    await sleep(MAX_WINDOW_MS * 2);
    for (const c of [mod, bob]) {
      assert.equal(c.messages.length, total, 'each message once');
      assert.equal(new Set(c.messages.map((m) => m.id)).size, total);
      // A moderation is not kept in the history (its state is the room's): no sequence number, the rest in order.
      const kept = c.messages.filter((m) => m.seq !== null);
      assert.ok(
        kept.every((m, i) => i === 0 || m.seq! > kept[i - 1]!.seq!),
        'edits keep their place in sequence order',
      );
      assert.deepEqual(
        c.messages.filter((m) => m.kind === 'message_edited').map((m) => m.edit),
        own.map((m, i) => ({ message_id: m.id, text: `edited-${i * 10 + 5}` })),
      );
      assert.deepEqual(
        c.messages.filter((m) => m.kind === 'moderation').map((m) => m.moderation?.state.pins[0]?.id),
        own.map((m) => m.id),
        'each pin, newest first',
      );
      assert.ok(
        frames(c).some((f) => f.length > 1 && f.some((m) => m.kind === 'message_edited' || m.kind === 'moderation')),
        'a `messages` frame carries an edit or a moderation among chat messages',
      );
    }
    const late = await connect(server.url, await joinToken(server.url, 'edits', 'cy'));
    assert.deepEqual(
      own.map((m) => late.welcome.history.find((h) => h.id === m.id)?.text),
      own.map((_, i) => `edited-${i * 10 + 5}`),
      'a late joiner gets the edited texts',
    );
    assert.deepEqual(
      late.welcome.room.moderation?.pins.map((p) => p.id),
      own
        .slice(1)
        .reverse()
        .map((m) => m.id),
      "and the room's pins (PINS_MAX, newest first) in its welcome",
    );
    for (const c of [mod, bob, late]) c.close();
  });

  it('a widget that reads slowly gets what it missed in merged frames: nothing lost, in order, its audience only', async () => {
    await createRoom(server.url, 'slow');
    const ada = await connect(server.url, await joinToken(server.url, 'slow', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'slow', 'bob'));
    // Bob's page stops reading (a busy tab, a slow link): what the server writes piles up in the socket's buffers.
    const transport = bob.socket.io.engine.transport as unknown as { ws: { pause(): void; resume(): void } };
    transport.ws.pause();
    // 8 MB fill the buffers between the server and the paused reader (4 MB of send buffer at most on Linux).
    for (let i = 0; i < 8; i++) void publish('slow', `all-fill-${i}-${'x'.repeat(1024 * 1024)}`);
    await sleep(MAX_WINDOW_MS + 100);
    const kinds = (i: number) => (i >= 20 && i < 25 ? 'bob' : i === 10 || i === 30 ? 'ada' : 'all');
    for (let i = 0; i < 40; i++) {
      const to = kinds(i);
      void publish('slow', `${to}-${i}`, to === 'all' ? audience.everyone() : audience.of({ userIds: [to] }));
      await sleep(60);
    }
    const small = (c: Client) => frames(c).filter((f) => f.some((m) => !m.text.startsWith('all-fill-')));
    await until('ada has them all', () => ada.messages.length === 8 + 35, 10_000);
    assert.equal(bob.messages.length, 0, 'bob reads nothing while paused');
    transport.ws.resume();
    await until('bob has them all', () => bob.messages.length >= 8 + 38, 10_000);
    await sleep(MAX_WINDOW_MS);
    const expected = (who: string) =>
      Array.from({ length: 40 }, (_, i) => i)
        .filter((i) => kinds(i) === 'all' || kinds(i) === who)
        .map((i) => `${kinds(i)}-${i}`);
    for (const [c, who] of [
      [ada, 'ada'],
      [bob, 'bob'],
    ] as const) {
      assert.equal(c.messages.length, 8 + expected(who).length, `${who}: every message once`);
      assert.ok(inOrder(c), `${who}: in order`);
      assert.deepEqual(
        c.texts().filter((t) => !t.startsWith('all-fill-')),
        expected(who),
        `${who} gets its own audience's messages and no one else's`,
      );
      for (const f of frames(c)) {
        const audiences = new Set(f.map((m) => m.text.split('-')[0]));
        assert.equal(audiences.size, 1, `${who}: a frame mixes audiences: ${f.map((m) => m.text.slice(0, 12)).join()}`);
      }
    }
    // Ada got a frame each window; bob, held while his buffers were full, got what he missed merged: one frame per
    // audience run (all, his, all), however many windows went by.
    assert.ok(small(ada).length >= 5, `ada: ${small(ada).length} frames`);
    assert.ok(
      small(bob).length <= 3,
      `bob: ${small(bob)
        .map((f) => f.length)
        .join(', ')} messages per frame`,
    );
    ada.close();
    bob.close();
  });

  it('API calls in flight at once reach every widget once and in order', async () => {
    await createRoom(server.url, 'api');
    const ada = await connect(server.url, await joinToken(server.url, 'api', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'api', 'bob'));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        pn(server.url, '/room/broadcastToRoom', { room_id: 'api', chat_msg: { message: `api-${i}` } }),
      ),
    );
    await until('30', () => ada.messages.length >= 30 && bob.messages.length >= 30);
    await sleep(MAX_WINDOW_MS * 2);
    for (const c of [ada, bob]) {
      assert.equal(c.messages.length, 30);
      assert.equal(new Set(c.messages.map((m) => m.id)).size, 30);
      assert.ok(inOrder(c));
    }
    ada.close();
    bob.close();
  });
});

describe('coalesced delivery through Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Array<Awaited<ReturnType<typeof startRoomServer>>> = [];
  before(async () => {
    redis = await startRedis();
    procs = await Promise.all(
      [0, 1].map(() => startRoomServer({ REDIS_URL: redis.url, DELIVERY_FRAME_BUDGET: '1', JOIN_RATE_PER_IP: '0' })),
    );
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  it('widgets on both processes get a burst in order, once, in fewer frames; private stays private', async () => {
    const [a, b] = procs as [(typeof procs)[0], (typeof procs)[0]];
    const api = apiClient(a.url, TEST_KEY, TEST_SECRET);
    await api.createRoom('busy');
    const clients = [
      await connect(a.url, await api.joinToken('busy', 'ada')),
      await connect(a.url, await api.joinToken('busy', 'bob')),
      await connect(b.url, await api.joinToken('busy', 'cy')),
      await connect(b.url, await api.joinToken('busy', 'dee')),
    ];
    const [ada, bob, cy, dee] = clients as [Client, Client, Client, Client];
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i++) {
      calls.push(
        apiClient(i % 2 ? a.url : b.url, TEST_KEY, TEST_SECRET).pn('/room/broadcastToRoom', {
          room_id: 'busy',
          chat_msg: { message: i % 5 === 4 ? `cy-only-${i}` : `all-${i}` },
          ...(i % 5 === 4 ? { to_user_id: 'cy' } : {}),
        }),
      );
      await sleep(2);
    }
    await Promise.all(calls);
    await until('all', () => cy.messages.length >= 40 && [ada, bob, dee].every((c) => c.messages.length >= 32));
    await sleep(300);
    assert.equal(cy.messages.length, 40);
    assert.ok(inOrder(cy), 'one sequence, in order, on the other process too');
    for (const c of [ada, bob, dee]) {
      assert.equal(c.messages.length, 32);
      assert.equal(new Set(c.messages.map((m) => m.id)).size, 32);
      assert.ok(inOrder(c));
      assert.ok(!c.texts().some((t) => t.startsWith('cy-only')));
    }
    assert.ok(
      clients.some((c) => frames(c).length < c.messages.length),
      'batches on at least one process',
    );
    for (const c of clients) c.close();
  });
});

describe('presence as changes, and count-only above PRESENCE_LIST_MAX', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ PRESENCE_LIST_MAX: '3', PRESENCE_REJOIN_GRACE_MS: '0' })));
  after(() => server.stop());

  const presence = (c: Client) =>
    c.events.filter((e) => e.event === 'presence').map((e) => e.args[0] as PresencePayload);

  it('a join and a leave arrive as changes with the count, never as the whole list', async () => {
    await createRoom(server.url, 'small');
    const ada = await connect(server.url, await joinToken(server.url, 'small', 'ada', false, 'Ada Lovelace'));
    assert.deepEqual(
      ada.welcome.participants.map((p) => p.user_id),
      ['ada'],
    );
    assert.equal(ada.welcome.participant_count, 1);
    const bob = await connect(server.url, await joinToken(server.url, 'small', 'bob', false, 'Bob'));
    await until('bob joined', () => presence(ada).some((p) => p.joined.some((j) => j.user_id === 'bob')));
    const joined = presence(ada).at(-1)!;
    assert.deepEqual(
      joined.joined.find((p) => p.user_id === 'bob'),
      { user_id: 'bob', name: 'Bob', role: 'participant', is_admin: false },
    );
    assert.deepEqual([joined.left, joined.count], [[], 2]);
    bob.close();
    await until('bob left', () => presence(ada).some((p) => p.left.some((l) => l.user_id === 'bob')));
    assert.deepEqual(presence(ada).at(-1), {
      joined: [],
      left: [{ user_id: 'bob', name: 'Bob', role: 'participant', is_admin: false }],
      count: 1,
    });
    assert.equal(ada.events.filter((e) => e.event === 'participants').length, 0, 'no full list');
    ada.close();
  });

  it('a storm of joins is a few updates, each naming only who changed', async () => {
    await createRoom(server.url, 'storm');
    const first = await connect(server.url, await joinToken(server.url, 'storm', 'first'));
    const two = await Promise.all(
      ['u1', 'u2'].map(async (u) => connect(server.url, await joinToken(server.url, 'storm', u))),
    );
    const named = () => presence(first).flatMap((p) => p.joined.map((j) => j.user_id));
    await until('both', () => named().includes('u1') && named().includes('u2'));
    assert.equal(named().length, new Set(named()).size, 'each join named once');
    assert.ok(presence(first).length <= 2, `${presence(first).length} updates for 2 joins`);
    for (const c of [first, ...two]) c.close();
  });

  it('above PRESENCE_LIST_MAX the welcome and the updates carry the count and no names', async () => {
    await createRoom(server.url, 'large');
    const people: Client[] = [];
    for (const u of ['ann', 'ben', 'cat', 'dan']) {
      people.push(await connect(server.url, await joinToken(server.url, 'large', u, false, `${u} Smith`)));
    }
    const eve = await connect(server.url, await joinToken(server.url, 'large', 'eve', false, 'Eve Jones'));
    assert.deepEqual(eve.welcome.participants, [], 'no list in the welcome of a room of 5 (above 3)');
    assert.equal(eve.welcome.participant_count, 5);
    await until('eve counted at ann', () => presence(people[0]!).some((p) => p.count === 5));
    const last = presence(people[0]!).at(-1)!;
    assert.deepEqual(last, { joined: [], left: [], count: 5 }, 'count only');
    people[3]!.close();
    await until('dan gone', () => presence(eve).some((p) => p.count === 4));
    assert.deepEqual(presence(eve).at(-1), { joined: [], left: [], count: 4 });
    for (const c of [...people, eve]) c.close();
  });

  it('participants_search finds by any word of the name or the user id, by name, a page at a time', async () => {
    await createRoom(server.url, 'search');
    const names = ['Zoe Adams', 'Adam Brown', 'Carla Adler', 'Dave Stone', 'Ada King', 'Bea Stone'];
    const clients: Client[] = [];
    for (const [i, name] of names.entries())
      clients.push(await connect(server.url, await joinToken(server.url, 'search', `user-${i}`, false, name)));
    const hidden = await pn(server.url, '/room/getJoinToken', {
      room_id: 'search',
      user_info: { name: 'Adamant Hidden', user_id: 'hid', is_admin: true, is_hidden: true },
    });
    clients.push(await connect(server.url, hidden.body.token));
    const ask = (request: unknown): Promise<ParticipantsPage> =>
      clients[0]!.socket.timeout(3000).emitWithAck('participants_search', request as never);
    const first = await ask({ query: 'ad', limit: 2 });
    assert.ok(first.ok);
    assert.deepEqual(
      first.participants.map((p) => p.name),
      ['Ada King', 'Adam Brown'],
    );
    assert.equal(first.total, 4, 'Ada, Adam, Carla Adler, Zoe Adams: not the hidden admin');
    assert.equal(first.next, 2);
    const second = await ask({ query: 'AD', offset: first.next, limit: 2 });
    assert.ok(second.ok);
    assert.deepEqual(
      second.participants.map((p) => p.name),
      ['Carla Adler', 'Zoe Adams'],
    );
    assert.equal(second.next, null);
    const byId = await ask({ query: 'user-3' });
    assert.ok(byId.ok);
    assert.deepEqual(
      byId.participants.map((p) => p.user_id),
      ['user-3'],
    );
    const stone = await ask({ query: 'stone', limit: 500 });
    assert.ok(stone.ok);
    assert.equal(stone.participants.length, 2);
    const bad = await ask({ query: 42 });
    assert.deepEqual(bad.ok, false);
    assert.equal(!bad.ok && bad.code, 'payload_invalid');
    for (const c of clients) c.close();
  });
});
