import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryPageAck, TypingNotice } from '../../src/core/protocol.ts';
import { connect, createRoom, joinToken, sleep, startServer, type Client, type TestServer } from './helpers.ts';

/** The typing notices a client was sent, as `name:private`. */
const notices = (c: Client) =>
  c.events
    .filter((e) => e.event === 'typing')
    .map((e) => `${(e.args[0] as TypingNotice).name}:${(e.args[0] as TypingNotice).private}`);

const page = (c: Client, request: Record<string, unknown>): Promise<HistoryPageAck> =>
  c.socket.timeout(3000).emitWithAck('chat_history', request);

describe('typing relay and history pages (issue 31)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ CHAT_RATE_POINTS: '1000' });
  });
  after(() => server.stop());

  async function join(room: string, user: string, admin = false): Promise<Client> {
    return connect(
      server.url,
      await joinToken(
        server.url,
        room,
        user,
        admin,
        user.replace(/^./, (c) => c.toUpperCase()),
      ),
    );
  }

  it('typing goes to everyone else, a private draft only to its recipient, at most once per 2.5 s per socket', async () => {
    await createRoom(server.url, 'typing');
    const [alice, bob, carol] = [
      await join('typing', 'alice'),
      await join('typing', 'bob'),
      await join('typing', 'carol'),
    ];
    alice.socket.emit('typing', {});
    alice.socket.emit('typing', {}); // within the interval: dropped
    await sleep(300);
    assert.deepEqual(notices(bob), ['Alice:false']);
    assert.deepEqual(notices(carol), ['Alice:false']);
    assert.deepEqual(notices(alice), [], 'nobody hears their own typing');
    // Bob drafts privately to Carol: Alice never learns of it.
    bob.socket.emit('typing', { to: 'carol' });
    await sleep(300);
    assert.deepEqual(notices(carol), ['Alice:false', 'Bob:true']);
    assert.deepEqual(notices(alice), []);
    await sleep(2300);
    alice.socket.emit('typing', {});
    await sleep(300);
    assert.deepEqual(notices(bob), ['Alice:false', 'Alice:false'], 'after the interval the next notice goes');
    for (const c of [alice, bob, carol]) c.close();
  });

  it('a page of older history holds what the user may see; only an admin reads the whole room', async () => {
    await createRoom(server.url, 'pages');
    const [alice, bob, mod] = [
      await join('pages', 'alice'),
      await join('pages', 'bob'),
      await join('pages', 'mod', true),
    ];
    for (let i = 1; i <= 5; i++) assert.ok((await alice.send(`public ${i}`)).ok);
    assert.ok((await alice.send('alice to mod', 'mod')).ok);
    assert.ok((await bob.send('bob to alice', 'alice')).ok);

    const latest = await page(alice, { limit: 3 });
    assert.ok(latest.ok);
    assert.deepEqual(
      latest.messages.map((m) => m.text),
      ['public 5', 'alice to mod', 'bob to alice'],
    );
    assert.equal(latest.more, true);
    const older = await page(alice, { before: latest.messages[0]!.seq!, limit: 3 });
    assert.ok(older.ok);
    assert.deepEqual(
      older.messages.map((m) => m.text),
      ['public 2', 'public 3', 'public 4'],
    );

    const bobs = await page(bob, {});
    assert.ok(bobs.ok);
    assert.ok(!bobs.messages.some((m) => m.text === 'alice to mod'), 'never a private message of another pair');
    assert.ok(bobs.messages.some((m) => m.text === 'bob to alice'));

    const refused = await page(bob, { all: true });
    assert.deepEqual(refused, {
      ok: false,
      code: 'not_allowed',
      message: "only an admin can read the whole room's history",
    });

    const whole = await page(mod, { all: true });
    assert.ok(whole.ok);
    assert.deepEqual(
      whole.messages.map((m) => m.text),
      ['public 1', 'public 2', 'public 3', 'public 4', 'public 5', 'alice to mod', 'bob to alice'],
    );
    const mods = await page(mod, {});
    assert.ok(mods.ok && !mods.messages.some((m) => m.text === 'bob to alice'), "without `all` an admin's own view");
    for (const c of [alice, bob, mod]) c.close();
  });
});

describe('GET /emoji.json (issue 31)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('serves the picker data itself, gzipped, readable from any page and cacheable', async () => {
    const res = await fetch(`${server.url}/emoji.json`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=86400/);
    const data = (await res.json()) as Array<[string, Array<[string, string]>]>;
    const all = data.flatMap(([, list]) => list);
    assert.ok(all.length > 1500);
    assert.ok(all.some(([e, words]) => e === '😀' && words.split(' ').includes('grinning')));
    const again = await fetch(`${server.url}/emoji.json`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });
});
