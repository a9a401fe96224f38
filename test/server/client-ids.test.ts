import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatSendAck, RoomMessage } from '../../src/core/protocol.ts';
import { startCuttingProxy, type CuttingProxy } from '../cutting-proxy.ts';
import { startRedis } from '../redis-process.js';
import { ResumingClient } from '../resuming-client.ts';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { apiClient } from '../api-client.js';
import { connect, createRoom, joinToken, pn, sleep, startServer, type Client, type TestServer } from './helpers.ts';

/**
 * Exactly-once writes from widgets (docs/protocol.md "Client ids"): an acknowledgement lost in flight, the automatic
 * retry after the reconnect and a `retry()` by hand all carry the same client id, and every participant, the history a
 * late joiner gets and the webhooks see the write once.
 */
const cid = () => `c-${crypto.randomUUID()}`;

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(10);
  }
}

const emit = (client: ResumingClient | Client, event: string, request: unknown) =>
  (client.socket.timeout(3000) as unknown as { emitWithAck(e: string, r: unknown): Promise<ChatSendAck> }).emitWithAck(
    event,
    request,
  );

/**
 * Alice writes through the proxy; the server's answers stop reaching her the moment she writes, her connection is cut,
 * and she resumes (as the widget does) and sends the same write again twice. Returns the three answers.
 */
async function lostAck(
  proxy: CuttingProxy,
  alice: ResumingClient,
  event: string,
  request: unknown,
  seen: () => boolean,
) {
  proxy.silence();
  const first = emit(alice, event, request).catch((error: Error) => error);
  await until(seen, 'the first attempt reached the others');
  proxy.cut();
  assert.ok((await first) instanceof Error, 'the first acknowledgement was lost');
  await alice.welcomed(alice.welcomes.length + 1);
  const automatic = await emit(alice, event, request);
  const byHand = await emit(alice, event, request);
  return { automatic, byHand };
}

