import { expect } from '@open-wc/testing';
import type { RoomMessage, WelcomePayload } from '../public-types.ts';
import { RoomStore } from './room-store.ts';

/** Issue 29 in the store: edits, the room's moderation and a clear, applied once however often they arrive. */
const me = { userId: 'me', name: 'Me', role: null, isAdmin: false, peerId: 'p1' };
const locks = { lockChat: false, lockChatSendMessage: false, lockPrivateChat: false };
const welcome: WelcomePayload = {
  self: me,
  room: { roomId: 'r', title: 'R', welcomeMessage: null, logoutUrl: null, features: { chat: true }, locks },
  participants: [],
  history: [],
  resumed: false,
  gap: false,
  seq: 0,
};
let seq = 0;
const msg = (id: string, over: Partial<RoomMessage> = {}): RoomMessage => ({
  id,
  roomId: 'r',
  seq: ++seq,
  ts: 1,
  kind: 'chat',
  from: { userId: 'you', name: 'You', role: null },
  private: false,
  text: id,
  ...over,
});
const listed = (store: RoomStore) => store.snapshot.chat.flatMap((e) => (e.kind === 'message' ? [e.message] : []));

describe('RoomStore: edits and moderation (issue 29)', () => {
  it('an edit changes the text, marks it and updates quotes of it; twice changes nothing more', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome);
    store.handleMessage(msg('a', { text: 'first' }));
    store.handleMessage(msg('b', { replyTo: { id: 'a', from: null, excerpt: 'first' } }));
    const edit = msg('e', { kind: 'message_edited', text: '', edit: { messageId: 'a', text: 'second' } });
    store.handleMessage(edit);
    store.handleMessage(edit);
    const [a, b] = listed(store);
    expect([a!.text, a!.edited]).to.deep.equal(['second', true]);
    expect(b!.replyTo!.excerpt).to.equal('second');
    expect(listed(store)).to.have.length(2, 'the edit is no line of its own');
  });

  it('a moderation brings the room’s locks and state; a clear tombstones what came before and adds its line', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome);
    store.handleMessage(msg('a'));
    const state = { muted: ['you'], slowMode: 5, pins: [] };
    const lockLocks = { ...locks, lockChat: true };
    store.handleMessage(
      msg('m', {
        kind: 'moderation',
        text: '',
        moderation: { action: 'lock_chat', locked: true, locks: lockLocks, state },
      }),
    );
    expect(store.snapshot.room!.locks.lockChat).to.equal(true);
    expect(store.snapshot.room!.moderation).to.deep.equal(state);
    expect(listed(store).map((m) => m.id)).to.deep.equal(['a'], 'only a clear is a line');
    const clear = msg('c', { kind: 'moderation', text: '', moderation: { action: 'clear', locks, state } });
    store.handleMessage(clear);
    store.handleMessage(msg('later'));
    expect(listed(store).map((m) => [m.id, !!m.deleted])).to.deep.equal([
      ['a', true],
      ['c', false],
      ['later', false],
    ]);
  });
});
