import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRoom, hms, pn, rc, rcHeaders, roomBody, sleep, startServer, type TestServer } from './helpers.ts';
import { managementToken } from './hms-sdk.ts';

/** Every malformed request gets a 4xx in its dialect's shape naming the field, and the server keeps serving. */
describe('malformed requests', () => {
  let server: TestServer;
  let mgmt: string;
  before(async () => {
    server = await startServer();
    mgmt = await managementToken();
    await createRoom(server.url, 'v-room');
  });
  after(() => server.stop());

  const pnCases: Array<[string, string, unknown, string]> = [
    ['create without room_id', '/room/create', { metadata: { room_title: 't' } }, 'room_id: is required'],
    ['create without metadata', '/room/create', { room_id: 'x' }, 'metadata: is required'],
    [
      'create with a numeric room_id',
      '/room/create',
      { room_id: 7, metadata: { room_title: 't' } },
      'room_id: must be string',
    ],
    [
      'create with a negative max_participants',
      '/room/create',
      { ...roomBody('x'), max_participants: -1 },
      'max_participants: must be >= 0',
    ],
    [
      'create with a string chat flag',
      '/room/create',
      roomBody('x', {}, { room_features: { chat_features: { allow_chat: 'yes' } } }),
      'metadata.room_features.chat_features.allow_chat: must be boolean',
    ],
    [
      'create with a javascript: logout_url',
      '/room/create',
      roomBody('x', {}, { logout_url: 'javascript:alert(1)' }),
      'metadata.logout_url: must be an http(s) URL',
    ],
    ['join token without user_info', '/room/getJoinToken', { room_id: 'v-room' }, 'user_info: is required'],
    [
      'join token with an empty user_id',
      '/room/getJoinToken',
      { room_id: 'v-room', user_info: { name: 'a', user_id: '' } },
      'user_info.user_id: must NOT have fewer than 1 characters',
    ],
    [
      'broadcast with neither message',
      '/room/broadcastToRoom',
      { room_id: 'v-room' },
      'chat_msg: either chat_msg or notification_msg is required',
    ],
    [
      'broadcast with an empty chat message',
      '/room/broadcastToRoom',
      { room_id: 'v-room', chat_msg: { message: '' } },
      'chat_msg.message: must NOT have fewer than 1 characters',
    ],
    [
      'broadcast with an unknown notification type',
      '/room/broadcastToRoom',
      { room_id: 'v-room', notification_msg: { text: 'x', type: 9 } },
      'notification_msg.type: must be equal to one of the allowed values',
    ],
    [
      'broadcast with only_to_admins as a string',
      '/room/broadcastToRoom',
      { room_id: 'v-room', only_to_admins: 'true', chat_msg: { message: 'x' } },
      'only_to_admins: must be boolean',
    ],
    ['a body that is an array', '/room/isRoomActive', [1, 2], 'body: must be object'],
    ['a body that is null', '/room/isRoomActive', null, 'body: must be object'],
  ];
  for (const [name, path, body, msg] of pnCases) {
    it(`plugNmeet: ${name}`, async () => {
      assert.deepEqual(await pn(server.url, path, body), { status: 400, body: { status: false, msg } });
    });
  }

  it('plugNmeet: broadcast to a room that is not active is a 404 naming room_id', async () => {
    const res = await pn(server.url, '/room/broadcastToRoom', { room_id: 'nope', chat_msg: { message: 'x' } });
    assert.deepEqual(res, { status: 404, body: { status: false, msg: 'room_id: room is not active' } });
  });

  it('plugNmeet: invalid JSON, invalid UTF-8, an empty body and a deep nesting', async () => {
    assert.deepEqual(await pn(server.url, '/room/create', null, { raw: '{"room_id":' }), {
      status: 400,
      body: { status: false, msg: 'body: is not valid JSON' },
    });
    assert.deepEqual(await pn(server.url, '/room/create', null, { raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }), {
      status: 400,
      body: { status: false, msg: 'body: is not valid UTF-8' },
    });
    assert.deepEqual(await pn(server.url, '/room/create', null, { raw: '   ' }), {
      status: 400,
      body: { status: false, msg: 'body: is empty' },
    });
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await pn(server.url, '/room/create', null, { raw: deep });
    assert.equal(res.status, 400);
    assert.match(res.body.msg, /^body: /);
  });

  it('plugNmeet: a body over 1 MiB is a 413', async () => {
    const res = await pn(server.url, '/room/broadcastToRoom', {
      room_id: 'v-room',
      chat_msg: { message: 'x'.repeat(1_100_000) },
    });
    assert.deepEqual(res, { status: 413, body: { status: false, msg: 'body: is too large' } });
  });

  it('plugNmeet: a wrong content type is a 415', async () => {
    const res = await pn(server.url, '/room/isRoomActive', null, {
      raw: 'room_id=x',
      headers: { 'content-type': 'application/xml' },
    });
    assert.equal(res.status, 415);
    assert.equal(res.body.status, false);
    assert.match(res.body.msg, /^content-type: /);
  });

  const hmsCases: Array<[string, unknown, string]> = [
    ['no message', { type: 'chat' }, 'message: is required'],
    ['an empty message', { message: '' }, 'message: must NOT have fewer than 1 characters'],
    ['a numeric message', { message: 5 }, 'message: must be string'],
    ['a type with spaces', { message: 'x', type: 'bad type' }, 'type: must match pattern "^[\\w.:-]+$"'],
    ['a role object', { message: 'x', role: { $ne: 1 } }, 'role: must be string'],
  ];
  for (const [name, body, message] of hmsCases) {
    it(`100ms: ${name}`, async () => {
      assert.deepEqual(await hms(server.url, 'v-room', body, mgmt), { status: 400, body: { code: 400, message } });
    });
  }

  it('100ms: a message over 128 KB is a 413', async () => {
    const res = await hms(server.url, 'v-room', { message: 'é'.repeat(70_000), type: 'custom_event' }, mgmt);
    assert.deepEqual(res, { status: 413, body: { code: 413, message: 'message: is larger than 128 KB' } });
  });

  const rcCases: Array<[string, Record<string, string> | string, number, string]> = [
    ['no fromUserId', { objectName: 'RC:TxtMsg', content: '{"content":"x"}' }, 400, 'fromUserId: is required'],
    [
      'a custom type starting with RC:',
      { fromUserId: 'u', objectName: 'RC:Mine', content: 'x' },
      400,
      'objectName: RC:Mine is a RongCloud built-in type these widgets do not show (they show RC:TxtMsg, RC:InfoNtf and RC:CmdMsg)',
    ],
    [
      'a custom type over 32 characters',
      { fromUserId: 'u', objectName: 'a'.repeat(33), content: 'x' },
      400,
      'objectName: is longer than 32 characters',
    ],
    [
      'TxtMsg content that is not JSON',
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: 'hello' },
      400,
      'content: must be JSON {"content": "..."} for RC:TxtMsg',
    ],
    [
      'TxtMsg JSON without content',
      { fromUserId: 'u', objectName: 'RC:TxtMsg', content: '{"extra":"x"}' },
      400,
      'content.content: must be a non-empty string',
    ],
    [
      'isIncludeSender 2',
      { fromUserId: 'u', objectName: 'App:Poll', content: 'x', isIncludeSender: '2' },
      400,
      'isIncludeSender: must be equal to one of the allowed values',
    ],
    [
      'content over 128 KB',
      { fromUserId: 'u', objectName: 'App:Big', content: 'x'.repeat(128 * 1024 + 1) },
      413,
      'content: is larger than 128 KB',
    ],
    [
      'a repeated field',
      'fromUserId=a&fromUserId=b&objectName=App:X&content=x',
      400,
      'fromUserId: is given more than once',
    ],
  ];
  for (const [name, form, status, errorMessage] of rcCases) {
    it(`RongCloud: ${name}`, async () => {
      await sleep(1050); // stay under the 1 request/s limit
      assert.deepEqual(await rc(server.url, form), {
        status,
        body: { code: status === 413 || status === 400 ? 1002 : status, errorMessage },
      });
    });
  }

  it('keeps serving a good request after all of the above', async () => {
    const res = await pn(server.url, '/room/isRoomActive', { room_id: 'v-room' });
    assert.deepEqual(res, {
      status: 200,
      body: { status: true, is_active: true, msg: 'room is active', status_code: 'SUCCESS' },
    });
  });

  it('unknown paths answer 404 in the dialect shape', async () => {
    assert.deepEqual(await pn(server.url, '/room/nothing', { room_id: 'x' }), {
      status: 404,
      body: { status: false, msg: 'path: no such plugNmeet API' },
    });
  });
});

describe('RongCloud rate limit', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  it('answers a second request within a second with 429 and code 1008, then serves again', async () => {
    const form = { fromUserId: 'u', objectName: 'App:Tick', content: 'x' };
    assert.deepEqual(await rc(server.url, form, rcHeaders()), { status: 200, body: { code: 200 } });
    assert.deepEqual(await rc(server.url, form, rcHeaders()), {
      status: 429,
      body: { code: 1008, errorMessage: 'more than 1 request per second' },
    });
    await sleep(1100);
    assert.deepEqual(await rc(server.url, form, rcHeaders()), { status: 200, body: { code: 200 } });
  });
});
