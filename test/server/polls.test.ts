import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatActionAck, Poll, RoomMessage } from '../../src/core/protocol.ts';
import { loadConfig } from '../../server/config.ts';
import { redisBackends } from '../../server/backends/redis/index.ts';
import { startRedis } from '../redis-process.js';
import {
  Client,
  KEY,
  SECRET,
  connect,
  createRoom,
  joinToken,
  pn,
  sleep,
  startServer,
  type TestServer,
} from './helpers.ts';

const NAMES: Record<string, string> = {
  mod: 'Mona Admin',
  alice: 'Alice Voter',
  bob: 'Bob Voter',
  carol: 'Carol Voter',
};

async function until<T>(check: () => T | undefined | false, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A loopback webhook receiver. */
async function receiver() {
  const got: any[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push(JSON.parse(Buffer.concat(chunks).toString()));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const ask = (c: Client, event: string, request: unknown): Promise<ChatActionAck> =>
  (c.socket.timeout(3000).emitWithAck as (e: string, r: unknown) => Promise<ChatActionAck>)(event, request);

function ok(ack: ChatActionAck): RoomMessage {
  if (!ack.ok) throw new Error(`refused: ${ack.code} ${ack.message}`);
  return ack.message;
}

/** The newest state of poll `id` that client `c` was sent (the poll itself, then its updates by version). */
function pollSeenBy(c: Client, id: string): Poll | undefined {
  let best: Poll | undefined = c.messages.find((m) => m.id === id)?.poll;
  for (const m of c.messages)
    if (m.poll_update?.message_id === id && (!best || m.poll_update.poll.version > best.version))
      best = m.poll_update.poll;
  return best;
}

const counts = (p: Poll | undefined) => p?.options.map((o) => o.count);
let ids = 0;
const clientId = () => `poll-test-${process.pid}-${++ids}`;

/** The whole scenario on `urlOf(user)`: a server alone, or two processes sharing Redis. */
function scenario(servers: () => { urlOf: (user: string) => string; api: string }) {
  let room = '';
  const clients: Record<string, Client> = {};
  const hooks: { got: any[] } = { got: [] };
  let closeHooks = async (): Promise<void> => undefined;

  before(async () => {
    const { urlOf, api } = servers();
    room = `polls-${++ids}`;
    const hook = await receiver();
    hooks.got = hook.got;
    closeHooks = hook.close;
    await createRoom(api, room, {}, { webhook_url: hook.url });
    for (const user of ['mod', 'alice', 'bob', 'carol'])
      clients[user] = await connect(urlOf(user), await joinToken(api, room, user, user === 'mod', NAMES[user]));
  });
  after(async () => {
    for (const c of Object.values(clients)) c.close();
    await closeHooks();
  });

  it('only admins create polls by default; every participant gets the poll; votes count once per user and move', async () => {
    const { mod, alice, bob, carol } = clients as Record<string, Client>;
    const refused = await ask(alice!, 'poll_create', { question: 'Lunch?', options: ['Pizza', 'Salad'] });
    assert.deepEqual(refused.ok ? 'ok' : refused.code, 'not_allowed');
    const bad = await ask(mod!, 'poll_create', { question: 'One?', options: ['Only'] });
    assert.equal(bad.ok ? 'ok' : bad.code, 'message_invalid');
    const poll = ok(
      await ask(mod!, 'poll_create', {
        question: 'Lunch?',
        options: ['Pizza', 'Salad', 'Soup'],
        client_id: clientId(),
      }),
    );
    assert.equal(poll.kind, 'poll');
    for (const c of [alice!, bob!, carol!]) await c.waitFor((m) => m.id === poll.id);
    ok(await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['0'], client_id: clientId() }));
    ok(await ask(bob!, 'poll_vote', { message_id: poll.id, options: ['0'], client_id: clientId() }));
    const carolVote = ok(
      await ask(carol!, 'poll_vote', { message_id: poll.id, options: ['1'], client_id: clientId() }),
    );
    assert.deepEqual(carolVote.poll_update?.poll.mine, ['1'], 'the answer to a vote carries the voter’s own choice');
    for (const c of [mod!, alice!, bob!, carol!])
      await until(() => pollSeenBy(c, poll.id)?.voters === 3 && counts(pollSeenBy(c, poll.id))?.join() === '2,1,0');
    const seen = pollSeenBy(mod!, poll.id)!;
    assert.deepEqual(
      seen.options[0]!.voters!.map((v) => v.name),
      ['Alice Voter', 'Bob Voter'],
      'a poll that is not anonymous names its voters, first first',
    );
    // Bob changes his mind: one count moves; a second choice on a single-choice poll replaces the first.
    ok(await ask(bob!, 'poll_vote', { message_id: poll.id, options: ['2'], client_id: clientId() }));
    for (const c of [mod!, alice!, bob!, carol!]) await until(() => counts(pollSeenBy(c, poll.id))?.join() === '1,1,1');
    const two = await ask(bob!, 'poll_vote', { message_id: poll.id, options: ['0', '1'] });
    assert.equal(two.ok ? 'ok' : two.code, 'message_invalid', 'a single-choice poll takes one choice');
    // A retry with the same client id is answered with the first answer and counts nothing twice.
    const id = clientId();
    const first = ok(await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['1'], client_id: id }));
    const again = ok(await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['1'], client_id: id }));
    assert.equal(again.id, first.id);
    await until(() => counts(pollSeenBy(carol!, poll.id))?.join() === '0,2,1');
    assert.equal(pollSeenBy(carol!, poll.id)!.voters, 3);
  });

  it('multiple choice: one vote per option; taking a vote back', async () => {
    const { mod, alice, bob } = clients as Record<string, Client>;
    const poll = ok(
      await ask(mod!, 'poll_create', { question: 'Days?', options: ['Mon', 'Tue', 'Wed'], multiple: true }),
    );
    ok(await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['0', '2', '2'] }));
    ok(await ask(bob!, 'poll_vote', { message_id: poll.id, options: ['2'] }));
    await until(() => counts(pollSeenBy(mod!, poll.id))?.join() === '1,0,2');
    ok(await ask(bob!, 'poll_vote', { message_id: poll.id, options: [] }));
    await until(() => counts(pollSeenBy(mod!, poll.id))?.join() === '1,0,1' && pollSeenBy(mod!, poll.id)!.voters === 1);
  });

  it('an anonymous poll never sends a voter’s name or id to anyone, admins included', async () => {
    const { mod, alice, bob, carol } = clients as Record<string, Client>;
    const poll = ok(await ask(mod!, 'poll_create', { question: 'Secret?', options: ['Yes', 'No'], anonymous: true }));
    const answers = [
      await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['0'] }),
      await ask(bob!, 'poll_vote', { message_id: poll.id, options: ['1'] }),
      await ask(carol!, 'poll_vote', { message_id: poll.id, options: ['0'] }),
    ];
    for (const c of [mod!, alice!, bob!, carol!]) await until(() => counts(pollSeenBy(c, poll.id))?.join() === '2,1');
    for (const [user, c] of Object.entries(clients)) {
      const frames = c.events
        .filter(({ args }) => JSON.stringify(args).includes(poll.id))
        .map(({ args }) => JSON.stringify(args));
      assert.ok(frames.length >= 4, `${user} got the poll and its updates`);
      for (const frame of frames)
        for (const voter of ['alice', 'bob', 'carol'])
          assert.ok(
            !frame.includes(NAMES[voter]!) && !frame.includes(`"${voter}"`),
            `${user} was sent nothing naming ${voter}: ${frame}`,
          );
    }
    const own = answers.map((a) => JSON.stringify(a));
    for (const [i, voter] of ['alice', 'bob', 'carol'].entries())
      for (const other of ['alice', 'bob', 'carol'].filter((u) => u !== voter))
        assert.ok(!own[i]!.includes(NAMES[other]!), `${voter}'s answer names no one else`);
  });

  it('the creator or an admin closes a poll; votes are then refused; late joiners and resumes see the results', async () => {
    const { mod, alice } = clients as Record<string, Client>;
    const { urlOf, api } = servers();
    const poll = ok(await ask(mod!, 'poll_create', { question: 'Close me?', options: ['A', 'B'] }));
    ok(await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['1'] }));
    const since = alice!.welcome.seq;
    const notYours = await ask(alice!, 'poll_close', { message_id: poll.id });
    assert.equal(notYours.ok ? 'ok' : notYours.code, 'not_allowed');
    const closed = ok(await ask(mod!, 'poll_close', { message_id: poll.id, client_id: clientId() }));
    assert.equal(closed.poll_update?.poll.closed, true);
    const late = await ask(alice!, 'poll_vote', { message_id: poll.id, options: ['0'] });
    assert.equal(late.ok ? 'ok' : late.code, 'poll_closed');
    const twice = await ask(mod!, 'poll_close', { message_id: poll.id });
    assert.equal(twice.ok ? 'ok' : twice.code, 'poll_closed');
    // A late joiner: the poll in the welcome, closed, with the counts; a voter coming back finds their own choice.
    const dave = await connect(urlOf('dave'), await joinToken(api, room, 'dave', false, 'Dave Late'));
    const shown = dave.welcome.history.find((m) => m.id === poll.id)?.poll;
    assert.equal(shown?.closed, true);
    assert.deepEqual(counts(shown), [0, 1]);
    assert.deepEqual(shown?.mine, []);
    const back = await connect(urlOf('alice'), await joinToken(api, room, 'alice', false, NAMES.alice));
    assert.deepEqual(back.welcome.history.find((m) => m.id === poll.id)?.poll?.mine, ['1']);
    // A resume from before the close: the latest update, closed.
    const resumed = await connect(urlOf('alice'), await joinToken(api, room, 'alice', false, NAMES.alice), { since });
    const update = resumed.welcome.history.find((m) => m.poll_update?.message_id === poll.id);
    assert.equal(update?.poll_update?.poll.closed, true);
    assert.deepEqual(update?.poll_update?.poll.mine, ['1']);
    for (const c of [dave, back, resumed]) c.close();
  });

  it('raised hands: oldest first, in the welcome, lowered by their owner or an admin', async () => {
    const { mod, alice, bob } = clients as Record<string, Client>;
    const { urlOf, api } = servers();
    ok(await ask(alice!, 'hand_raise', { client_id: clientId() }));
    await sleep(5);
    ok(await ask(bob!, 'hand_raise', { client_id: clientId() }));
    const up = await mod!.waitFor((m) => m.kind === 'hand' && m.hand?.user_id === 'alice' && m.hand.raised);
    assert.equal(up.hand?.name, 'Alice Voter');
    const eve = await connect(urlOf('eve'), await joinToken(api, room, 'eve', false, 'Eve'));
    assert.deepEqual(
      eve.welcome.hands?.map((h) => h.user_id),
      ['alice', 'bob'],
      'a late joiner sees the hands, oldest first',
    );
    const notHers = await ask(bob!, 'hand_lower', { user_id: 'alice' });
    assert.equal(notHers.ok ? 'ok' : notHers.code, 'not_allowed');
    ok(await ask(mod!, 'hand_lower', { user_id: 'alice', client_id: clientId() }));
    const down = await alice!.waitFor((m) => m.kind === 'hand' && m.hand?.user_id === 'alice' && !m.hand.raised);
    assert.equal(down.hand?.by_admin, true);
    ok(await ask(bob!, 'hand_lower', {}));
    const fresh = await connect(urlOf('eve'), await joinToken(api, room, 'eve', false, 'Eve'));
    assert.deepEqual(fresh.welcome.hands, []);
    // A user who leaves the room takes their hand down with them.
    const frank = await connect(urlOf('frank'), await joinToken(api, room, 'frank', false, 'Frank'));
    ok(await ask(frank, 'hand_raise', {}));
    await mod!.waitFor((m) => m.kind === 'hand' && m.hand?.user_id === 'frank' && m.hand.raised);
    frank.close();
    await mod!.waitFor((m) => m.kind === 'hand' && m.hand?.user_id === 'frank' && !m.hand.raised);
    const later = await connect(urlOf('eve'), await joinToken(api, room, 'eve', false, 'Eve'));
    assert.deepEqual(later.welcome.hands, []);
    for (const c of [eve, fresh, later]) c.close();
  });

  it('webhooks: created, voted (counts only), closed, hand raised and lowered', async () => {
    await until(() => hooks.got.some((h) => h.event === 'hand_lowered'));
    const events = hooks.got.map((h) => h.event as string);
    for (const e of ['poll_created', 'poll_voted', 'poll_closed', 'hand_raised', 'hand_lowered'])
      assert.ok(events.includes(e), `${e} was sent`);
    for (const vote of hooks.got.filter((h) => h.event === 'poll_voted')) {
      assert.equal(vote.participant, undefined, 'a vote names no participant');
      const raw = JSON.stringify(vote);
      for (const voter of ['Alice Voter', 'Bob Voter', 'Carol Voter']) assert.ok(!raw.includes(voter));
      assert.ok(JSON.parse(vote.room.metadata).poll.options.every((o: { count: number }) => o.count >= 0));
    }
  });

  it('the backend creates, reads and closes polls through the signed API (plugNmeet extension)', async () => {
    const { api } = servers();
    const { alice } = clients as Record<string, Client>;
    const created = await pn(api, '/polls/create', {
      room_id: room,
      question: 'From the backend?',
      options: [
        { id: 1, text: 'Yes' },
        { id: 2, text: 'No' },
      ],
      is_anonymous: true,
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const pollId = created.body.poll_id as string;
    const shown = await alice!.waitFor((m) => m.id === pollId);
    assert.equal(shown.from, null, 'the room shows it from the server');
    assert.equal(shown.poll?.anonymous, true);
    ok(await ask(alice!, 'poll_vote', { message_id: pollId, options: ['0'] }));
    const results = await pn(api, '/polls/results', { room_id: room, poll_id: pollId });
    assert.deepEqual(
      results.body.poll.options.map((o: { text: string; count: number }) => [o.text, o.count]),
      [
        ['Yes', 1],
        ['No', 0],
      ],
    );
    const closed = await pn(api, '/polls/close', { room_id: room, poll_id: pollId });
    assert.equal(closed.body.poll.closed, true);
    const again = await pn(api, '/polls/close', { room_id: room, poll_id: pollId });
    assert.equal(again.status, 409);
    const unsigned = await pn(
      api,
      '/polls/results',
      { room_id: room, poll_id: pollId },
      { secret: 'wrong-secret-000' },
    );
    assert.equal(unsigned.status, 401);
    const missing = await pn(api, '/polls/results', { room_id: room, poll_id: 'nope' });
    assert.equal(missing.status, 404);
  });
}

describe('polls and raised hands (memory)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ CHAT_RATE_POINTS: '1000', PRESENCE_REJOIN_GRACE_MS: '0' });
  });
  after(() => server.stop());
  scenario(() => ({ urlOf: () => server.url, api: server.url }));

  it('a room created with allow_polls_by_anyone lets anyone create a poll', async () => {
    await createRoom(
      server.url,
      'open-polls',
      {},
      {
        room_features: { chat_features: { allow_chat: true, allow_polls_by_anyone: true } },
      },
    );
    const alice = await connect(server.url, await joinToken(server.url, 'open-polls', 'alice'));
    try {
      assert.equal(alice.welcome.room.features.polls_by_anyone, true);
      ok(await ask(alice, 'poll_create', { question: 'Anyone?', options: ['Yes', 'No'] }));
    } finally {
      alice.close();
    }
  });
});

describe('polls and raised hands (Redis, two processes)', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let servers: TestServer[] = [];
  before(async () => {
    redis = await startRedis();
    servers = [];
    const env = { REDIS_URL: redis.url, CHAT_RATE_POINTS: '1000', PRESENCE_REJOIN_GRACE_MS: '0' };
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET, ...env });
    const log = { info: () => undefined, error: () => undefined };
    for (let i = 0; i < 2; i++) servers.push(await startServer(env, { backends: await redisBackends(config, log) }));
  });
  after(async () => {
    for (const s of servers) await s.stop();
    await redis.stop();
  });
  // Admin and Alice on one process, the others on the other.
  scenario(() => ({
    urlOf: (user) => (['mod', 'alice'].includes(user) ? servers[0]!.url : servers[1]!.url),
    api: servers[0]!.url,
  }));
});
