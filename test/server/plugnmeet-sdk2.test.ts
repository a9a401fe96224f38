import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { create, fromJsonString, toJsonString, type DescMessage, type MessageInitShape, type MessageShape } from '@bufbuild/protobuf';
import {
  BroadcastToRoomReqSchema,
  GetActiveRoomInfoReqSchema,
  GetActiveRoomInfoResSchema,
  GetActiveRoomsInfoResSchema,
  IsRoomActiveReqSchema,
  IsRoomActiveResSchema,
  RoomEndReqSchema,
  RoomEndResSchema,
} from '../../server/dialects/plugnmeet/gen/plugnmeet_auth_room_pb.ts';
import { CommonResponseSchema, StatusCode } from '../../server/dialects/plugnmeet/gen/plugnmeet_common_api_pb.ts';
import { CreateRoomReqSchema, CreateRoomResSchema } from '../../server/dialects/plugnmeet/gen/plugnmeet_create_room_pb.ts';
import { GenerateTokenReqSchema, GenerateTokenResSchema } from '../../server/dialects/plugnmeet/gen/plugnmeet_gen_token_pb.ts';
import { NatsSystemNotificationTypes } from '../../server/dialects/plugnmeet/gen/plugnmeet_nats_msg_pb.ts';
import { KEY, SECRET, connect, startServer, type TestServer } from './helpers.ts';

/**
 * plugnmeet-sdk-js 2.2.2 is not on the registry here, so this is its transport as its source has it
 * (`src/ApiTransport.ts`, `src/PlugNmeet.ts`): `create(ReqSchema, params)`, `toJsonString`, HMAC-SHA256 of that
 * string in `HASH-SIGNATURE`, POST to `<server>/auth<path>`, and on a 2xx `fromJsonString(ResSchema, text)` with the
 * default options, which throw on any field the protocol lacks and on any value of the wrong type.
 */
class PlugNmeet2 {
  constructor(
    private readonly serverUrl: string,
    private readonly apiKey = KEY,
    private readonly apiSecret = SECRET,
  ) {}

  async call<Req extends DescMessage, Res extends DescMessage>(path: string, req: Req, res: Res, params: MessageInitShape<Req>): Promise<MessageShape<Res>> {
    return this.post(path, toJsonString(req, create(req, params)), res);
  }

