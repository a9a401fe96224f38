import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  barrier,
  connect,
  createRoom,
  hms,
  joinToken,
  rc,
  rcHeaders,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';
import { loadConfig } from '../../server/config.ts';

/** Hostile or mistaken input on the dialects' new surfaces: a clear 4xx naming the field, and the server keeps serving. */
describe('dialect input at the edges', () => {
  let server: TestServer;
  let mgmt: string;
  let watcher: Client;
  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    await createRoom(server.url, 'edge');
    watcher = await connect(server.url, await joinToken(server.url, 'edge', 'w'));
  });
  after(async () => {
    watcher.close();
    await server.stop();
  });

  it('100ms: peer reads of a missing room or peer are 404s in 100ms’s shape; peerId and peer_id must agree', async () => {
    const get = async (path: string) => {
      const res = await fetch(`${server.url}/v2/active-rooms/${path}`, {
        headers: { authorization: `Bearer ${mgmt}` },
      });
      return { status: res.status, body: await res.json() };
    };
    assert.deepEqual(await get('nope'), { status: 404, body: { code: 404, message: 'room_id: room is not active' } });
    assert.deepEqual(await get('edge/peers/%F0%9F%92%A3'), {
      status: 404,
      body: { code: 404, message: 'peer_id: peer is not in the room' },
    });
    const unauthenticated = await fetch(`${server.url}/v2/active-rooms/edge/peers`);
    assert.equal(unauthenticated.status, 401);
    const both = await hms(server.url, 'edge', { message: 'x', peer_id: 'p1', peerId: 'p2' }, mgmt);
    assert.deepEqual(both, { status: 400, body: { code: 400, message: 'peerId: names another peer than peer_id' } });
    const peer = await connect(server.url, await peerToken('edge', 'hp', 'guest'));
    const same = await hms(
      server.url,
      'edge',
      { message: 'agreed', peer_id: peer.welcome.self.peer_id, peerId: peer.welcome.self.peer_id },
      mgmt,
    );
    assert.equal(same.status, 200);
    await peer.waitFor((m) => m.text === 'agreed');
    peer.close();
  });

  it('RongCloud: malformed built-in contents are 400s naming the field; a non-string user name falls back to the id', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [
        { fromUserId: 'u', objectName: 'RC:TxtMsg', content: 'plain' },
        'content: must be JSON {"content": "..."} for RC:TxtMsg',
      ],
      [
        { fromUserId: 'u', objectName: 'RC:InfoNtf', content: '{"message":""}' },
        'content.message: must be a non-empty string',
      ],
      [
        { fromUserId: 'u', objectName: 'RC:CmdMsg', content: '{"name":"a b","data":"x"}' },
        'content.name: must be 1-64 letters, digits or ._:-',
      ],
      [
        { fromUserId: 'u', objectName: 'RC:CmdMsg', content: '[1]' },
        'content: must be JSON {"name": "...", "data": "..."} for RC:CmdMsg',
      ],
    ];
    for (const [form, message] of cases) {
      await sleep(1050);
      assert.deepEqual(await rc(server.url, form), { status: 400, body: { code: 1002, errorMessage: message } });
    }
    const badTime = await rc(
      server.url,
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: '{"content":"x"}' },
      rcHeaders({ timestamp: '1e12' }),
    );
    assert.deepEqual(badTime, {
      status: 401,
      body: { code: 1004, errorMessage: 'Timestamp: must be seconds or milliseconds since the epoch' },
    });
    await sleep(1050);
    const named = await rc(server.url, {
      fromUserId: 'u-9',
      objectName: 'RC:TxtMsg',
      content: '{"content":"still here","user":{"id":"u-9","name":7}}',
    });
    assert.equal(named.status, 200);
    await barrier(server.url, 'edge', [watcher], mgmt);
    assert.deepEqual(
      visible(watcher).filter((t) => t !== 'agreed'),
      ['still here'],
    );
    assert.deepEqual(watcher.messages.find((m) => m.text === 'still here')!.from, {
      user_id: 'u-9',
      name: 'u-9',
      role: null,
    });
  });
});

describe('dialect settings', () => {
  it('are read strictly: a wrong value stops the server at start with a message naming the variable', () => {
    assert.equal(loadConfig({}).rongCloudNonceCheck, true, 'secure by default');
    assert.equal(loadConfig({ RONGCLOUD_NONCE_CHECK: 'OFF' }).rongCloudNonceCheck, false);
    assert.throws(() => loadConfig({ RONGCLOUD_NONCE_CHECK: 'no' }), /RONGCLOUD_NONCE_CHECK must be "on" or "off"/);
    assert.throws(() => loadConfig({ HMS_WEBHOOK_URL: 'ftp://x' }), /HMS_WEBHOOK_URL must be an http\(s\) URL/);
    assert.throws(
      () => loadConfig({ HMS_WEBHOOK_HEADERS: '{"X-Secret": 1}' }),
      /HMS_WEBHOOK_HEADERS must be a JSON object/,
    );
    assert.throws(
      () => loadConfig({ HMS_WEBHOOK_HEADERS: 'X-Secret: 1' }),
      /HMS_WEBHOOK_HEADERS must be a JSON object/,
    );
    assert.deepEqual(loadConfig({ HMS_WEBHOOK_HEADERS: '{"X-Secret":"s"}' }).hmsWebhookHeaders, { 'X-Secret': 's' });
  });
});
