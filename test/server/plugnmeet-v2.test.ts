import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { create, fromJsonString, toJsonString, type DescMessage } from '@bufbuild/protobuf';
import { KEY, SECRET, connect, pn, startServer, type Client, type TestServer } from './helpers.ts';
import { schema } from '../plugnmeet-protocol.ts';

type Reply = Record<string, any>;

/**
 * plugnmeet-sdk-js 2.2.2 as its `PlugNmeet` and `ApiTransport` behave (the package is not on the registry reachable
 * here): `POST <server>/auth<path>` with `Content-Type: application/json`, `API-KEY`, `HASH-SIGNATURE` = hex
 * HMAC-SHA256 of the body; the body `toJsonString(Req, create(Req, params))`; a 2xx reply read with
 * `fromJsonString(Res, text)` and default options (an unknown field or a wrong type throws), anything else
 * `create(Res)` with `msg` set to the reply's text.
 */
class PlugNmeetV2 {
  /** The last body sent, as the bytes went on the wire. */
  wire = '';
  constructor(private readonly serverUrl: string) {}

  async call(path: string, req: DescMessage | null, res: DescMessage, params: object = {}): Promise<Reply> {
    this.wire = req ? toJsonString(req, create(req, params as never)) : '{}';
    const response = await fetch(`${this.serverUrl}/auth${path}`, {
      method: 'POST',
      headers: {
        Accept: 'application/json, text/plain, */*',
        'Content-Type': 'application/json',
        'API-KEY': KEY,
        'HASH-SIGNATURE': createHmac('sha256', SECRET).update(this.wire).digest('hex'),
      },
      body: this.wire,
    });
    const text = await response.text();
    if (!response.ok) return create(res, { msg: text } as never) as Reply;
    return fromJsonString(res, text) as Reply;
  }

  createRoom = (p: object) => this.call('/room/create', schema('CreateRoomReq'), schema('CreateRoomRes'), p);
  getJoinToken = (p: object) =>
    this.call('/room/getJoinToken', schema('GenerateTokenReq'), schema('GenerateTokenRes'), p);
  isRoomActive = (p: object) =>
    this.call('/room/isRoomActive', schema('IsRoomActiveReq'), schema('IsRoomActiveRes'), p);
  getActiveRoomInfo = (p: object) =>
    this.call('/room/getActiveRoomInfo', schema('GetActiveRoomInfoReq'), schema('GetActiveRoomInfoRes'), p);
  getActiveRoomsInfo = () => this.call('/room/getActiveRoomsInfo', null, schema('GetActiveRoomsInfoRes'));
  endRoom = (p: object) => this.call('/room/endRoom', schema('RoomEndReq'), schema('RoomEndRes'), p);
  broadcastToRoom = (p: object) =>
    this.call('/room/broadcastToRoom', schema('BroadcastToRoomReq'), schema('CommonResponse'), p);
}

const NOTIFICATION = { INFO: 0, WARNING: 1, ERROR: 2 };
const STATUS_SUCCESS = 1;

