import { expect } from '@open-wc/testing';
import { io } from 'socket.io-client';
import { chatTexts, cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Deleting, as the server does it (issue 15's server half): a message deleted by its author becomes a tombstone in
 * a widget that already showed it and in one that joins later, with no text left in the DOM.
 */
describe('<room-chat> and deleted messages', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  it('a deleted message becomes "Message deleted" in an open chat and in a late one, its text gone', async () => {
    const id = await freshRoom();
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    const alice = io(server, {
      auth: { token: await room.token(id, 'alice', { name: 'Alice' }) },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      await new Promise((resolve) => alice.once('welcome', resolve));
      const sent = await alice.timeout(5000).emitWithAck('chat_send', { text: 'regrettable words' });
      await until(() => chatTexts(bob).includes('regrettable words'), 'the message at bob');
      const deleted = await alice.timeout(5000).emitWithAck('chat_delete', { message_id: sent.message.id });
      expect(deleted.ok).to.equal(true);
      const tombstone = await until(
        () => bob.shadowRoot!.querySelector('[part~="message-deleted"]'),
        'the tombstone at bob',
      );
      expect(tombstone.textContent).to.equal('Message deleted');
      expect(bob.shadowRoot!.innerHTML).not.to.contain('regrettable');
      const late = await mountChat(server, await room.token(id, 'carol', { name: 'Carol' }));
      await until(() => late.shadowRoot!.querySelector('[part~="message-deleted"]'), 'the tombstone at a late joiner');
      expect(late.shadowRoot!.innerHTML).not.to.contain('regrettable');
    } finally {
      alice.disconnect();
    }
  });
});
