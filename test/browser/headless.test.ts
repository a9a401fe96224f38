import { expect } from '@open-wc/testing';
import { connect, type RoomClient } from '../../src/core/client.ts';
import { notificationCentre } from '../../src/core/notification-centre.ts';
import type { RoomMentionDetail } from '../../src/events/events.ts';
import { cleanup, freshRoom, mountNotifications, room, until } from './helpers.ts';

/**
 * The page-wide concerns with no chat on the page: host events owned by the room (src/core/host-events.ts), the
 * notification centre fed by the store, and the headless client's file transfer.
 */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function joined(server: string, token: string): Promise<RoomClient> {
  const client = connect({ server, token });
  await until(() => client.store.snapshot.connection === 'connected', 'the headless client to join', 10_000);
  return client;
}

describe('headless hosts and pages without a chat', () => {
  let server: string;
  const held: RoomClient[] = [];
  before(async () => (server = await room.url()));
  afterEach(() => {
    cleanup();
    for (const c of held.splice(0)) c.close();
  });

  it('with only <room-notifications> on the page, a mention reaches a document listener as room-mention exactly once', async () => {
    const id = await freshRoom();
    const heard: RoomMentionDetail[] = [];
    const onMention = (e: CustomEvent<RoomMentionDetail>) => heard.push(e.detail);
    document.addEventListener('room-mention', onMention);
    try {
      const el = await mountNotifications(server, await room.token(id, 'bob', { name: 'Bob' }));
      const fromElement: string[] = [];
      el.addEventListener('room-mention', (e) => fromElement.push(e.detail.id));
      const alice = await joined(server, await room.token(id, 'alice', { name: 'Alice' }));
      held.push(alice);
      await until(() => alice.store.snapshot.participants.some((p) => p.userId === 'bob'), 'bob present at alice');
      const ack = await alice.send('hey @Bob, look');
      expect(ack.ok).to.equal(true);
      await until(() => heard.length === 1, 'the room-mention event');
      await pause(300);
      expect(heard).to.have.length(1);
      expect(heard[0]).to.include({ text: 'hey @Bob, look', mentions: 1 });
      expect(heard[0]!.from?.userId).to.equal('alice');
      expect(fromElement, 'dispatched from the mounted widget of the room').to.deep.equal([heard[0]!.id]);
    } finally {
      document.removeEventListener('room-mention', onMention);
    }
  });

  it('a page with no widget lists a broadcastToRoom notification in notificationCentre(connect().store)', async () => {
    const id = await freshRoom();
    const client = await joined(server, await room.token(id, 'solo'));
    held.push(client);
    const centre = notificationCentre(client.store);
    expect(centre.snapshot.entries).to.deep.equal([]);
    const res = await room.pn('/room/broadcastToRoom', {
      room_id: id,
      notification_msg: { text: 'the room closes soon', type: 1 },
    });
    expect(res.status).to.equal(200);
    await until(() => centre.snapshot.entries.length === 1, 'the notification listed');
    expect(centre.snapshot.entries[0]).to.include({
      level: 'warning',
      text: 'the room closes soon',
      read: false,
      missed: false,
    });
    expect(centre.snapshot.unread).to.equal(1);
    expect(document.querySelector('room-chat, room-notifications')).to.equal(null);
  });

  it('the headless client sends a file, another participant receives it and fetches it through a signed link', async () => {
    const id = await freshRoom({ room_features: { chat_features: { allow_chat: true, allow_file_upload: true } } });
    const alice = await joined(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await joined(server, await room.token(id, 'bob', { name: 'Bob' }));
    held.push(alice, bob);
    const progress: number[] = [];
    const sent = await alice.sendFile(new File(['hello from nobody’s chat'], 'notes.txt', { type: 'text/plain' }), {
      onProgress: (loaded) => progress.push(loaded),
    });
    expect(sent.kind).to.equal('file');
    expect(sent.file!.name).to.equal('notes.txt');
    expect(progress.length).to.be.greaterThan(0);
    const received = await until(() => bob.store.message(sent.id), 'the file message at bob', 8000);
    expect(received.file!.id).to.equal(sent.file!.id);
    const link = await bob.fileLink(received.file!);
    expect(link.expiresAt).to.be.greaterThan(Date.now());
    expect(await bob.fileLink(received.file!), 'one link per file while it is fresh').to.equal(link);
    expect(await (await fetch(link.url)).text()).to.equal('hello from nobody’s chat');

    // Cancelled through its signal: rejects with upload_cancelled and shares nothing.
    const abort = new AbortController();
    abort.abort();
    const error = await alice.sendFile(new File(['x'], 'x.txt'), { signal: abort.signal }).then(
      () => null,
      (e: { code: string }) => e,
    );
    expect(error?.code).to.equal('upload_cancelled');
  });
});
