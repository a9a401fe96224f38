import { expect } from '@open-wc/testing';
import type { RoomMessage, WelcomePayload } from '../public-types.ts';
import { RoomStore } from './room-store.ts';
import type { RoomState, UnreadCounts } from './state.ts';

const me = { userId: 'me', name: 'Me', role: null, isAdmin: false, peerId: 'p1' };
const welcome = (over: Partial<WelcomePayload> = {}): WelcomePayload => ({
  self: me,
  room: {
    roomId: 'r',
    title: 'R',
    welcomeMessage: null,
    logoutUrl: null,
    features: { chat: true },
    locks: { lockChat: false, lockChatSendMessage: false, lockPrivateChat: false },
  },
  participants: [],
  history: [],
  resumed: false,
  gap: false,
  seq: 0,
  ...over,
});
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

  it('applies a batch in order as one change, each message once', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome({ history: [msg('a')] }));
    let changes = 0;
    const heard: string[] = [];
    store.on('change', () => changes++);
    store.on('message', (m) => heard.push(m.text));
    store.handleMessage(msg('a'), msg('b'), msg('c'), msg('b'));
    expect(texts(store.snapshot)).to.deep.equal(['a', 'b', 'c']);
    expect(heard).to.deep.equal(['b', 'c']);
    expect(changes).to.equal(1);
  });

  it('tells who joined and left from presence updates, never this page itself, not the list a join brings', () => {
    const store = new RoomStore();
    const seen: string[] = [];
    store.on('presence', ({ joined, left, count }) =>
      seen.push(`+${joined.map((p) => p.name).join(',')} -${left.map((p) => p.name).join(',')} ${count}`),
    );
    const ann = { userId: 'ann', name: 'Ann', role: null, isAdmin: false };
    const bob = { userId: 'bob', name: 'Bob', role: null, isAdmin: false };
    store.handleWelcome(welcome({ participants: [me, ann], participantCount: 2 }));
    // The wire sends changes (issue 34): this page's own join comes back in one, and is not told.
    store.handlePresence({ joined: [me, bob], left: [], count: 3 });
    store.handlePresence({ joined: [], left: [ann], count: 2 });
    store.handlePresence({ joined: [], left: [], count: 2 });
    expect(seen).to.deep.equal(['+Bob - 3', '+ -Ann 2']);
    expect(store.snapshot.participants.map((p) => p.userId)).to.deep.equal(['me', 'bob']);
    // A room too large to list: the count changes, nobody is named, no event.
    store.handlePresence({ joined: [], left: [], count: 5000 });
    expect(seen).to.have.length(2);
    expect(store.snapshot.participantCount).to.equal(5000);
  });

  it('counts unread from others per kind, not history of a fresh join, not your own; markRead clears', () => {
    const store = new RoomStore();
    const heard: UnreadCounts[] = [];
    store.on('unread', (u) => heard.push(u));
    store.handleWelcome(welcome({ history: [msg('old')] }));
    store.handleMessage(msg('pub'));
    store.handleMessage(msg('priv', { private: true }));
    store.handleMessage(msg('mine', { from: { userId: 'me', name: 'Me', role: null } }));
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

  const react = (id: string, messageId: string, user: string, emoji: string, on: boolean) =>
    msg(id, {
      kind: 'reaction',
      text: '',
      from: { userId: user, name: user.toUpperCase(), role: null },
      reaction: { messageId, emoji, on },
    });

  it('applies reactions as sets of distinct users: twice changes nothing, off removes, the last one off drops the emoji', () => {
    const store = new RoomStore();
    const heard: Array<[string, boolean, number | undefined]> = [];
    store.on('reaction', (r) => heard.push([r.emoji, r.on, r.reactions?.length]));
    store.handleWelcome(
      welcome({ history: [msg('a', { reactions: [{ emoji: '👍', count: 1, users: [{ userId: 'x', name: 'X' }] }] })] }),
    );
    store.handleMessage(react('r1', 'a', 'y', '👍', true));
    store.handleMessage(react('r2', 'a', 'y', '👍', true)); // a replay, as after a resume
    store.handleMessage(react('r3', 'a', 'x', '🎉', true));
    store.handleMessage(react('r4', 'a', 'x', '👍', false));
    store.handleMessage(react('r5', 'missing', 'x', '👍', true));
    expect(store.message('a')!.reactions).to.deep.equal([
      { emoji: '👍', count: 1, users: [{ userId: 'y', name: 'Y' }] },
      { emoji: '🎉', count: 1, users: [{ userId: 'x', name: 'X' }] },
    ]);
    store.handleMessage(react('r6', 'a', 'y', '👍', false));
    expect(store.message('a')!.reactions!.map((r) => r.emoji)).to.deep.equal(['🎉']);
    expect(heard).to.deep.equal([
      ['👍', true, 1],
      ['👍', true, 1],
      ['🎉', true, 2],
      ['👍', false, 2],
      ['👍', true, undefined],
      ['👍', false, 1],
    ]);
  });

  it('a deletion leaves a tombstone and scrubs the quotes of loaded replies; mentions count until read', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome());
    store.handleMessage(msg('q', { text: 'secret plan', mentions: ['me'] }));
    store.handleMessage(msg('re', { text: 'ok', replyTo: { id: 'q', from: null, excerpt: 'secret plan' } }));
    expect(store.snapshot.mentions).to.equal(1);
    store.handleMessage(msg('d', { kind: 'message_deleted', text: '', deletion: { messageId: 'q', byAdmin: true } }));
    expect(store.message('q')).to.include({ deleted: true, text: '' });
    expect(store.message('re')!.replyTo).to.deep.equal({ id: 'q', from: null, excerpt: '', deleted: true });
    expect(JSON.stringify(store.snapshot)).not.to.contain('secret');
    expect(store.snapshot.mentions, 'a deleted mention is not news').to.equal(0);
    store.handleMessage(msg('m2', { text: '@me', mentions: ['me'] }));
    store.handleMessage(msg('mine', { text: '@me', mentions: ['me'], from: { userId: 'me', name: 'Me', role: null } }));
    expect(store.snapshot.mentions).to.equal(1);
    store.markRead();
    expect(store.snapshot.mentions).to.equal(0);
  });

  it('a pending reply quotes the original at once', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome({ history: [msg('o', { text: 'the original', private: true })] }));
    store.addPending('reply', undefined, 'o');
    const pending = store.snapshot.chat.at(-1)!;
    expect(pending.kind === 'message' && pending.message).to.deep.include({
      private: true,
      replyTo: { id: 'o', from: { userId: 'you', name: 'You', role: null }, excerpt: 'the original' },
    });
  });
});
