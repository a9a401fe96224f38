import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { PlugNmeet as PlugNmeetClass } from 'plugnmeet-sdk-js';
import { KEY, SECRET, connect, hms, startServer, type TestServer } from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';

// The SDK's CommonJS build defines its export through a getter Node's ESM loader cannot see.
const { PlugNmeet } = createRequire(import.meta.url)('plugnmeet-sdk-js') as { PlugNmeet: typeof PlugNmeetClass };

describe('plugnmeet-sdk-js 1.4.1, unmodified, against the room server', () => {
  let server: TestServer;
  let sdk: PlugNmeetClass;
  before(async () => {
    server = await startServer();
    sdk = new PlugNmeet(server.url, KEY, SECRET);
  });
  after(() => server.stop());

  it('creates a room, gets join tokens, checks, inspects and ends it', async () => {
    const created = await sdk.createRoom({
      room_id: 'sdk-room',
      max_participants: 10,
      empty_timeout: 600,
      metadata: {
        room_title: 'SDK room',
        welcome_message: 'Welcome to room',
        room_features: {
          allow_webcams: true,
          mute_on_start: false,
          allow_screen_share: true,
          allow_rtmp: false,
          admin_only_webcams: false,
          allow_view_other_webcams: true,
          allow_view_other_users_list: true,
          room_duration: 0,
          enable_analytics: false,
          allow_virtual_bg: true,
          allow_raise_hand: true,
          recording_features: {
            is_allow: false,
            is_allow_cloud: false,
            is_allow_local: false,
            enable_auto_cloud_recording: false,
          },
          chat_features: { allow_chat: true, allow_file_upload: false, allowed_file_types: [], max_file_size: 0 },
        },
        default_lock_settings: { lock_chat: false },
      },
    });
    assert.equal(created.status, true, created.msg);
    // The seed's (LiveKit room) fields besides 1.4.1's own ActiveRoomInfo type: read them as sent.
    const info = created.room_info as typeof created.room_info & {
      name: string;
      max_participants: number;
      empty_timeout: number;
    };
    assert.equal(info.name, 'sdk-room');
    assert.equal(info.max_participants, 10);
    assert.equal(info.empty_timeout, 600);
    assert.equal(info.room_id, 'sdk-room');
    assert.equal(info.room_title, 'SDK room');
    assert.equal(info.is_running, true);
    assert.match(info.sid, /^[0-9a-f-]{36}$/);
    assert.equal(JSON.parse(info.metadata).room_title, 'SDK room');

    const joined = await sdk.getJoinToken({
      room_id: 'sdk-room',
      user_info: { name: 'Alice', user_id: 'alice', is_admin: true, is_hidden: false },
    });
    assert.equal(joined.status, true, joined.msg);
    const [, payloadPart] = joined.token!.split('.');
    const claims = JSON.parse(Buffer.from(payloadPart!, 'base64url').toString());
    assert.equal(claims.iss, KEY);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.room_id, 'sdk-room');
    assert.equal(claims.is_admin, true);
    assert.equal(typeof claims.exp, 'number');

    const alice = await connect(server.url, joined.token!);
    assert.equal(alice.welcome.room.welcome_message, 'Welcome to room');

    const active = await sdk.isRoomActive({ room_id: 'sdk-room' });
    assert.equal(active.status, true);
    assert.equal(active.is_active, true);

    const roomInfo = await sdk.getActiveRoomInfo({ room_id: 'sdk-room' });
    assert.equal(roomInfo.status, true);
    assert.equal(roomInfo.room?.room_info.joined_participants, 1);
    assert.equal(roomInfo.room?.room_info.is_running, true);
    assert.equal(roomInfo.room?.participants_info[0]?.identity, 'alice');
    assert.equal(roomInfo.room?.participants_info[0]?.name, 'Alice');

    const rooms = await sdk.getActiveRoomsInfo();
    assert.equal(rooms.status, true, rooms.msg);
    assert.deepEqual(
      rooms.rooms?.map((r) => [r.room_info.room_id, r.participants_info.map((p) => p.identity)]),
      [['sdk-room', ['alice']]],
    );

    const ended = new Promise((resolve) => alice.socket.once('room_ended', resolve));
    const end = await sdk.endRoom({ room_id: 'sdk-room' });
    assert.equal(end.status, true);
    assert.deepEqual(await ended, { logout_url: null });
    const after = await sdk.isRoomActive({ room_id: 'sdk-room' });
    assert.equal(after.is_active, false);
    alice.close();
  });

  it('reports a room that is not active', async () => {
    const res = await sdk.getJoinToken({
      room_id: 'never-made',
      user_info: { name: 'x', user_id: 'x', is_admin: false, is_hidden: false },
    });
    assert.equal(res.status, false);
    assert.equal(res.msg, 'room_id: room is not active');
  });
});

describe('@100mslive/server-sdk 0.3.0 tokens', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  it('an app token joins (creating the room as 100ms does) and a management token sends', async () => {
    const peer = await connect(server.url, await peerToken('hms-room', 'u-1', 'guest'));
    assert.equal(peer.welcome.self.user_id, 'u-1');
    assert.equal(peer.welcome.self.role, 'guest');
    const res = await hms(server.url, 'hms-room', { message: 'hello' }, await managementToken());
    assert.deepEqual(res, { status: 200, body: { message: 'message sent' } });
    const got = await peer.waitFor((m) => m.text === 'hello');
    assert.equal(got.kind, 'chat');
    peer.close();
  });
});
