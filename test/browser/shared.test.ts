import { expect } from '@open-wc/testing';
import { chatTexts, cleanup, freshRoom, mountChat, mountNotifications, room, until } from './helpers.ts';
import type { RoomCustomEventDetail } from '../../src/events/events.ts';
import { connect } from '../../src/core/client.ts';

describe('widgets together', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  it('two widgets with the same server and token share one socket', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'solo');
    await mountChat(server, token);
    await mountNotifications(server, token);
    const info = await room.pn('/room/getActiveRoomInfo', { room_id: id });
    expect(info.body.room.participants_info.map((p: { identity: string }) => p.identity)).to.deep.equal(['solo']);
  });

  it('the poker example: the bet reaches only its peer, the showdown everyone, once per page with parsed data', async () => {
    const id = await freshRoom();
    const playerToken = await room.peerToken(id, 'player-1', 'player');
    const player = await mountChat(server, playerToken);
    await mountNotifications(server, playerToken); // a second widget of the same room on the page
    const events: RoomCustomEventDetail[] = [];
    const onCustom = (e: CustomEvent<RoomCustomEventDetail>) => events.push(e.detail);
    document.addEventListener('room-custom-event', onCustom);
    try {
      const welcome = await until(() => acquireAndPeek(server, playerToken), 'the peer id');
      await room.hms(id, { peer_id: 'someone-else', message: '{"bet":1}', type: 'custom_event' });
      await room.hms(id, { peer_id: welcome, message: '{"total_bet":250}', type: 'custom_event' });
      await room.hms(id, { message: '{"cards":["AS","KD"]}', type: 'custom_event' });
      await room.hms(id, { message: 'not json', type: 'custom_event' });
      await until(() => events.length >= 3, 'three custom events');
      await new Promise((r) => setTimeout(r, 200));
      expect(events.map((e) => e.data)).to.deep.equal([{ total_bet: 250 }, { cards: ['AS', 'KD'] }, 'not json']);
      expect(events[0]!.type).to.equal('custom_event');
      expect(events[0]!.message).to.equal('{"total_bet":250}');
      expect(events[0]!.from).to.equal(null);
      expect(events[0]!.roomId).to.equal(id);
      expect(chatTexts(player)).to.deep.equal([], 'custom events are not chat');
    } finally {
      document.removeEventListener('room-custom-event', onCustom);
    }
  });

  it('a reconnect loses nothing and duplicates nothing', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'flaky');
    const el = await mountChat(server, token);
    const states: string[] = [];
    el.addEventListener('room-connection-change', (e) => states.push(e.detail.state));
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'before' } });
    await until(() => chatTexts(el).includes('before'), 'the first message');
    const client = connect({ server, token });
    client.connection.simulateNetworkDrop();
    client.close();
    await until(() => states.includes('reconnecting'), 'the reconnecting state');
    for (let i = 1; i <= 5; i++)
      await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: `while away ${i}` } });
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      to_user_id: 'someone-else',
      chat_msg: { message: 'not mine' },
    });
    await until(() => states.at(-1) === 'connected', 'the reconnection', 10_000);
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'after' } });
    await until(() => chatTexts(el).includes('after'), 'the last message');
    expect(chatTexts(el)).to.deep.equal([
      'before',
      'while away 1',
      'while away 2',
      'while away 3',
      'while away 4',
      'while away 5',
      'after',
    ]);
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('Connected');
  });

  it('a refused token says why in the status line and is reported through room-error', async () => {
    const errors: Array<{ code: string; message: string }> = [];
    const el = document.createElement('room-chat');
    el.addEventListener('room-error', (e) => errors.push(e.detail));
    el.server = server;
    el.token = 'not-a-token';
    document.body.append(el);
    await until(() => errors.length > 0, 'the refusal');
    expect(errors[0]).to.deep.equal({ code: 'token_invalid', message: 'the token is not a valid HS256 JWT' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal(
      'Could not join: the token is not a valid HS256 JWT.',
    );
    // Said once, in the status line: the composer adds nothing (issue 26).
    expect(el.shadowRoot!.querySelector('[part="composer-notice"]')!.textContent).to.equal('');
    expect(el.shadowRoot!.textContent).not.to.match(/Connecting|Disconnected/);
    expect(el.shadowRoot!.querySelector('textarea')!.disabled).to.equal(true);
  });

  it('ending the room tells every widget, which shows it and emits room-ended', async () => {
    const id = await freshRoom({ logout_url: 'https://example.test/bye' });
    const token = await room.token(id, 'u');
    const chat = await mountChat(server, token);
    const toasts = await mountNotifications(server, token);
    const ended: unknown[] = [];
    for (const el of [chat, toasts]) el.addEventListener('room-ended', (e) => ended.push(e.detail));
    await room.pn('/room/endRoom', { room_id: id });
    await until(() => ended.length === 2, 'room-ended from each widget');
    expect(ended).to.deep.equal([{ logoutUrl: 'https://example.test/bye' }, { logoutUrl: 'https://example.test/bye' }]);
    await chat.updateComplete;
    expect(chat.shadowRoot!.querySelector('[part="status"]')!.textContent).to.equal('The meeting has ended.');
    expect(chat.shadowRoot!.querySelector('textarea')!.disabled).to.equal(true);
  });
});

/** The peer id the server gave this page's shared connection. */
function acquireAndPeek(server: string, token: string): string | undefined {
  const client = connect({ server, token });
  client.close();
  return client.store.snapshot.self?.peerId;
}
