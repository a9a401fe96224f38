import { expect } from '@open-wc/testing';
import { loadCore } from '../load-core.ts';
import type { RoomMessage, WelcomePayload } from '../public-types.ts';
import { RoomStore } from './room-store.ts';
import type { RoomState, UnreadCounts } from './state.ts';

// The connection loads the conversation core before it hands over a reaction, deletion, edit or moderation: so do
// these tests.
before(() => loadCore());

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
    // Gathered while this page joined: Ann's join is in its welcome already, Zed left before it; neither is news.
    const zed = { userId: 'zed', name: 'Zed', role: null, isAdmin: false };
    store.handlePresence({ joined: [ann], left: [zed], count: 3 });
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

/** Issue 29 in the store: edits, the room's moderation and a clear, applied once however often they arrive. */
const listed = (store: RoomStore) => store.snapshot.chat.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
const locks = { lockChat: false, lockChatSendMessage: false, lockPrivateChat: false };

describe('RoomStore: edits and moderation (issue 29)', () => {
  it('an edit changes the text, marks it and updates quotes of it; twice changes nothing more', () => {
    const store = new RoomStore();
    store.handleWelcome(welcome());
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
    store.handleWelcome(welcome());
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

  it("a batch (the wire's `messages`) applies edits and moderation in order with the rest, as one change", () => {
    const store = new RoomStore();
    store.handleWelcome(welcome());
    let changes = 0;
    const heard: string[] = [];
    store.on('change', () => changes++);
    store.on('message', (m) => heard.push(m.id));
    const pinned = { muted: [], slowMode: 0, pins: [{ id: 'a', from: null, excerpt: 'edited', pinnedAt: 1 }] };
    const edit = msg('e', { kind: 'message_edited', text: '', edit: { messageId: 'a', text: 'edited' } });
    const pin = { action: 'pin', messageId: 'a', pinned: true, locks, state: pinned } as const;
    const moderation = msg('p', { kind: 'moderation', seq: null, text: '', moderation: pin });
    store.handleMessage(msg('a', { text: 'draft' }), edit, msg('b'), moderation, edit, msg('c'));
    expect(changes).to.equal(1);
    expect(heard).to.deep.equal(['a', 'e', 'b', 'p', 'c'], 'each once, in order');
    expect(listed(store).map((m) => [m.text, !!m.edited])).to.deep.equal([
      ['edited', true],
      ['b', false],
      ['c', false],
    ]);
    expect(store.snapshot.room!.moderation).to.deep.equal(pinned);
    const clear = msg('x', {
      kind: 'moderation',
      seq: null,
      text: '',
      moderation: { action: 'clear', locks, state: pinned },
    });
    store.handleMessage(msg('d'), clear);
    expect(listed(store).map((m) => [m.id, !!m.deleted])).to.deep.equal([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', true],
      ['x', false],
    ]);
    expect(changes).to.equal(2);
  });
});