describe('plugnmeet-sdk-js 2.x (protobuf-JSON) against the room server', () => {
  let server: TestServer;
  let sdk: PlugNmeetV2;
  const clients: Client[] = [];
  before(async () => {
    server = await startServer();
    sdk = new PlugNmeetV2(server.url);
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  const join = async (roomId: string, userId: string, name: string, isAdmin = false) => {
    const res = await sdk.getJoinToken({ roomId, userInfo: { name, userId, isAdmin } });
    assert.equal(res.status, true, res.msg);
    const client = await connect(server.url, res.token);
    clients.push(client);
    return client;
  };

  it('creates a room with camelCase fields and a 64-bit duration as a string; every reply parses strictly', async () => {
    const created = await sdk.createRoom({
      roomId: 'v2-room',
      maxParticipants: 20,
      emptyTimeout: 600,
      metadata: {
        roomTitle: 'Version two',
        welcomeMessage: 'Hello from 2.x',
        roomFeatures: {
          allowWebcams: true,
          roomDuration: '30',
          chatFeatures: { isAllow: true, isAllowFileUpload: false },
        },
        defaultLockSettings: { lockPrivateChat: false },
      },
    });
    // What went on the wire is protobuf-JSON, not the 1.x shape.
    const wire = JSON.parse(sdk.wire);
    assert.equal(wire.roomId, 'v2-room');
    assert.equal(wire.metadata.roomFeatures.roomDuration, '30');
    assert.equal(wire.metadata.roomFeatures.chatFeatures.isAllowFileUpload, undefined, 'a default is left out');
    assert.equal(created.status, true, created.msg);
    assert.equal(created.statusCode, STATUS_SUCCESS);
    assert.equal(created.roomInfo.roomId, 'v2-room');
    assert.equal(created.roomInfo.roomTitle, 'Version two');
    assert.equal(created.roomInfo.isRunning, 1);
    assert.match(created.roomInfo.sid, /^[0-9a-f-]{36}$/);
    assert.match(created.roomInfo.creationTime, /^\d{10}$/, 'int64 read as a string, as the protocol JS build has it');
    const metadata = JSON.parse(created.roomInfo.metadata);
    assert.equal(metadata.room_title, 'Version two');
    assert.equal(metadata.room_features.room_duration, 30);

    const alice = await join('v2-room', 'alice', 'Alice', true);
    assert.equal(alice.welcome.room.welcome_message, 'Hello from 2.x');
    assert.equal(alice.welcome.self.is_admin, true);

    const active = await sdk.isRoomActive({ roomId: 'v2-room' });
    assert.deepEqual([active.status, active.isActive, active.statusCode], [true, true, STATUS_SUCCESS]);
    const inactive = await sdk.isRoomActive({ roomId: 'v2-never' });
    assert.equal(inactive.isActive, false);
    assert.equal(inactive.msg, 'room is not active');

    const info = await sdk.getActiveRoomInfo({ roomId: 'v2-room' });
    assert.equal(info.status, true, info.msg);
    assert.equal(info.room.roomInfo.joinedParticipants, '1');
    assert.equal(info.room.participantsInfo.length, 1);
    const [participant] = info.room.participantsInfo;
    assert.equal(participant.identity, 'alice');
    assert.equal(participant.name, 'Alice');
    assert.equal(participant.sid, alice.welcome.self.peer_id);
    assert.equal(participant.state, 2, 'ACTIVE');
  });

  it('room settings in camelCase take effect: chat and file features, lock settings, a 64-bit file size as a string', async () => {
    const created = await sdk.createRoom({
      roomId: 'v2-settings',
      metadata: {
        roomTitle: 'Settings',
        roomFeatures: {
          chatFeatures: { isAllow: true, isAllowFileUpload: true, allowedFileTypes: ['png'], maxFileSize: '2' },
        },
        defaultLockSettings: { lockChatSendMessage: true, lockChatFileShare: true },
      },
    });
    assert.equal(created.status, true, created.msg);
    assert.equal(JSON.parse(sdk.wire).metadata.roomFeatures.chatFeatures.maxFileSize, '2');
    const guest = await join('v2-settings', 'guest', 'Guest');
    assert.deepEqual(guest.welcome.room.files, {
      enabled: true,
      locked: true,
      allowed_types: ['png'],
      max_size: 2 * 1024 * 1024,
    });
    assert.equal(guest.welcome.room.locks.lock_chat_send_message, true);
    assert.equal(guest.welcome.room.features.chat, true);
    assert.equal((await sdk.endRoom({ roomId: 'v2-settings' })).status, true);
  });

  it('getActiveRoomsInfo posts {} and lists each active room with its participants', async () => {
    const res = await sdk.getActiveRoomsInfo();
    assert.equal(sdk.wire, '{}');
    assert.equal(res.status, true, res.msg);
    const room = res.rooms.find((r: Reply) => r.roomInfo.roomId === 'v2-room');
    assert.ok(room, JSON.stringify(res.rooms.map((r: Reply) => r.roomInfo.roomId)));
    assert.deepEqual(
      room.participantsInfo.map((p: Reply) => p.identity),
      ['alice'],
    );
  });

  it('broadcastToRoom: a notification with its type by enum name and a chat message reach the widget', async () => {
    const bob = await join('v2-room', 'bob', 'Bob');
    const warned = await sdk.broadcastToRoom({
      roomId: 'v2-room',
      payload: {
        case: 'notificationMsg',
        value: { text: 'Server restarts soon', type: NOTIFICATION.WARNING, withSound: true },
      },
    });
    assert.equal(
      JSON.parse(sdk.wire).notificationMsg.type,
      'NATS_SYSTEM_NOTIFICATION_WARNING',
      'the enum goes by name',
    );
    assert.deepEqual([warned.status, warned.statusCode], [true, STATUS_SUCCESS], warned.msg);
    const notice = await bob.waitFor((m) => m.text === 'Server restarts soon');
    assert.equal(notice.kind, 'notification');
    assert.equal(notice.level, 'warning');
    assert.equal(notice.withSound, true);

    const chat = await sdk.broadcastToRoom({
      roomId: 'v2-room',
      payload: { case: 'chatMsg', value: { message: 'Hello everyone' } },
    });
    assert.equal(chat.status, true, chat.msg);
    assert.equal((await bob.waitFor((m) => m.text === 'Hello everyone')).kind, 'chat');
  });

  it('broadcastToRoom toUserId reaches that user only', async () => {
    const carol = await join('v2-room', 'carol', 'Carol');
    const dave = await join('v2-room', 'dave', 'Dave');
    const res = await sdk.broadcastToRoom({
      roomId: 'v2-room',
      toUserId: 'carol',
      payload: { case: 'chatMsg', value: { message: 'only for carol' } },
    });
    assert.equal(res.status, true, res.msg);
    await carol.waitFor((m) => m.text === 'only for carol');
    // A later broadcast to everyone arriving first at dave proves the private one was never sent to him.
    await sdk.broadcastToRoom({ roomId: 'v2-room', payload: { case: 'chatMsg', value: { message: 'for all' } } });
    await dave.waitFor((m) => m.text === 'for all');
    assert.ok(!dave.texts().includes('only for carol'));
  });

  it('a refusal comes back as the SDK reports one: status false, msg carrying the field', async () => {
    const res = await sdk.getJoinToken({ roomId: 'v2-never', userInfo: { name: 'x', userId: 'x' } });
    assert.equal(res.status, false);
    assert.match(res.msg, /room_id: room is not active/);
  });

  it('endRoom ends it for every widget', async () => {
    const erin = await join('v2-room', 'erin', 'Erin');
    const ended = new Promise((resolve) => erin.socket.once('room_ended', resolve));
    const res = await sdk.endRoom({ roomId: 'v2-room' });
    assert.deepEqual([res.status, res.statusCode], [true, STATUS_SUCCESS], res.msg);
    await ended;
    assert.equal((await sdk.isRoomActive({ roomId: 'v2-room' })).isActive, false);
    const none = await sdk.getActiveRoomsInfo();
    assert.equal(none.status, false);
    assert.equal(none.msg, 'no active room found');
    assert.deepEqual(none.rooms, []);
  });
});

describe('protobuf-JSON as plugNmeet reads it, and hostile variants', () => {
  let server: TestServer;
  let widget: Client;
  before(async () => {
    server = await startServer();
    // snake_case proto names with a 64-bit integer as a string: protobuf-JSON too, as plugNmeet's server reads it.
    const created = await pn(server.url, '/room/create', {
      room_id: 'pj-room',
      metadata: { room_title: 'PJ', room_features: { room_duration: '0' } },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const token = await pn(server.url, '/room/getJoinToken', {
      roomId: 'pj-room',
      user_info: { name: 'W', userId: 'w' },
    });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    widget = await connect(server.url, token.body.token);
  });
  after(async () => {
    widget.close();
    await server.stop();
  });

  it('replies use proto names with every field; a camelCase request gets the protocol fields only, snake_case the older ones too', async () => {
    const res = await pn(server.url, '/room/isRoomActive', { roomId: 'pj-room' });
    assert.deepEqual(res, {
      status: 200,
      body: { status: true, msg: 'room is active', status_code: 'SUCCESS', is_active: true },
    });

    const camel = await pn(server.url, '/room/getActiveRoomInfo', { roomId: 'pj-room' });
    assert.equal(camel.body.room.room_info.is_running, 1);
    assert.equal(camel.body.room.room_info.joined_participants, 1);
    assert.equal(camel.body.room.participants_info[0].state, 'ACTIVE');
    const strict = fromJsonString(schema('GetActiveRoomInfoRes'), JSON.stringify(camel.body)) as Reply;
    assert.equal(strict.room.participantsInfo[0].identity, 'w');

    // 1.4.1's types have the room flags as booleans, which a protobuf-JSON parser refuses for the protocol's int32.
    const snake = await pn(server.url, '/room/getActiveRoomInfo', { room_id: 'pj-room' });
    assert.equal(snake.body.room.room_info.is_running, true);
    assert.throws(() => fromJsonString(schema('GetActiveRoomInfoRes'), JSON.stringify(snake.body)), /is_running/);

    // The seed documents createRoom's room_info as LiveKit's room; the protocol's ActiveRoomInfo has no such fields.
    const again = { roomId: 'pj-room', metadata: { roomTitle: 'PJ' } };
    const created = await pn(server.url, '/room/create', again);
    assert.equal(created.body.msg, 'room already exists');
    assert.equal(created.body.room_info.name, undefined);
    assert.equal(
      fromJsonString(schema('CreateRoomRes'), JSON.stringify(created.body)).$typeName,
      'plugnmeet.CreateRoomRes',
    );
    const older = await pn(server.url, '/room/create', { room_id: 'pj-room', metadata: { room_title: 'PJ' } });
    assert.deepEqual(
      [older.body.room_info.name, older.body.room_info.room_id, older.body.room_info.joined_participants],
      ['pj-room', 'pj-room', 1],
    );
  });

  it('enums by number and by name, in either casing, with null as "not set"', async () => {
    for (const [body, text, level] of [
      [
        { room_id: 'pj-room', notification_msg: { text: 'n-err', type: 'NATS_SYSTEM_NOTIFICATION_ERROR' } },
        'n-err',
        'error',
      ],
      [{ roomId: 'pj-room', notificationMsg: { text: 'n-warn', type: 1 }, chatMsg: null }, 'n-warn', 'warning'],
      [{ roomId: 'pj-room', toUserId: null, notificationMsg: { text: 'n-info' } }, 'n-info', 'info'],
    ] as const) {
      const res = await pn(server.url, '/room/broadcastToRoom', body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await widget.waitFor((m) => m.text === text)).level, level);
    }
  });

  const hostile: Array<[string, string, unknown, number, string]> = [
    ['a room id of the wrong type', '/room/isRoomActive', { roomId: 5 }, 400, 'room_id: must be string'],
    [
      'an unknown enum name',
      '/room/broadcastToRoom',
      { roomId: 'pj-room', notificationMsg: { text: 'x', type: 'NATS_SYSTEM_NOTIFICATION_LOUD' } },
      400,
      'notification_msg.type: must be one of NATS_SYSTEM_NOTIFICATION_INFO, NATS_SYSTEM_NOTIFICATION_WARNING, NATS_SYSTEM_NOTIFICATION_ERROR (or its number)',
    ],
    [
      'a 64-bit integer that is not one',
      '/room/create',
      { roomId: 'pj-x', metadata: { roomTitle: 't', roomFeatures: { roomDuration: '12abc' } } },
      400,
      'metadata.room_features.room_duration: must be an integer (a number or a string of digits), got "12abc"',
    ],
    [
      'a 64-bit integer past 2^53',
      '/room/create',
      { roomId: 'pj-x', metadata: { roomTitle: 't', roomFeatures: { roomDuration: '18446744073709551615' } } },
      400,
      'metadata.room_features.room_duration: must be between 0 and 9007199254740991 (uint64)',
    ],
    [
      'a field in both casings',
      '/room/getJoinToken',
      { room_id: 'pj-room', roomId: 'other', user_info: { name: 'a', user_id: 'a' } },
      400,
      'room_id: is given twice (as room_id and roomId)',
    ],
    [
      'both payloads of the oneof',
      '/room/broadcastToRoom',
      { roomId: 'pj-room', chatMsg: { message: 'a' }, notificationMsg: { text: 'b' } },
      400,
      'notification_msg: only one of chat_msg and notification_msg may be given',
    ],
    [
      'a bool as a string',
      '/room/getJoinToken',
      { roomId: 'pj-room', userInfo: { name: 'a', userId: 'a', isAdmin: 'true' } },
      400,
      'user_info.is_admin: must be boolean',
    ],
    [
      'a missing title in camelCase',
      '/room/create',
      { roomId: 'pj-x', metadata: { roomFeatures: {} } },
      400,
      'metadata.room_title: is required',
    ],
  ];
  for (const [name, path, body, status, msg] of hostile) {
    it(`refuses ${name}, naming the field`, async () => {
      assert.deepEqual(await pn(server.url, path, body), { status, body: { status: false, msg } });
    });
  }

  it('keeps serving after all of the above, and nothing refused reached the widget', async () => {
    const res = await pn(server.url, '/room/broadcastToRoom', {
      roomId: 'pj-room',
      chatMsg: { message: 'still here' },
    });
    assert.equal(res.status, 200);
    await widget.waitFor((m) => m.text === 'still here');
    assert.deepEqual(widget.texts(), ['n-err', 'n-warn', 'n-info', 'still here']);
  });
});
