import { expect } from '@open-wc/testing';
import type { RoomMessage, WelcomePayload } from '../protocol.ts';
import { RoomStore } from './room-store.ts';
import type { RoomState, UnreadCounts } from './state.ts';

const me = { user_id: 'me', name: 'Me', role: null, is_admin: false, peer_id: 'p1' };
const welcome = (over: Partial<WelcomePayload> = {}): WelcomePayload => ({
  self: me,
  room: { room_id: 'r', title: 'R', welcome_message: null, logout_url: null, features: { chat: true }, locks: { lock_chat: false, lock_chat_send_message: false, lock_private_chat: false } },
  participants: [],
  history: [],
  resumed: false,
  gap: false,
  seq: 0,
  ...over,
});
let seq = 0;
const msg = (id: string, over: Partial<RoomMessage> = {}): RoomMessage => ({ id, room_id: 'r', seq: ++seq, ts: 1, kind: 'chat', from: { user_id: 'you', name: 'You', role: null }, private: false, text: id, ...over });
const texts = (s: RoomState) => s.chat.map((e) => (e.kind === 'message' ? e.message.text : `<${e.kind}>`));

describe('RoomStore', () => {
  it('lists each message once by id, whichever way it comes', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome({ history: [msg('a'), msg('b')] }));
    store.handleMessage(msg('b'));
    store.handleMessage(msg('c'));
    store.handleWelcome(welcome({ resumed: true, history: [msg('c'), msg('d')] }));
    expect(texts(store.snapshot)).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('counts unread from others per kind, not history of a fresh join, not your own; markRead clears', () => {
    const store = new RoomStore();
    const heard: UnreadCounts[] = [];
    store.on('unread', (u) => heard.push(u));
    store.handleWelcome(welcome({ history: [msg('old')] }));
    store.handleMessage(msg('pub'));
    store.handleMessage(msg('priv', { private: true }));
    store.handleMessage(msg('mine', { from: { user_id: 'me', name: 'Me', role: null } }));
    store.handleMessage(msg('toast', { kind: 'notification', level: 'info' }));
    expect(store.snapshot.unread).to.deep.equal({ unread: 2, public: 1, private: 1 });
    store.handleWelcome(welcome({ resumed: true, history: [msg('missed')] }));
    expect(store.snapshot.unread.unread).to.equal(3);
    store.markRead();
    expect(heard.map((u) => u.unread)).to.deep.equal([1, 2, 3, 0]);
    expect(store.snapshot.notifications.map((n) => n.text)).to.deep.equal(['toast']);
  });

  it('a pending message becomes the server copy in place, or goes when its echo came first, or fails', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome());
    const first = store.addPending('first')!;
    store.handleMessage(msg('other'));
    store.settle(first, { ok: true, message: msg('s1', { text: 'first', from: me }) });
    expect(texts(store.snapshot)).to.deep.equal(['first', 'other']);
    expect(store.snapshot.chat[0]).to.include({ id: 's1', status: 'sent' });
    const second = store.addPending('second')!;
    store.handleMessage(msg('s2', { text: 'second', from: me })); // the echo beats the ack
    store.settle(second, { ok: true, message: msg('s2', { text: 'second', from: me }) });
    expect(texts(store.snapshot)).to.deep.equal(['first', 'other', 'second']);
    const third = store.addPending('third', 'you')!;
    store.settle(third, { ok: false, code: 'message_too_long', message: 'too long' });
    expect(store.snapshot.chat.at(-1)).to.include({ status: 'failed', error: 'too long', to: 'you' });
  });

  it('marks a gap after a resume that lost messages, and keeps at most `limit` entries', () => {
    const store = new RoomStore();
    store.limit = 3;
    store.handleWelcome(welcome({ history: [msg('a'), msg('b')] }));
    store.handleWelcome(welcome({ resumed: true, gap: true, history: [msg('c'), msg('d')] }));
    expect(texts(store.snapshot)).to.deep.equal(['<gap>', 'c', 'd']);
  });

  it('offers each chat entry to the host once, and a refused one leaves every view', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome({ history: [msg('a'), msg('b')] }));
    const offered = store.takeUnvetted();
    expect(offered.map((e) => e.id)).to.deep.equal(['a', 'b']);
    expect(store.takeUnvetted()).to.deep.equal([]);
    store.remove('a');
    expect(texts(store.snapshot)).to.deep.equal(['b']);
  });

  it('a refusal is kept for the views until the next welcome', () => {
    const store = new RoomStore();
    const errors: string[] = [];
    store.on('error', (e) => errors.push(e.code));
    store.handleError({ code: 'token_expired', message: 'the token has expired' }, true);
    store.handleError({ code: 'payload_invalid', message: 'x' });
    expect(store.snapshot.refusal).to.deep.equal({ code: 'token_expired', message: 'the token has expired' });
    store.handleWelcome(welcome());
    expect(store.snapshot.refusal).to.equal(null);
    expect(errors).to.deep.equal(['token_expired', 'payload_invalid']);
  });
});
