import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { connect, RoomRefusal } from '../../src/core/client.ts';
import type { RoomMessageEditedDetail, RoomPinChangeDetail } from '../../src/events/events.ts';
import { chatTexts, cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Issue 29 with the real room server: an admin and two users edit, pin and moderate through the menus (from the
 * keyboard) and the methods; every widget and a late joiner show the result at once; the chat stays axe-clean.
 */
const parts = (el: RoomChat, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const article = (el: RoomChat, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
const inside = (el: RoomChat, id: string, part: string) => [
  ...(article(el, id)?.querySelectorAll<HTMLElement>(`[part~="${part}"]`) ?? []),
];
const focused = (el: RoomChat) => el.shadowRoot!.activeElement as HTMLElement | null;
const notice = (el: RoomChat) => parts(el, 'composer-notice')[0]!.textContent!.trim();
const input = (el: RoomChat) => el.shadowRoot!.querySelector('textarea')!;
const pinned = (el: RoomChat) => parts(el, 'pinned-message').map((b) => b.textContent!.replace(/\s+/g, ' ').trim());
function messages(el: RoomChat) {
  const client = connect({ server: el.server, token: el.token! });
  client.close();
  return client.store.snapshot.chat.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
}
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    expect(error).to.be.instanceOf(RoomRefusal);
    return (error as RoomRefusal).code;
  }
  throw new Error('the write went through');
}
/** Opens message `id`'s menu from the keyboard and presses the item whose text starts with `label`. */
async function menuItem(el: RoomChat, id: string, label: string) {
  await until(() => inside(el, id, 'message-actions')[0], 'the actions button');
  inside(el, id, 'message-actions')[0]!.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => focused(el)?.getAttribute('part') === 'message-menu-item', 'the menu');
  for (let i = 0; i < 12 && !focused(el)!.textContent!.startsWith(label); i++) await sendKeys({ press: 'ArrowDown' });
  expect(focused(el)!.textContent).to.match(new RegExp(`^${label}`));
  await sendKeys({ press: 'Enter' });
}
/** Opens the admins' chat menu from the keyboard and presses the item `label`. */
async function chatMenuItem(el: RoomChat, label: string) {
  await until(() => parts(el, 'chat-menu-button')[0], 'the chat menu button');
  parts(el, 'chat-menu-button')[0]!.focus();
  await sendKeys({ press: 'Enter' });
  await until(() => focused(el)?.getAttribute('part') === 'chat-menu-item', 'the chat menu');
  for (let i = 0; i < 8 && focused(el)!.textContent !== label; i++) await sendKeys({ press: 'ArrowDown' });
  expect(focused(el)!.textContent).to.equal(label);
  await sendKeys({ press: 'Enter' });
  await until(() => parts(el, 'chat-menu').length === 0, 'the chat menu closed');
}

