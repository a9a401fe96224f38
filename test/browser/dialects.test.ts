import { expect } from '@open-wc/testing';
import { create, toJsonString, type MessageInitShape } from '@bufbuild/protobuf';
import { chatTexts, cleanup, mountChat, mountNotifications, room, toasts, until } from './helpers.ts';
import { schema } from '../plugnmeet-protocol.ts';

/** A request body as plugnmeet-sdk-js 2.x builds it: `toJsonString(Req, create(Req, params))`. */
const protobufJson = (message: string, params: object): object => {
  const desc = schema(message);
  return JSON.parse(toJsonString(desc, create(desc, params as MessageInitShape<typeof desc>)));
};

/** What each dialect's current official SDK sends, as the widgets show it. */
describe('each dialect’s SDK, seen in the widgets', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  const customEvents = () => {
    const seen: Array<{ type: string; data: unknown; from: unknown }> = [];
    const listener = (e: Event) => seen.push((e as CustomEvent).detail);
    document.addEventListener('room-custom-event', listener);
    return { seen, stop: () => document.removeEventListener('room-custom-event', listener) };
  };

  it('plugnmeet-sdk-js 1.4.1: snake_case JSON, as it posts it', async () => {
    const id = `pn-${Date.now().toString(36)}`;
    const created = await room.pn('/room/create', {
      room_id: id,
      metadata: {
        room_title: 'One',
        welcome_message: 'Hello from 1.4',
        room_features: { chat_features: { allow_chat: true } },
      },
    });
    expect(created.body.status, JSON.stringify(created.body)).to.equal(true);
    const joined = await room.pn('/room/getJoinToken', {
      room_id: id,
      user_info: { name: 'Ada', user_id: 'ada', is_admin: true },
    });
    const chat = await mountChat(server, joined.body.token);
    const notes = await mountNotifications(server, joined.body.token);
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'chat from 1.4' } });
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      only_to_admins: true,
      notification_msg: { text: 'careful', type: 1 },
    });
    await until(() => chatTexts(chat).includes('chat from 1.4'), 'the chat message');
    expect(chatTexts(chat)).to.deep.equal(['Hello from 1.4', 'chat from 1.4']);
    await until(() => toasts(notes).length === 1, 'the warning toast');
    expect(toasts(notes)[0]!.getAttribute('part')).to.equal('toast toast-warning toast-system');
    expect(toasts(notes)[0]!.querySelector('[part="toast-text"]')!.textContent).to.equal('careful');
  });

  it('plugnmeet-sdk-js 2.x: protobuf-JSON (camelCase, an enum by name, a 64-bit integer as a string)', async () => {
    const id = `pn2-${Date.now().toString(36)}`;
    const roomFeatures = { roomDuration: '60', chatFeatures: { isAllow: true } };
    const created = await room.pn(
      '/room/create',
      protobufJson('CreateRoomReq', {
        roomId: id,
        metadata: { roomTitle: 'Two', welcomeMessage: 'Hello from 2.x', roomFeatures },
      }),
    );
    expect(created.body.status, JSON.stringify(created.body)).to.equal(true);
    const joined = await room.pn(
      '/room/getJoinToken',
      protobufJson('GenerateTokenReq', { roomId: id, userInfo: { name: 'Grace', userId: 'grace', isAdmin: true } }),
    );
    const chat = await mountChat(server, joined.body.token);
    const notes = await mountNotifications(server, joined.body.token);
    const chatMsg = { case: 'chatMsg', value: { message: 'chat from 2.x' } };
    await room.pn('/room/broadcastToRoom', protobufJson('BroadcastToRoomReq', { roomId: id, payload: chatMsg }));
    const error = { case: 'notificationMsg', value: { text: 'closing soon', type: 2 } };
    const notified = await room.pn(
      '/room/broadcastToRoom',
      protobufJson('BroadcastToRoomReq', { roomId: id, onlyToAdmins: true, payload: error }),
    );
    expect(notified.body.status_code).to.equal('SUCCESS');
    await until(() => chatTexts(chat).includes('chat from 2.x'), 'the chat message');
    expect(chatTexts(chat)).to.deep.equal(['Hello from 2.x', 'chat from 2.x']);
    await until(() => toasts(notes).length === 1, 'the error toast');
    expect(toasts(notes)[0]!.getAttribute('part')).to.equal('toast toast-error toast-system');
    expect(toasts(notes)[0]!.querySelector('[part="toast-text"]')!.textContent).to.equal('closing soon');
  });

  it('@100mslive/server-sdk: sendMessage({ peerId }) shows in that peer’s widget only; a custom_event reaches the page', async () => {
    const id = `hms-${Date.now().toString(36)}`;
    const a = await mountChat(server, await room.peerToken(id, 'player-a', 'guest'));
    const b = await mountChat(server, await room.peerToken(id, 'player-b', 'guest'));
    const peers = await room.hmsSdkPeers(id);
    const peerB = Object.values(peers).find((p) => p.user_id === 'player-b')!.id;
    const events = customEvents();
    try {
      expect(await room.hmsSdkSend(id, { peerId: peerB, message: 'only for b' })).to.equal('sent');
      await room.hmsSdkSend(id, { message: '{"pot":120}', type: 'custom_event' });
      await room.hmsSdkSend(id, { message: 'for everyone' });
      await until(
        () => chatTexts(a).includes('for everyone') && chatTexts(b).includes('for everyone'),
        'the broadcast',
      );
      expect(chatTexts(a)).to.deep.equal(['for everyone']);
      expect(chatTexts(b)).to.deep.equal(['only for b', 'for everyone']);
      expect(b.shadowRoot!.querySelector('[part~="message-private"]')).to.exist;
      await until(() => events.seen.length === 1, 'the custom event');
      expect(events.seen[0]!.type).to.equal('custom_event');
      expect(events.seen[0]!.data).to.deep.equal({ pot: 120 });
    } finally {
      events.stop();
    }
  });

  it('rongcloud-sdk 3.1.1: a text with the sender’s name, an information notice, a command as a custom event', async () => {
    const { url, token } = await room.rcSdkRoom(`rc-${Date.now().toString(36)}`, 'watcher');
    const chat = await mountChat(url, token);
    const events = customEvents();
    const pause = () => new Promise((r) => setTimeout(r, 1050)); // RongCloud allows 1 broadcast per second
    try {
      expect(
        await room.rcSdkBroadcast({
          senderId: 'u-7',
          objectName: 'RC:TxtMsg',
          content: { content: 'hi all', user: { id: 'u-7', name: 'Mia' } },
        }),
      ).to.deep.equal({ code: 200 });
      await pause();
      await room.rcSdkBroadcast({
        senderId: 'ops',
        objectName: 'RC:InfoNtf',
        content: { message: 'maintenance at 6' },
      });
      await pause();
      await room.rcSdkBroadcast({
        senderId: 'bot',
        objectName: 'RC:CmdMsg',
        content: { name: 'poll.open', data: '{"q":"lunch?"}' },
      });
      await until(
        () => chatTexts(chat).length === 2 && events.seen.length === 1,
        'the text, the notice and the command',
      );
      expect(chatTexts(chat)).to.deep.equal(['hi all', 'maintenance at 6']);
      const authors = [...chat.shadowRoot!.querySelectorAll('[part="message-author"]')].map((n) => n.textContent);
      expect(authors).to.deep.equal(['Mia', 'System']);
      expect(chat.shadowRoot!.querySelectorAll('[part~="message-system"]')).to.have.length(1);
      expect(events.seen[0]!.type).to.equal('poll.open');
      expect(events.seen[0]!.data).to.deep.equal({ q: 'lunch?' });
    } finally {
      events.stop();
    }
  });
});
