import assert from 'node:assert/strict';
import type { ChatSendAck, RoomMessage } from '../../src/core/protocol.ts';
import { Client, connect } from './helpers.ts';
import { sent } from './conversation-scenario.ts';

/** Where each participant connects, how it gets a token, and the backend's signed plugNmeet call. */
export interface ModerationCast {
  urlOf: (user: string) => string;
  token: (user: string, isAdmin: boolean) => Promise<string>;
  backend: (path: string, body: unknown) => Promise<{ status: number; body: any }>;
}

let ids = 0;
const clientId = () => `mod-test-${process.pid}-${++ids}`;

export const moderationAct = {
  edit: (c: Client, message_id: string, text: string, client_id = clientId()): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_edit', { message_id, text, client_id }),
  moderate: (c: Client, request: Record<string, unknown>, client_id = clientId()): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_moderate', { ...request, client_id } as never),
  send: (c: Client, text: string): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_send', { text, client_id: clientId() }),
  remove: (c: Client, message_id: string): Promise<ChatSendAck> =>
    c.socket.timeout(10_000).emitWithAck('chat_delete', { message_id, client_id: clientId() }),
};

export function refusedWith(ack: ChatSendAck, code: string): string {
  assert.equal(ack.ok, false, `expected ${code}, the write went through`);
  assert.equal(!ack.ok && ack.code, code);
  return ack.ok ? '' : ack.message;
}

const moderationOf = (c: Client, action: string, after = 0) =>
  c.waitFor((m) => m.kind === 'moderation' && m.moderation?.action === action && m.ts >= after, 5000);

/**
 * Issue 29 with an admin and two users, then late joiners: edits, pins, lock, mute, slow mode and clear, each seen by
 * every widget at once and by a widget that joins later; the backend's signed route for each control.
 */