describe('<room-chat> edit, pin and moderate (issue 29)', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  async function threeOf(id: string) {
    const admin = await mountChat(server, await room.token(id, 'mod', { name: 'Mod', isAdmin: true }));
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    return { admin, alice, bob };
  }
  const late = async (id: string, user: string) => mountChat(server, await room.token(id, user, { name: user }));

  it('edit own from the menu by keyboard: every widget and a late joiner show the text and mark; Escape cancels; another’s refused', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await threeOf(id);
    const edits: RoomMessageEditedDetail[] = [];
    const onEdited = (e: CustomEvent<RoomMessageEditedDetail>) => edits.push(e.detail);
    document.addEventListener('room-message-edited', onEdited);
    try {
      await alice.send('see you at 3');
      const m = await until(() => messages(alice).find((x) => x.text === 'see you at 3' && x.id), 'sent');
      // Escape leaves editing without a change.
      await menuItem(alice, m.id, 'Edit');
      await until(() => focused(alice)?.tagName === 'TEXTAREA', 'the composer focused');
      expect(input(alice).value).to.equal('see you at 3');
      expect(parts(alice, 'edit-preview')[0]!.textContent).to.contain('Editing your message');
      await sendKeys({ press: 'Escape' });
      await until(() => parts(alice, 'edit-preview').length === 0, 'editing cancelled');
      expect(input(alice).value).to.equal('');
      // Edit for real: select all, type the new text, Enter.
      await menuItem(alice, m.id, 'Edit');
      await until(() => input(alice).value === 'see you at 3', 'the text to edit');
      input(alice).select();
      await sendKeys({ type: 'see you at 4' });
      await sendKeys({ press: 'Enter' });
      for (const el of [admin, alice, bob])
        await until(() => inside(el, m.id, 'message-edited').length === 1, 'the edited mark everywhere');
      for (const el of [admin, alice, bob])
        expect(inside(el, m.id, 'message-text')[0]!.textContent).to.equal('see you at 4');
      expect(inside(bob, m.id, 'message-edited')[0]!.textContent).to.equal('edited');
      expect(edits.map((e) => [e.messageId, e.text])).to.deep.equal([[m.id, 'see you at 4']]);
      const carol = await late(id, 'carol');
      await until(() => article(carol, m.id), 'the message at the late joiner');
      expect(inside(carol, m.id, 'message-text')[0]!.textContent).to.equal('see you at 4');
      expect(inside(carol, m.id, 'message-edited')).to.have.length(1);
      expect(chatTexts(carol).join()).not.to.contain('see you at 3');
      // Nobody else may: not bob, not the admin (whose menu offers no Edit on it).
      expect(await refusal(bob.editMessage(m.id, 'bob was here'))).to.equal('not_allowed');
      expect(await refusal(admin.editMessage(m.id, 'admin was here'))).to.equal('not_allowed');
      inside(admin, m.id, 'message-actions')[0]!.click();
      await until(() => parts(admin, 'message-menu-item').length > 0, 'the admin’s menu');
      expect(parts(admin, 'message-menu-item').map((b) => b.textContent)).not.to.include('Edit');
      await expect(alice).to.be.accessible();
    } finally {
      document.removeEventListener('room-message-edited', onEdited);
    }
  });

  it('pin: the bar for everyone and a late joiner, a click shows the message, unpin, a user refused, deleting unpins', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await threeOf(id);
    const changes: RoomPinChangeDetail[] = [];
    const onPin = (e: CustomEvent<RoomPinChangeDetail>) => changes.push(e.detail);
    document.addEventListener('room-pin-change', onPin);
    try {
      expect(parts(bob, 'pinned-message')).to.deep.equal([], 'no bar while nothing is pinned');
      await alice.send('the agenda is at example.org');
      const m = await until(() => messages(admin).find((x) => x.text.startsWith('the agenda')), 'at the admin');
      expect(await refusal(bob.pinMessage(m.id))).to.equal('not_allowed');
      await menuItem(admin, m.id, 'Pin');
      for (const el of [admin, alice, bob]) await until(() => pinned(el).length === 1, 'the pinned bar everywhere');
      expect(pinned(bob)).to.deep.equal(['Alice the agenda is at example.org']);
      expect(changes.map((c) => [c.messageId, c.pinned, c.pins.length])).to.deep.equal([[m.id, true, 1]]);
      const dave = await late(id, 'dave');
      await until(() => pinned(dave).length === 1, 'the pinned bar at the late joiner');
      parts(dave, 'pinned-message')[0]!.click();
      await until(() => focused(dave)?.dataset.messageId === m.id, 'the pinned message shown and focused');
      await expect(dave).to.be.accessible();
      // Unpin from the bar (admins have a button there), then pin again and delete: the bar empties.
      expect(parts(bob, 'pinned-unpin')).to.deep.equal([], 'users cannot unpin');
      parts(admin, 'pinned-unpin')[0]!.click();
      for (const el of [admin, alice, bob, dave]) await until(() => pinned(el).length === 0, 'unpinned everywhere');
      await admin.pinMessage(m.id);
      for (const el of [bob, dave]) await until(() => pinned(el).length === 1, 'pinned again');
      await alice.deleteMessage(m.id);
      for (const el of [admin, bob, dave])
        await until(() => pinned(el).length === 0, 'a deleted message leaves the bar');
    } finally {
      document.removeEventListener('room-pin-change', onPin);
    }
  });

  it('lock, mute, slow mode and clear from the admins’ chat menu by keyboard: the composer says why, late joiners too', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await threeOf(id);
    await alice.send('before the lock');
    await until(() => messages(bob).some((x) => x.text === 'before the lock'), 'a message');

    // Lock: a user's send is refused with chat_locked, the composer says why; unlock restores.
    await chatMenuItem(admin, 'Lock the chat');
    await until(() => input(bob).disabled, 'bob’s composer disabled');
    expect(notice(bob)).to.equal('The moderator has locked the chat.');
    const errors: string[] = [];
    bob.addEventListener('room-error', (e) => errors.push(e.detail.code));
    alice.addEventListener('room-error', (e) => errors.push(e.detail.code));
    expect(await bob.send('locked out')).to.equal(false);
    expect(errors).to.deep.equal(['chat_locked']);
    expect(input(admin).disabled).to.equal(false, 'admins still write');
    const frank = await late(id, 'frank');
    expect(input(frank).disabled).to.equal(true, 'a late joiner sees the lock');
    await chatMenuItem(admin, 'Unlock the chat');
    await until(() => !input(bob).disabled, 'unlocked');
    expect(await bob.send('free again')).to.equal(true);

    // Mute one user: only that one is refused; the menu on a message of theirs mutes and unmutes.
    const bobs = await until(() => messages(admin).find((x) => x.text === 'free again'), 'bob’s message at the admin');
    await menuItem(admin, bobs.id, 'Mute Bob');
    await until(() => input(bob).disabled, 'bob muted');
    expect(notice(bob)).to.equal('The moderator has muted your chat.');
    expect(input(alice).disabled).to.equal(false);
    expect(await alice.send('alice still speaks')).to.equal(true);
    expect(await refusal(bob.editMessage(bobs.id, 'muted edit'))).to.equal('participant_muted');
    await admin.muteParticipant('bob', false);
    await until(() => !input(bob).disabled, 'bob unmuted');

    // Slow mode 5 s: the hint, a second send within 5 s refused with slow_mode, the countdown.
    await chatMenuItem(admin, 'Slow mode: 5 s');
    await until(() => notice(alice) === 'Slow mode: one message every 5 s', 'the slow-mode hint');
    expect(await alice.send('slow one')).to.equal(true);
    expect(await alice.send('slow two')).to.equal(false);
    expect(errors).to.deep.equal(['chat_locked', 'participant_muted', 'slow_mode']);
    await until(() => /^Slow mode: you can send again in [1-5] s$/.test(notice(alice)), 'the countdown');
    await until(() => notice(frank) === 'Slow mode: one message every 5 s', 'the hint at frank too');
    await expect(alice).to.be.accessible();
    await admin.setSlowMode(0);
    await until(() => !input(alice).disabled && notice(frank) === '', 'slow mode off');

    // Clear: every message a tombstone for everyone and a late joiner, one line says so.
    await chatMenuItem(admin, 'Clear the chat');
    for (const el of [admin, alice, bob])
      await until(() => chatTexts(el).includes('The moderator cleared the chat.'), 'the cleared line');
    const said = ['before the lock', 'free again', 'alice still speaks', 'slow one'];
    for (const el of [admin, alice, bob]) for (const text of said) expect(chatTexts(el)).not.to.include(text);
    expect(parts(bob, 'message-deleted').length).to.be.greaterThan(3);
    const gina = await late(id, 'gina');
    await until(() => chatTexts(gina).includes('The moderator cleared the chat.'), 'the late joiner’s line');
    expect(chatTexts(gina)).to.deep.equal(['The moderator cleared the chat.'], 'nothing said before is left');
    expect(parts(gina, 'message-deleted').length).to.be.greaterThan(3);
    await expect(admin).to.be.accessible();
  });
});