describe('client ids: each widget write once, whatever the network does', () => {
  let server: TestServer;
  let proxy: CuttingProxy;
  let hooks: Server;
  const received: Array<{ event: string }> = [];

  before(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req
        .on('data', (c) => (body += c))
        .on('end', () => {
          received.push(JSON.parse(body));
          res.end();
        });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    server = await startServer();
    proxy = await startCuttingProxy(Number(new URL(server.url).port));
    const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/`;
    await createRoom(server.url, 'once', {}, { webhook_url: hookUrl });
  });

  after(async () => {
    await proxy.close();
    await server.stop();
    hooks.closeAllConnections();
    hooks.close();
  });

  it('a chat message whose acknowledgement was lost appears once for everyone, in history and on retries', async () => {
    const alice = new ResumingClient(proxy.url, await joinToken(server.url, 'once', 'alice'));
    await alice.welcomed();
    const bob = await connect(server.url, await joinToken(server.url, 'once', 'bob'));
    const request = { text: 'sent once', client_id: cid() };
    const { automatic, byHand } = await lostAck(proxy, alice, 'chat_send', request, () =>
      bob.messages.some((m) => m.text === 'sent once'),
    );
    const [original] = bob.messages.filter((m) => m.text === 'sent once');
    assert.ok(automatic.ok && byHand.ok, 'both retries are answered as sent');
    assert.equal(automatic.message.id, original!.id, 'the retry after the reconnect gets the first message');
    assert.equal(byHand.message.id, original!.id, 'retry() gets it too');
    assert.equal(original!.client_id, request.client_id, 'the message carries the writer’s client id');
    // The resume brought Alice her own message once; nobody else got a second copy.
    await sleep(200);
    assert.equal(alice.shown.filter((m) => m.text === 'sent once').length, 1);
    assert.equal(bob.messages.filter((m) => m.text === 'sent once').length, 1);
    const carol = await connect(server.url, await joinToken(server.url, 'once', 'carol'));
    assert.equal(carol.welcome.history.filter((m) => m.text === 'sent once').length, 1, 'a late joiner sees it once');
    for (const c of [alice, bob, carol]) c.close();
  });

  it('a deletion retried with its client id tombstones once and sends one webhook', async () => {
    const alice = new ResumingClient(proxy.url, await joinToken(server.url, 'once', 'alice'));
    await alice.welcomed();
    const bob = await connect(server.url, await joinToken(server.url, 'once', 'bob'));
    const sent = await emit(alice, 'chat_send', { text: 'take it back', client_id: cid() });
    assert.ok(sent.ok);
    const hooksBefore = received.filter((e) => e.event === 'chat_message_deleted').length;
    const request = { message_id: sent.message.id, client_id: cid() };
    const isDeletion = (m: RoomMessage) => m.kind === 'message_deleted' && m.deletion?.message_id === sent.message.id;
    const { automatic, byHand } = await lostAck(proxy, alice, 'chat_delete', request, () =>
      bob.messages.some(isDeletion),
    );
    assert.ok(automatic.ok && byHand.ok, 'the retries are answered with the deletion, not "message not found"');
    assert.equal(automatic.message.id, byHand.message.id);
    await sleep(300);
    assert.equal(bob.messages.filter(isDeletion).length, 1);
    assert.equal(received.filter((e) => e.event === 'chat_message_deleted').length, hooksBefore + 1, 'one webhook');
    for (const c of [alice, bob]) c.close();
  });

  it('a reaction retried with its client id is toggled once, not on and off again', async () => {
    const alice = new ResumingClient(proxy.url, await joinToken(server.url, 'once', 'alice'));
    await alice.welcomed();
    const bob = await connect(server.url, await joinToken(server.url, 'once', 'bob'));
    const sent = await emit(bob, 'chat_send', { text: 'react to me' });
    assert.ok(sent.ok);
    const request = { message_id: sent.message.id, emoji: '🎉', client_id: cid() };
    const isReaction = (m: RoomMessage) => m.kind === 'reaction' && m.reaction?.message_id === sent.message.id;
    const { automatic, byHand } = await lostAck(proxy, alice, 'chat_react', request, () =>
      bob.messages.some(isReaction),
    );
    assert.ok(automatic.ok && byHand.ok);
    assert.equal(automatic.message.reaction?.on, true, 'still on');
    await sleep(300);
    assert.deepEqual(
      bob.messages.filter(isReaction).map((m) => m.reaction?.on),
      [true],
    );
    const carol = await connect(server.url, await joinToken(server.url, 'once', 'carol'));
    const reacted = carol.welcome.history.find((m) => m.id === sent.message.id);
    assert.deepEqual(
      reacted?.reactions?.map((r) => [r.emoji, r.count]),
      [['🎉', 1]],
    );
    for (const c of [alice, bob, carol]) c.close();
  });

  it('an id used for another write is refused; a refused write can be tried again with its id', async () => {
    const alice = await connect(server.url, await joinToken(server.url, 'once', 'alice'));
    const id = cid();
    assert.ok((await emit(alice, 'chat_send', { text: 'first', client_id: id })).ok);
    const reused = await emit(alice, 'chat_send', { text: 'something else', client_id: id });
    assert.equal(!reused.ok && reused.code, 'message_invalid');
    const bad = await emit(alice, 'chat_send', { text: 'x', client_id: 'no spaces allowed here' });
    assert.equal(!bad.ok && bad.code, 'message_invalid');
    // Another user's id space is their own: the same id is a new write for Bob.
    const bob = await connect(server.url, await joinToken(server.url, 'once', 'bob'));
    const bobs = await emit(bob, 'chat_send', { text: 'first', client_id: id });
    assert.ok(bobs.ok);
    // Locked: refused, and the id is free again once it is unlocked.
    await createRoom(server.url, 'locked-once', {}, { default_lock_settings: { lock_chat: true } });
    const carol = await connect(server.url, await joinToken(server.url, 'locked-once', 'carol'));
    const retryId = cid();
    const refused = await emit(carol, 'chat_send', { text: 'let me in', client_id: retryId });
    assert.equal(!refused.ok && refused.code, 'chat_locked');
    await pn(server.url, '/room/endRoom', { room_id: 'locked-once' });
    await createRoom(server.url, 'locked-once');
    const again = await connect(server.url, await joinToken(server.url, 'locked-once', 'carol'));
    assert.ok((await emit(again, 'chat_send', { text: 'let me in', client_id: retryId })).ok);
    for (const c of [alice, bob, carol, again]) c.close();
  });
});

describe('client ids across three processes behind Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Array<Awaited<ReturnType<typeof startRoomServer>>>;
  let proxy: CuttingProxy;

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all([0, 1, 2].map(() => startRoomServer({ REDIS_URL: redis.url })));
    proxy = await startCuttingProxy(procs[0]!.port);
  });

  after(async () => {
    await proxy.close();
    await Promise.all(procs.map((p) => p.stop()));
    await redis.stop();
  });

  it('the retry lands on another process and gets the first message', async () => {
    const api = apiClient(procs[1]!.url, TEST_KEY, TEST_SECRET);
    await api.createRoom('spread');
    const alice = new ResumingClient(proxy.url, await api.joinToken('spread', 'alice'));
    await alice.welcomed();
    const bob = await connect(procs[2]!.url, await api.joinToken('spread', 'bob'));
    const request = { text: 'across processes', client_id: cid() };
    proxy.silence();
    const first = emit(alice, 'chat_send', request).catch((error: Error) => error);
    await until(() => bob.messages.some((m) => m.text === request.text), 'bob got it');
    // Alice comes back through the balancer to another process.
    proxy.retarget(procs[1]!.port);
    proxy.cut();
    assert.ok((await first) instanceof Error);
    await alice.welcomed(2);
    const retried = await emit(alice, 'chat_send', request);
    const [original] = bob.messages.filter((m) => m.text === request.text);
    assert.ok(retried.ok);
    assert.equal(retried.message.id, original!.id);
    await sleep(300);
    assert.equal(bob.messages.filter((m) => m.text === request.text).length, 1);
    const carol = await connect(procs[2]!.url, await api.joinToken('spread', 'carol'));
    assert.equal(carol.welcome.history.filter((m) => m.text === request.text).length, 1);
    for (const c of [alice, bob, carol]) c.close();
  });
});
