import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { audience } from '../../server/core/targets.ts';
import { connect, createRoom, joinToken, pn, sleep, startServer, type Client, type TestServer } from './helpers.ts';

/** Messages published in one event-loop turn leave together at its end (server/realtime/tick-delivery.ts). */
describe('delivery at the end of the turn', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  const publish = (room: string, text: string, to = audience.everyone()) =>
    server.app.service.publish({ room_id: room, kind: 'chat', from: null, private: false, text }, to, {
      persist: true,
    });

  async function waitForCount(client: Client, n: number): Promise<void> {
    for (let i = 0; i < 300 && client.messages.length < n; i++) await sleep(10);
  }

  it('keeps publish order for each recipient, across audiences and concurrent API calls', async () => {
    await createRoom(server.url, 'order');
    const ada = await connect(server.url, await joinToken(server.url, 'order', 'ada'));
    const bob = await connect(server.url, await joinToken(server.url, 'order', 'bob'));
    // One turn: room-wide and private messages interleaved.
    const sent = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 2 ? publish('order', `ada-only-${i}`, audience.of({ userIds: ['ada'] })) : publish('order', `all-${i}`),
    );
    await Promise.all(sent);
    // Then many API calls in flight at once, as a backend sends them.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pn(server.url, '/room/broadcastToRoom', { room_id: 'order', chat_msg: { message: `api-${i}` } }),
      ),
    );
    await waitForCount(ada, 50);
    await waitForCount(bob, 40);
    const bySeq = (c: Client) => c.messages.map((m) => m.seq!);
    assert.equal(ada.messages.length, 50);
    assert.equal(bob.messages.length, 40);
    assert.deepEqual(
      bySeq(ada),
      [...bySeq(ada)].sort((a, b) => a - b),
      'ada receives in sequence order',
    );
    assert.deepEqual(
      bySeq(bob),
      [...bySeq(bob)].sort((a, b) => a - b),
      'bob receives in sequence order',
    );
    assert.ok(!bob.texts().some((t) => t.startsWith('ada-only')), 'a private message reaches only its target');
    ada.close();
    bob.close();
  });

  it('delivers what was published before a room ends ahead of room_ended', async () => {
    await createRoom(server.url, 'ending');
    const cy = await connect(server.url, await joinToken(server.url, 'ending', 'cy'));
    const ended = new Promise<number>((resolve) => cy.socket.once('room_ended', () => resolve(cy.messages.length)));
    // The end is called in the same turn, while both messages still wait for the end of it.
    await Promise.all([publish('ending', 'last-words-1'), publish('ending', 'last-words-2')]);
    assert.equal(await server.app.service.end('ending'), true);
    assert.equal(await ended, 2, 'both messages arrived before room_ended');
    assert.deepEqual(cy.texts(), ['last-words-1', 'last-words-2']);
    cy.close();
  });
});