export async function playModeration(cast: ModerationCast): Promise<{ close: () => void }> {
  const join = async (user: string, isAdmin = false) => connect(cast.urlOf(user), await cast.token(user, isAdmin));
  const admin = await join('mod', true);
  const alice = await join('alice');
  const bob = await join('bob');
  const everyone = [admin, alice, bob];
  const opened: Client[] = [...everyone];
  const late = async (user: string) => {
    const c = await join(user);
    opened.push(c);
    return c;
  };

  // Edit: the author only, once per client id, the new text everywhere (quotes too), the mark.
  const draft = sent(await moderationAct.send(alice, 'first draft'));
  const reply = sent(
    await bob.socket
      .timeout(10_000)
      .emitWithAck('chat_send', { text: 'agreed', reply_to: draft.id, client_id: clientId() }),
  );
  const editId = clientId();
  const edited = sent(await moderationAct.edit(alice, draft.id, 'final words', editId));
  assert.equal(edited.kind, 'message_edited');
  assert.deepEqual(edited.edit, { message_id: draft.id, text: 'final words' });
  const again = sent(await moderationAct.edit(alice, draft.id, 'final words', editId));
  assert.equal(again.id, edited.id, 'a retry with the same client id is the first edit, not a second');
  for (const c of everyone) await c.waitFor((m) => m.id === edited.id);
  assert.equal(bob.messages.filter((m) => m.kind === 'message_edited').length, 1, 'published once');
  refusedWith(await moderationAct.edit(bob, draft.id, 'bob was here'), 'not_allowed');
  refusedWith(await moderationAct.edit(admin, draft.id, 'admins may not either'), 'not_allowed');
  const carol = await late('carol');
  const seen = carol.welcome.history.find((m) => m.id === draft.id)!;
  assert.equal(seen.text, 'final words');
  assert.equal(seen.edited, true, 'the late joiner sees the edited mark');
  assert.equal(carol.welcome.history.find((m) => m.id === reply.id)!.reply_to?.excerpt, 'final words');
  assert.ok(!JSON.stringify(carol.welcome).includes('first draft'), 'the old text is nowhere');

  // Pins: admins only; everyone and a late joiner see them; unpin; a deleted message is unpinned.
  refusedWith(await moderationAct.moderate(bob, { action: 'pin', message_id: draft.id, pinned: true }), 'not_allowed');
  const pinned = sent(await moderationAct.moderate(admin, { action: 'pin', message_id: draft.id, pinned: true }));
  for (const c of everyone) await c.waitFor((m) => m.id === pinned.id);
  assert.deepEqual(
    pinned.moderation?.state.pins.map((p) => [p.id, p.excerpt]),
    [[draft.id, 'final words']],
  );
  const dave = await late('dave');
  assert.deepEqual(
    dave.welcome.room.moderation?.pins.map((p) => p.id),
    [draft.id],
  );
  const unpinned = sent(await moderationAct.moderate(admin, { action: 'pin', message_id: draft.id, pinned: false }));
  assert.deepEqual(unpinned.moderation?.state.pins, []);
  const doomed = sent(await moderationAct.send(bob, 'pin me then delete me'));
  sent(await moderationAct.moderate(admin, { action: 'pin', message_id: doomed.id, pinned: true }));
  sent(await moderationAct.remove(bob, doomed.id));
  refusedWith(await moderationAct.edit(bob, doomed.id, 'too late'), 'message_not_found');
  const erin = await late('erin');
  assert.deepEqual(erin.welcome.room.moderation?.pins, [], 'deleting a message unpins it');

  // Lock: a user refused with chat_locked, admins still write; unlock restores.
  const locked = sent(await moderationAct.moderate(admin, { action: 'lock_chat', locked: true }));
  for (const c of everyone) await c.waitFor((m) => m.id === locked.id);
  assert.equal(alice.messages.find((m) => m.id === locked.id)?.moderation?.locks.lock_chat, true);
  refusedWith(await moderationAct.send(bob, 'locked out'), 'chat_locked');
  sent(await moderationAct.send(admin, 'admins may speak'));
  assert.equal((await late('frank')).welcome.room.locks.lock_chat, true, 'a late joiner sees the lock');
  sent(await moderationAct.moderate(admin, { action: 'lock_chat', locked: false }));
  sent(await moderationAct.send(bob, 'back again'));

  // Mute one user: only that one is refused.
  refusedWith(await moderationAct.moderate(alice, { action: 'mute', user_id: 'bob', muted: true }), 'not_allowed');
  sent(await moderationAct.moderate(admin, { action: 'mute', user_id: 'bob', muted: true }));
  refusedWith(await moderationAct.send(bob, 'muted'), 'participant_muted');
  sent(await moderationAct.send(alice, 'alice is not muted'));
  assert.deepEqual((await late('gina')).welcome.room.moderation?.muted, ['bob']);
  sent(await moderationAct.moderate(admin, { action: 'mute', user_id: 'bob', muted: false }));
  sent(await moderationAct.send(bob, 'unmuted'));

  // Slow mode 5 s: a second message within 5 s is refused, saying how long to wait; admins are not slowed.
  sent(await moderationAct.moderate(admin, { action: 'slow_mode', seconds: 5 }));
  sent(await moderationAct.send(alice, 'slow one'));
  const wait = refusedWith(await moderationAct.send(alice, 'slow two'), 'slow_mode');
  assert.match(wait, /wait [1-5] s/);
  sent(await moderationAct.send(admin, 'admin one'));
  sent(await moderationAct.send(admin, 'admin two'));
  assert.equal((await late('hank')).welcome.room.moderation?.slow_mode, 5);
  sent(await moderationAct.moderate(admin, { action: 'slow_mode', seconds: 0 }));
  sent(await moderationAct.send(alice, 'fast again'));

  // Clear: every message a tombstone, one system line, for everyone and a late joiner.
  const before = Date.now();
  const cleared = sent(await moderationAct.moderate(admin, { action: 'clear' }));
  assert.equal(typeof cleared.seq, 'number', 'the clear is kept in the history');
  for (const c of everyone) await moderationOf(c, 'clear', before);
  const ivan = await late('ivan');
  const conversation = ivan.welcome.history.filter((m) => m.kind === 'chat');
  assert.ok(conversation.length >= 5);
  assert.ok(
    conversation.every((m) => m.deleted && m.text === ''),
    'every message is a tombstone',
  );
  assert.equal(ivan.welcome.history.at(-1)?.moderation?.action, 'clear', 'one system line says so');
  assert.ok(!JSON.stringify(ivan.welcome).includes('final words'));

  // The backend's signed route, for each control.
  const room = alice.welcome.room.room_id;
  const backend = async (body: Record<string, unknown>) => {
    const after = Date.now();
    const res = await cast.backend('/room/moderateChat', { room_id: room, ...body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, true);
    const m: RoomMessage = await moderationOf(alice, body.action as string, after);
    assert.equal(m.from, null, 'the backend speaks as the system');
    return res.body;
  };
  assert.equal((await backend({ action: 'lock_chat', locked: true })).locks.lock_chat, true);
  refusedWith(await moderationAct.send(alice, 'backend locked'), 'chat_locked');
  await backend({ action: 'lock_chat', locked: false });
  assert.deepEqual((await backend({ action: 'mute', user_id: 'alice', muted: true })).moderation.muted, ['alice']);
  refusedWith(await moderationAct.send(alice, 'backend muted'), 'participant_muted');
  await backend({ action: 'mute', user_id: 'alice', muted: false });
  assert.equal((await backend({ action: 'slow_mode', seconds: 60 })).moderation.slow_mode, 60);
  sent(await moderationAct.send(bob, 'one per minute'));
  refusedWith(await moderationAct.send(bob, 'two per minute'), 'slow_mode');
  await backend({ action: 'slow_mode', seconds: 0 });
  const pinMe = sent(await moderationAct.send(admin, 'pinned by the backend'));
  assert.deepEqual(
    (await backend({ action: 'pin', message_id: pinMe.id, pinned: true })).moderation.pins.map((p: any) => p.id),
    [pinMe.id],
  );
  await backend({ action: 'clear' });
  assert.ok((await late('jane')).welcome.history.filter((m) => m.kind === 'chat').every((m) => m.deleted));
  const missing = await cast.backend('/room/moderateChat', { room_id: 'no-such-room', action: 'clear' });
  assert.equal(missing.status, 404);
  const bad = await cast.backend('/room/moderateChat', { room_id: room, action: 'explode' });
  assert.equal(bad.status, 400);
  return { close: () => opened.forEach((c) => c.close()) };
}