  async post<Res extends DescMessage>(path: string, body: string, res: Res): Promise<MessageShape<Res>> {
    const signature = createHmac('sha256', this.apiSecret).update(body).digest('hex');
    const reply = await fetch(`${this.serverUrl}/auth${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'API-KEY': this.apiKey, 'HASH-SIGNATURE': signature },
      body,
    });
    const text = await reply.text();
    if (!reply.ok) return { ...create(res), msg: text } as MessageShape<Res>;
    return fromJsonString(res, text);
  }
}

describe('plugnmeet-sdk-js 2.x requests and strict replies', () => {
  let server: TestServer;
  let sdk: PlugNmeet2;
  before(async () => {
    server = await startServer();
    sdk = new PlugNmeet2(server.url);
  });
  after(() => server.stop());

  it('the strict parser really is strict: an unknown field or a wrong type throws', () => {
    assert.throws(() => fromJsonString(CommonResponseSchema, '{"status":true,"msg":"x","extra":1}'), /extra/);
    assert.throws(() => fromJsonString(CommonResponseSchema, '{"status":"true","msg":"x"}'), /status/);
  });

  it('creates a room (camelCase, defaults left out, int64 as strings) and gets a token that joins', async () => {
    const created = await sdk.call('/room/create', CreateRoomReqSchema, CreateRoomResSchema, {
      roomId: 'pn2-room',
      maxParticipants: 5,
      emptyTimeout: 600,
      metadata: {
        roomTitle: 'Two',
        welcomeMessage: 'Hi from 2.x',
        roomFeatures: { allowWebcams: true, roomDuration: '0', chatFeatures: { isAllow: true, maxFileSize: '50' } },
        defaultLockSettings: { lockPrivateChat: true },
      },
    });
    assert.equal(created.status, true, created.msg);
    assert.equal(created.statusCode, StatusCode.SUCCESS);
    assert.equal(created.roomInfo?.roomId, 'pn2-room');
    assert.equal(created.roomInfo?.roomTitle, 'Two');
    assert.match(created.roomInfo?.creationTime ?? '', /^\d+$/);

    const joined = await sdk.call('/room/getJoinToken', GenerateTokenReqSchema, GenerateTokenResSchema, {
      roomId: 'pn2-room',
      userInfo: { name: 'Ada', userId: 'ada', isAdmin: true },
    });
    assert.equal(joined.status, true, joined.msg);
    const ada = await connect(server.url, joined.token!);
    assert.equal(ada.welcome.room.welcome_message, 'Hi from 2.x');
    assert.equal(ada.welcome.room.locks.lock_private_chat, true);
    assert.equal(ada.welcome.self.is_admin, true);

    const active = await sdk.call('/room/isRoomActive', IsRoomActiveReqSchema, IsRoomActiveResSchema, { roomId: 'pn2-room' });
    assert.equal(active.isActive, true);

    const info = await sdk.call('/room/getActiveRoomInfo', GetActiveRoomInfoReqSchema, GetActiveRoomInfoResSchema, { roomId: 'pn2-room' });
    assert.equal(info.room?.roomInfo?.joinedParticipants, '1');
    assert.equal(info.room?.participantsInfo[0]?.identity, 'ada');
    assert.equal(info.room?.participantsInfo[0]?.name, 'Ada');

    const all = await sdk.post('/room/getActiveRoomsInfo', '{}', GetActiveRoomsInfoResSchema);
    assert.equal(all.status, true);
    assert.deepEqual(all.rooms.map((r) => r.roomInfo?.roomId), ['pn2-room']);
    ada.close();
  });

  it('broadcasts with enums by name (as toJsonString writes them) and by number; targets as the seed says', async () => {
    const admin = await connect(server.url, (await sdk.call('/room/getJoinToken', GenerateTokenReqSchema, GenerateTokenResSchema, { roomId: 'pn2-room', userInfo: { name: 'A', userId: 'adm', isAdmin: true } })).token!);
    const guest = await connect(server.url, (await sdk.call('/room/getJoinToken', GenerateTokenReqSchema, GenerateTokenResSchema, { roomId: 'pn2-room', userInfo: { name: 'G', userId: 'guest' } })).token!);

    const warn = create(BroadcastToRoomReqSchema, {
      roomId: 'pn2-room',
      onlyToAdmins: true,
      payload: { case: 'notificationMsg', value: { text: 'admins only', type: NatsSystemNotificationTypes.NATS_SYSTEM_NOTIFICATION_WARNING, withSound: true } },
    });
    const body = toJsonString(BroadcastToRoomReqSchema, warn);
    assert.match(body, /"type":"NATS_SYSTEM_NOTIFICATION_WARNING"/, 'the SDK sends the enum by name');
    assert.match(body, /"onlyToAdmins":true/, 'in camelCase');
    const sent = await sdk.post('/room/broadcastToRoom', body, CommonResponseSchema);
    assert.equal(sent.status, true, sent.msg);
    const got = await admin.waitFor((m) => m.text === 'admins only');
    assert.equal(got.kind, 'notification');
    assert.equal(got.level, 'warning');
    assert.equal(got.withSound, true);

    const chat = await sdk.call('/room/broadcastToRoom', BroadcastToRoomReqSchema, CommonResponseSchema, {
      roomId: 'pn2-room',
      toUserId: 'guest',
      payload: { case: 'chatMsg', value: { message: 'for the guest' } },
    });
    assert.equal(chat.status, true);
    assert.equal((await guest.waitFor((m) => m.text === 'for the guest')).private, true);
    // An enum by number, snake_case, as older backends write it.
    const byNumber = await sdk.post('/room/broadcastToRoom', JSON.stringify({ room_id: 'pn2-room', notification_msg: { text: 'err', type: 2 } }), CommonResponseSchema);
    assert.equal(byNumber.status, true);
    assert.equal((await guest.waitFor((m) => m.text === 'err')).level, 'error');
    assert.ok(!admin.texts().includes('for the guest'), 'a message for one user reaches no one else');
    assert.ok(!guest.texts().includes('admins only'));
    admin.close();
    guest.close();
  });

  it('a refusal is plugNmeet-shaped; endRoom ends it', async () => {
    const missing = await sdk.call('/room/getJoinToken', GenerateTokenReqSchema, GenerateTokenResSchema, { roomId: 'nope', userInfo: { name: 'x', userId: 'x' } });
    assert.equal(missing.status, false);
    assert.deepEqual(JSON.parse(missing.msg), { status: false, msg: 'room_id: room is not active' });
    const ended = await sdk.call('/room/endRoom', RoomEndReqSchema, RoomEndResSchema, { roomId: 'pn2-room' });
    assert.equal(ended.status, true);
    const after = await sdk.call('/room/isRoomActive', IsRoomActiveReqSchema, IsRoomActiveResSchema, { roomId: 'pn2-room' });
    assert.equal(after.isActive, false);
    const none = await sdk.post('/room/getActiveRoomsInfo', '{}', GetActiveRoomsInfoResSchema);
    assert.deepEqual(none.rooms, []);
  });

  it('a form-encoded body is refused with 415, whatever its signature', async () => {
    const body = 'room_id=pn2-room';
    const res = await fetch(`${server.url}/auth/room/isRoomActive`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'API-KEY': KEY, 'HASH-SIGNATURE': createHmac('sha256', SECRET).update(body).digest('hex') },
      body,
    });
    assert.equal(res.status, 415);
    assert.deepEqual(await res.json(), { status: false, msg: 'content-type: must be application/json' });
  });
});
