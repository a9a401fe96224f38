import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  KEY,
  SECRET,
  barrier,
  connect,
  createRoom,
  joinToken,
  rc,
  rcHeaders,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';

interface RongSdk {
  Message: {
    Chatroom: {
      broadcast(m: {
        senderId: string;
        objectName: string;
        content: unknown;
      }): Promise<{ code: number | string; msg?: string }>;
    };
  };
}
// rongcloud-sdk 3.1.1, unmodified: CommonJS, configured once per process (its Nonce, Timestamp and Signature too).
const RongSDK = createRequire(import.meta.url)('rongcloud-sdk') as (config: {
  appkey: string;
  secret: string;
  api: string;
}) => RongSdk;

async function roomWithClients(server: TestServer, roomId: string, users: string[]): Promise<Client[]> {
  await createRoom(server.url, roomId);
  return Promise.all(users.map(async (u) => connect(server.url, await joinToken(server.url, roomId, u))));
}

describe('rongcloud-sdk 3.1.1 with RONGCLOUD_NONCE_CHECK=off', () => {
  let server: TestServer;
  let clients: Client[];
  let sdk: RongSdk;
  before(async () => {
    server = await startServer({ RONGCLOUD_NONCE_CHECK: 'off' });
    clients = await roomWithClients(server, 'rc-sdk', ['watcher']);
    sdk = RongSDK({ appkey: KEY, secret: SECRET, api: server.url });
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  it('every call of the process works (one nonce, a timestamp in seconds), each type shown as a user expects', async () => {
    const [watcher] = clients as [Client];
    const text = await sdk.Message.Chatroom.broadcast({
      senderId: 'u-7',
      objectName: 'RC:TxtMsg',
      content: { content: 'hello', user: { id: 'u-7', name: 'Mia' } },
    });
    assert.deepEqual(text, { code: 200 });
    await sleep(1050); // RongCloud's 1 request per second
    assert.deepEqual(
      await sdk.Message.Chatroom.broadcast({
        senderId: 'sys',
        objectName: 'RC:InfoNtf',
        content: { message: 'maintenance at 6' },
      }),
      { code: 200 },
    );
    await sleep(1050);
    assert.deepEqual(
      await sdk.Message.Chatroom.broadcast({
        senderId: 'bot',
        objectName: 'RC:CmdMsg',
        content: { name: 'poll.open', data: '{"q":"lunch?"}' },
      }),
      { code: 200 },
    );
    await barrier(server.url, 'rc-sdk', [watcher], await managementToken());
    assert.deepEqual(visible(watcher), ['hello', 'maintenance at 6', '{"q":"lunch?"}']);
    const [chat, notice, command] = watcher.messages as [any, any, any];
    assert.deepEqual(chat.from, { user_id: 'u-7', name: 'Mia', role: null });
    assert.equal(notice.kind, 'chat');
    assert.equal(notice.from, null, 'an information notice is a system line');
    assert.equal(command.kind, 'custom');
    assert.equal(command.type, 'poll.open');
  });

  it('other built-in types get a clear 400; the signature is still checked', async () => {
    await sleep(1050);
    const res = await sdk.Message.Chatroom.broadcast({
      senderId: 'u',
      objectName: 'RC:ImgMsg',
      content: { content: 'base64…' },
    });
    assert.notEqual(res.code, 200);
    await sleep(1050);
    const raw = await rc(server.url, { fromUserId: 'u', objectName: 'RC:VcMsg', content: '{}' });
    assert.equal(raw.status, 400);
    assert.match(raw.body.errorMessage, /^objectName: RC:VcMsg is a RongCloud built-in type/);
    const forged = await rc(
      server.url,
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: '{"content":"x"}' },
      rcHeaders({ secret: 'wrong' }),
    );
    assert.equal(forged.status, 401);
  });
});

describe('RongCloud door by default', () => {
  let server: TestServer;
  let clients: Client[];
  before(async () => {
    server = await startServer();
    clients = await roomWithClients(server, 'rc-default', ['w']);
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  it('accepts seconds and RC- prefixed headers; refuses a replay, naming RONGCLOUD_NONCE_CHECK=off', async () => {
    const seconds = rcHeaders({ timestamp: String(Math.floor(Date.now() / 1000)) });
    const prefixed = Object.fromEntries(Object.entries(seconds).map(([k, v]) => [`RC-${k}`, v]));
    const first = await rc(
      server.url,
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: '{"content":"in seconds"}' },
      prefixed,
    );
    assert.deepEqual(first, { status: 200, body: { code: 200 } });
    await sleep(1050);
    const replay = await rc(
      server.url,
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: '{"content":"again"}' },
      seconds,
    );
    assert.equal(replay.status, 401);
    assert.match(replay.body.errorMessage, /^Nonce: was already used; RONGCLOUD_NONCE_CHECK=off/);
    await barrier(server.url, 'rc-default', clients, await managementToken());
    assert.deepEqual(visible(clients[0]!), ['in seconds']);
  });
});
