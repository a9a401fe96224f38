import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  barrier,
  connect,
  createRoom,
  joinToken,
  rc,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';

describe('RongCloud chatroom broadcast', () => {
  let server: TestServer;
  let mgmt: string;
  let r1a: Client, r1sender: Client, r2b: Client;
  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    await createRoom(server.url, 'rc-1');
    await createRoom(server.url, 'rc-2');
    r1a = await connect(server.url, await joinToken(server.url, 'rc-1', 'a'));
    r1sender = await connect(server.url, await joinToken(server.url, 'rc-1', '2191'));
    r2b = await connect(server.url, await joinToken(server.url, 'rc-2', 'b'));
  });
  after(async () => {
    for (const c of [r1a, r1sender, r2b]) c.close();
    await server.stop();
  });

  const reset = () => [r1a, r1sender, r2b].forEach((c) => (c.messages.length = 0));
  const settle = async () => {
    await barrier(server.url, 'rc-1', [r1a, r1sender], mgmt);
    await barrier(server.url, 'rc-2', [r2b], mgmt);
  };

  it('the seed example: RC:TxtMsg reaches every active room as chat, not the sender by default', async () => {
    reset();
    const res = await rc(
      server.url,
      'content=%7B%22content%22%3A%22hello%22%2C%22extra%22%3A%22helloExtra%22%7D&fromUserId=2191&objectName=RC:TxtMsg',
    );
    assert.deepEqual(res, { status: 200, body: { code: 200 } });
    await settle();
    assert.deepEqual(visible(r1a), ['hello']);
    assert.deepEqual(visible(r2b), ['hello']);
    assert.deepEqual(visible(r1sender), [], 'isIncludeSender defaults to 0');
    const msg = r1a.messages[0]!;
    assert.equal(msg.kind, 'chat');
    assert.equal(msg.seq, null, 'outside the numbered history');
    assert.deepEqual(msg.from, { user_id: '2191', name: '2191', role: null });
  });

  it('isIncludeSender=1 includes the sender; a custom objectName is a custom event', async () => {
    await sleep(1050);
    reset();
    const res = await rc(server.url, {
      fromUserId: '2191',
      objectName: 'App:Poll',
      content: '{"q":"lunch?"}',
      isIncludeSender: '1',
    });
    assert.equal(res.status, 200);
    await settle();
    for (const c of [r1a, r1sender, r2b]) assert.deepEqual(visible(c), ['{"q":"lunch?"}']);
    assert.equal(r1sender.messages[0]!.kind, 'custom');
    assert.equal(r1sender.messages[0]!.type, 'App:Poll');
  });

  it('is never part of the history a later joiner gets, nor of a resume', async () => {
    const late = await connect(server.url, await joinToken(server.url, 'rc-1', 'late'));
    assert.ok(!late.welcome.history.some((m) => m.text === 'hello'));
    const resumed = await connect(server.url, await joinToken(server.url, 'rc-1', 'a2'), { since: 0 });
    assert.ok(!resumed.welcome.history.some((m) => m.text === 'hello' || m.type === 'App:Poll'));
    late.close();
    resumed.close();
  });
});
