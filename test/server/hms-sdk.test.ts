import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import HMS from '@100mslive/server-sdk';
import { KEY, SECRET, barrier, connect, startServer, visible, type TestServer } from './helpers.ts';
import { managementToken, peerToken } from './hms-sdk.ts';

/**
 * `@100mslive/server-sdk` 0.3.0, unmodified. Its base URL is fixed (`https://api.100ms.live/v2`) with no option to
 * change it, so the one thing set from outside is its axios instance's `baseURL`, as a proxy in front of it would.
 */
function sdkAt(url: string): HMS.SDK {
  const sdk = new HMS.SDK(KEY, SECRET);
  sdk.setLogLevel('error');
  (sdk as unknown as { api: { axios: { defaults: { baseURL: string } } } }).api.axios.defaults.baseURL = `${url}/v2`;
  return sdk;
}

describe('@100mslive/server-sdk 0.3.0 active rooms, against the room server', () => {
  let server: TestServer;
  let sdk: HMS.SDK;
  before(async () => {
    server = await startServer();
    sdk = sdkAt(server.url);
  });
  after(() => server.stop());

  it('retrieve, retrieveActivePeers and retrievePeerDetails answer in 100ms shapes', async () => {
    const host = await connect(server.url, await peerToken('hms-a', 'host-1', 'host'));
    const guest = await connect(server.url, await peerToken('hms-a', 'guest-1', 'guest'));
    const room = await sdk.activeRooms.retrieve('hms-a');
    assert.equal(room.id, 'hms-a');
    assert.ok(!Number.isNaN(Date.parse(String(room.session.created_at))), 'an ISO time, as 100ms sends it');
    assert.deepEqual([...room.session.peers].sort(), [host.welcome.self.peer_id, guest.welcome.self.peer_id].sort());

    const peers = await sdk.activeRooms.retrieveActivePeers('hms-a');
    const mine = peers[guest.welcome.self.peer_id]!;
    assert.equal(mine.user_id, 'guest-1');
    assert.equal(mine.role, 'guest');
    assert.ok(!Number.isNaN(Date.parse(String(mine.joined_at))));

    const details = await sdk.activeRooms.retrievePeerDetails('hms-a', host.welcome.self.peer_id);
    assert.equal(details.user_id, 'host-1');
    assert.ok(
      details.joined_at instanceof Date && !Number.isNaN(details.joined_at.getTime()),
      'the SDK turns a top-level *_at into a Date',
    );
    assert.deepEqual(details.tracks, {});
    await assert.rejects(sdk.activeRooms.retrievePeerDetails('hms-a', 'no-such-peer'), { code: 404 });
    await assert.rejects(sdk.activeRooms.retrieve('not-active'), { code: 404 });
    host.close();
    guest.close();
  });

  it('sendMessage({ peerId }) reaches that peer only; { role } that role; neither everyone', async () => {
    const a = await connect(server.url, await peerToken('hms-b', 'a', 'guest'));
    const b = await connect(server.url, await peerToken('hms-b', 'b', 'guest'));
    const h = await connect(server.url, await peerToken('hms-b', 'h', 'host'));
    await sdk.activeRooms.sendMessage('hms-b', {
      peerId: b.welcome.self.peer_id,
      message: 'your bet: 40',
      type: 'custom_event',
    });
    await sdk.activeRooms.sendMessage('hms-b', { role: 'host', message: 'hosts only' });
    await sdk.activeRooms.sendMessage('hms-b', { message: 'showdown', type: 'custom_event' });
    await barrier(server.url, 'hms-b', [a, b, h], await managementToken());
    assert.deepEqual(visible(a), ['showdown']);
    assert.deepEqual(visible(b), ['your bet: 40', 'showdown']);
    assert.deepEqual(visible(h), ['hosts only', 'showdown']);
    assert.equal(b.messages[0]!.private, true);
    assert.equal(b.messages[0]!.type, 'custom_event');
    for (const c of [a, b, h]) c.close();
  });
});
