import { expect } from '@open-wc/testing';
import { chatTexts, cleanup, freshRoom, mountChat, mountNotifications, room, until } from './helpers.ts';
import { connect } from '../../src/index.ts';
import type { RoomUnreadChangeDetail } from '../../src/events/events.ts';
import type { RoomState } from '../../src/core/store/state.ts';

/** The host app of issue 13: `<room-notifications>` always on the page, the chat mounted when its panel opens. */
describe('one room store under every view', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  const say = (id: string, message: string, target: object = {}) =>
    room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message }, ...target });

  it('a chat mounted late shows the history it would have shown, private messages included', async () => {
    const id = await freshRoom({ welcome_message: 'Hello' });
    const token = await room.token(id, 'late', { name: 'Late' });
    const toasts = await mountNotifications(server, token);
    await say(id, 'one');
    await say(id, 'just for you', { to_user_id: 'late' });
    await say(id, 'not for you', { to_user_id: 'someone-else' });
    await say(id, 'two');
    const client = connect({ server, token });
    await until(() => client.store.snapshot.chat.length === 3, 'the store to hold the messages');
    client.close();
    const chat = await mountChat(server, token);
    expect(chatTexts(chat)).to.deep.equal(['Hello', 'one', 'just for you', 'two']);
    expect(chat.shadowRoot!.querySelectorAll('[part~="message-private"]')).to.have.length(1);
    expect(toasts.isConnected).to.equal(true);
  });

  it('a chat mounted again shows what it showed before and what came while it was closed', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'back', { name: 'Back' });
    await mountNotifications(server, token);
    let chat = await mountChat(server, token);
    await chat.send('mine, before');
    await say(id, 'before');
    await until(() => chatTexts(chat).includes('before'), 'the first messages');
    const failed = await chat.send('x'.repeat(2001)); // a failed message of mine stays listed, with Retry
    expect(failed).to.equal(false);
    chat.remove();
    await say(id, 'while closed 1');
    await say(id, 'while closed 2');
    chat = await mountChat(server, token);
    await until(() => chatTexts(chat).includes('while closed 2'), 'the messages from while it was closed');
    expect(chatTexts(chat)).to.deep.equal([
      'mine, before',
      'before',
      'x'.repeat(2001),
      'while closed 1',
      'while closed 2',
    ]);
    expect(chat.shadowRoot!.querySelector('[part~="message-failed"] [part="retry-button"]')).to.exist;
  });

  it('with no widget left on the page, a chat mounted again resumes: nothing lost, nothing twice', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'alone');
    let chat = await mountChat(server, token);
    await say(id, 'before');
    await until(() => chatTexts(chat).includes('before'), 'the first message');
    chat.remove();
    const client = connect({ server, token });
    client.close();
    await until(() => client.store.snapshot.connection === 'disconnected', 'the socket to close');
    await say(id, 'while away');
    await say(id, 'not mine', { to_user_id: 'someone-else' });
    chat = await mountChat(server, token);
    await say(id, 'after');
    await until(() => chatTexts(chat).includes('after'), 'the last message');
    expect(chatTexts(chat)).to.deep.equal(['before', 'while away', 'after']);
  });

  it('two chats on one page agree: messages, your own, a failure, and what the host refused', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'twin', { name: 'Twin' });
    const a = await mountChat(server, token);
    const b = await mountChat(server, token);
    const offered: string[] = [];
    const onOffer = (e: CustomEvent<{ text: string }>) => {
      offered.push(e.detail.text);
      if (e.detail.text === 'refused by the host') e.preventDefault();
    };
    document.addEventListener('room-chat-message', onOffer);
    try {
      await say(id, 'shared');
      await say(id, 'refused by the host');
      await a.send('from a');
      await b.send('x'.repeat(2001));
      await say(id, 'last');
      for (const el of [a, b]) await until(() => chatTexts(el).includes('last'), 'the last message');
      const expected = ['shared', 'from a', 'x'.repeat(2001), 'last'];
      expect(chatTexts(a)).to.deep.equal(expected);
      expect(chatTexts(b)).to.deep.equal(expected);
      for (const el of [a, b]) expect(el.shadowRoot!.querySelectorAll('[part~="message-failed"]')).to.have.length(1);
      expect(
        offered.filter((t) => t === 'refused by the host'),
        'offered once per page, not once per chat',
      ).to.have.length(1);
    } finally {
      document.removeEventListener('room-chat-message', onOffer);
    }
  });

  it('the host hears unread counts rise while the chat is closed or hidden, and go to 0 when it is read', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'reader', { name: 'Reader' });
    const toasts = await mountNotifications(server, token);
    const heard: RoomUnreadChangeDetail[] = [];
    toasts.addEventListener('room-unread-change', (e) => heard.push(e.detail));
    await say(id, 'public 1');
    await say(id, 'private 1', { to_user_id: 'reader' });
    await say(id, 'public 2');
    await until(() => heard.length === 3, 'three changes');
    expect(heard.map((d) => d.unread)).to.deep.equal([1, 2, 3]);
    expect(toasts.unread).to.deep.equal({ unread: 3, public: 2, private: 1 });

    // Mounted but hidden (a closed drawer): shown nowhere, so still unread.
    const drawer = document.createElement('div');
    drawer.hidden = true;
    document.body.append(drawer);
    const hidden = document.createElement('room-chat');
    hidden.server = server;
    hidden.token = token;
    drawer.append(hidden);
    await until(() => hidden.shadowRoot?.querySelector('.status')?.textContent === 'Connected', 'the hidden chat');
    await new Promise((r) => setTimeout(r, 300));
    expect(toasts.unread.unread).to.equal(3);

    drawer.hidden = false; // the panel opens: the chat shows the messages, which are now read
    await until(() => heard.at(-1)?.unread === 0, 'the count to go to 0');
    expect(heard.at(-1)).to.deep.equal({ unread: 0, public: 0, private: 0 });
    expect(hidden.unread.unread).to.equal(0);
    drawer.remove();

    // Your own messages never count; markRead() clears without a chat.
    const client = connect({ server, token });
    await client.send('mine');
    await say(id, 'public 3');
    // 'mine' comes before 'public 3' on the element's socket: once 'public 3' is in, both have been counted.
    const chat = () => (toasts as unknown as { room: { chat: Array<{ message?: { text: string } }> } }).room.chat;
    await until(() => chat().some((e) => e.message?.text === 'public 3'), 'public 3 at the element');
    expect(toasts.unread.unread).to.equal(1);
    toasts.markRead();
    expect(toasts.unread.unread).to.equal(0);
    expect(heard.at(-1)!.unread).to.equal(0);
    client.close();
  });

  it('headless: connect() gives the store, send and events, sharing the socket with the elements', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'host-app', { name: 'Host' });
    const chat = await mountChat(server, token);
    const client = connect({ server, token });
    const snapshots: RoomState[] = [];
    const off = client.store.subscribe((s) => snapshots.push(s));
    expect(snapshots[0]!.connection).to.equal('connected');
    expect(snapshots[0]!.self!.userId).to.equal('host-app');
    const arrived: string[] = [];
    client.on('message', (m) => arrived.push(m.text));
    const ack = await client.send('from the host app');
    expect(ack.ok).to.equal(true);
    await say(id, 'to the host app');
    await until(() => arrived.includes('to the host app'), 'the message event');
    const texts = client.store.snapshot.chat.map((e) => (e.kind === 'message' ? e.message.text : ''));
    expect(texts).to.deep.equal(['from the host app', 'to the host app']);
    await until(() => chatTexts(chat).includes('to the host app'), 'the chat');
    expect(chatTexts(chat)).to.deep.equal(texts);
    const info = await room.pn('/room/getActiveRoomInfo', { room_id: id });
    expect(info.body.room.participants_info).to.have.length(1, 'one socket for the chat and the client');
    off();
    client.close();
    chat.remove();
    await until(() => client.store.snapshot.connection === 'disconnected', 'the socket to close once nothing holds it');
  });

  it('the classic script exposes RoomWidgets.connect', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'classic');
    const frame = document.createElement('iframe');
    frame.srcdoc = '<!doctype html><script src="/dist/room-widgets.js"></script>';
    document.body.append(frame);
    type Global = { RoomWidgets?: { connect: typeof connect } };
    const win = await until(
      () =>
        (frame.contentWindow as unknown as Global | null)?.RoomWidgets && (frame.contentWindow as unknown as Global),
      'the script',
    );
    const client = win.RoomWidgets!.connect({ server, token });
    await until(() => client.store.snapshot.connection === 'connected', 'the headless client to connect');
    expect(client.store.snapshot.self!.userId).to.equal('classic');
    client.close();
    frame.remove();
  });
});
