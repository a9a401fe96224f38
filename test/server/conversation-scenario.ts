import assert from 'node:assert/strict';
import type { ChatSendAck, RoomMessage } from '../../src/core/protocol.ts';
import { Client, connect } from './helpers.ts';

/** Where each participant connects (two processes with Redis, one without) and how it gets a token. */
export interface Cast {
  urlOf: (user: string) => string;
  token: (user: string, isAdmin: boolean, name: string) => Promise<string>;
}

export const act = {
  send: (c: Client, request: Record<string, unknown>): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_send', request as never),
  react: (c: Client, message_id: string, emoji: string): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_react', { message_id, emoji }),
  remove: (c: Client, message_id: string): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_delete', { message_id }),
};

export function sent(ack: ChatSendAck): RoomMessage {
  if (!ack.ok) throw new Error(`refused: ${ack.code} ${ack.message}`);
  return ack.message;
}

/** Whatever a widget was handed: welcome history, then live messages. */
const everything = (c: Client) => JSON.stringify([c.welcome.history, c.messages]);

/**
 * The conversation the issue describes, with an admin and two users, then a late joiner and a resumed widget that
 * must see the same tombstones, quotes and reaction counts. Returns what is left to check by the caller (Redis keys).
 */
export async function playConversation(cast: Cast, _room: string): Promise<{ deletedText: string; close: () => void }> {
  const join = async (user: string, isAdmin = false, extra: Record<string, unknown> = {}) =>
    connect(cast.urlOf(user), await cast.token(user, isAdmin, user[0]!.toUpperCase() + user.slice(1)), extra);
  const admin = await join('mod', true);
  const alice = await join('alice');
  const bob = await join('bob');
  const dave = await join('dave');
  const daveSince = dave.welcome.seq;
  const davePeer = dave.welcome.self.peer_id;
  dave.close(); // drops before anything is said; resumes at the end
  const clients = [admin, alice, bob];

  const deletedText = 'hello @bob, this will go';
  const hello = sent(await act.send(alice, { text: deletedText }));
  assert.deepEqual(hello.mentions, ['bob'], 'the server marks the present participant mentioned');
  const keep = sent(await act.send(alice, { text: 'keep me @nobody' }));
  assert.equal(keep.mentions, undefined, 'no one present is called nobody');

  const reply = sent(await act.send(bob, { text: 'a reply that bob takes back', reply_to: hello.id }));
  assert.deepEqual(reply.reply_to, { id: hello.id, from: hello.from, excerpt: deletedText });
  const adminReply = sent(await act.send(admin, { text: 'noted', reply_to: hello.id }));
  const keepReply = sent(await act.send(bob, { text: 'kept too', reply_to: keep.id }));

  // A private pair: the reply stays within it, the admin cannot even address the original.
  const secret = sent(await act.send(alice, { text: 'psst', to: 'bob' }));
  const secretReply = sent(await act.send(bob, { text: 'psst back', reply_to: secret.id }));
  assert.equal(secretReply.private, true);
  assert.equal(secretReply.to?.user_id, 'alice', 'the server picks the other one of the pair');
  const blind = await act.send(admin, { text: 'me too', reply_to: secret.id });
  assert.equal(blind.ok === false && blind.code, 'message_not_found');
  const widen = await act.send(bob, { text: 'to mod', reply_to: secret.id, to: 'mod' });
  assert.equal(widen.ok === false && widen.code, 'message_invalid');

  // Reactions: toggles, distinct users, bounded.
  for (const [who, emoji] of [
    [bob, '👍'],
    [admin, '👍'],
    [alice, '🎉'],
    [bob, '🎉'],
    [bob, '🎉'],
  ] as const)
    sent(await act.react(who, keep.id, emoji));
  const twice = sent(await act.react(alice, keep.id, '👍'));
  assert.deepEqual(twice.reaction, { message_id: keep.id, emoji: '👍', on: true });
  const back = sent(await act.react(alice, keep.id, '👍'));
  assert.deepEqual(back.reaction, { message_id: keep.id, emoji: '👍', on: false }, 'reacting again takes it back');
  for (const bad of ['', 'a b', 'abc', '👍'.repeat(17), '👍\u0000']) {
    const refused = await act.react(alice, keep.id, bad);
    assert.equal(refused.ok === false && refused.code, 'reaction_invalid', `emoji ${JSON.stringify(bad)}`);
  }
  const kinds = [
    '😀',
    '😁',
    '😂',
    '🤣',
    '😃',
    '😄',
    '😅',
    '😆',
    '😉',
    '😊',
    '😋',
    '😎',
    '😍',
    '😘',
    '🥰',
    '😗',
    '😙',
    '🥲',
  ];
  // 2 + 18 = 20 kinds. One user may add at most REACTION_KINDS_PER_USER (4) kinds to a message (issue 32), so the 18
  // come from five helpers, 4 + 4 + 4 + 4 + 2, where the admin alone added them before.
  const helpers = await Promise.all(['k1', 'k2', 'k3', 'k4', 'k5'].map((u) => join(u)));
  const shareOf = (i: number) => kinds.slice(i * 4, i * 4 + 4);
  for (const [i, h] of helpers.entries()) for (const e of shareOf(i)) sent(await act.react(h, keep.id, e));
  const tooMany = await act.react(alice, keep.id, '🦄');
  assert.equal(tooMany.ok === false && tooMany.code, 'too_many_reactions');
  for (const [i, h] of helpers.entries()) for (const e of shareOf(i)) sent(await act.react(h, keep.id, e)); // taken back
  helpers.forEach((h) => h.close());
  const secretReaction = await act.react(admin, secret.id, '👍');
  assert.equal(secretReaction.ok === false && secretReaction.code, 'message_not_found');

  // Deleting: own yes, another's no, an admin any.
  const ownDelete = sent(await act.remove(bob, reply.id));
  assert.deepEqual(ownDelete.deletion, { message_id: reply.id, by_admin: false });
  const refused = await act.remove(bob, hello.id);
  assert.equal(refused.ok === false && refused.code, 'not_allowed');
  const modDelete = sent(await act.remove(admin, hello.id));
  assert.deepEqual(modDelete.deletion, { message_id: hello.id, by_admin: true });
  const again = await act.remove(admin, hello.id);
  assert.equal(again.ok === false && again.code, 'message_not_found', 'a tombstone is not deleted twice');
  const reactToGone = await act.react(bob, hello.id, '👍');
  assert.equal(reactToGone.ok === false && reactToGone.code, 'message_not_found');

  const marker = sent(await act.send(alice, { text: 'the end' }));
  await Promise.all(clients.map((c) => c.waitFor((m) => m.id === marker.id)));
  for (const c of clients) {
    const deletions = c.messages.filter((m) => m.kind === 'message_deleted').map((m) => m.deletion?.message_id);
    assert.deepEqual(deletions, [reply.id, hello.id], `${c.welcome.self.user_id} hears both deletions`);
  }
  assert.ok(!admin.messages.some((m) => m.id === secretReply.id), 'the private reply never reaches the admin');
  assert.ok(alice.messages.some((m) => m.id === secretReply.id));

  // The state a widget builds from its welcome: the same for a late joiner and for a resume.
  const expectState = (history: RoomMessage[], who: string) => {
    const byId = new Map(history.map((m) => [m.id, m]));
    for (const id of [hello.id, reply.id]) {
      const t = byId.get(id);
      if (t)
        assert.deepEqual(
          [t.text, t.deleted, t.reply_to, t.mentions],
          ['', true, undefined, undefined],
          `${who}: ${id} is a tombstone`,
        );
    }
    assert.deepEqual(
      byId.get(adminReply.id)?.reply_to,
      { id: hello.id, from: hello.from, excerpt: '', deleted: true },
      `${who}: the quote lost its words`,
    );
    assert.equal(byId.get(keepReply.id)?.reply_to?.excerpt, 'keep me @nobody');
    assert.deepEqual(
      byId.get(keep.id)?.reactions,
      [
        {
          emoji: '👍',
          count: 2,
          users: [
            { user_id: 'bob', name: 'Bob' },
            { user_id: 'mod', name: 'Mod' },
          ],
        },
        { emoji: '🎉', count: 1, users: [{ user_id: 'alice', name: 'Alice' }] },
      ],
      `${who}: reaction counts are distinct users`,
    );
    assert.ok(!JSON.stringify(history).includes('this will go'), `${who}: the deleted text is nowhere`);
  };

  const carol = await join('carol');
  expectState(carol.welcome.history, 'late joiner');
  assert.ok(
    carol.welcome.history.every((m) => m.kind !== 'reaction' && m.kind !== 'message_deleted'),
    'a fresh join gets the state folded in',
  );
  assert.ok(!everything(carol).includes('psst'), 'a late joiner outside the pair sees nothing of it');

  const resumed = await join('dave', false, { since: daveSince, peer_id: davePeer });
  assert.equal(resumed.welcome.resumed, true);
  expectState(resumed.welcome.history, 'resume');
  const events = resumed.welcome.history.filter((m) => m.kind === 'message_deleted').map((m) => m.deletion?.message_id);
  assert.deepEqual(events, [reply.id, hello.id], 'a resume also replays the deletions in order');

  return { deletedText, close: () => [...clients, carol, resumed].forEach((c) => c.close()) };
}
