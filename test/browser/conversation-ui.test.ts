import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { connect, RoomRefusal } from '../../src/core/client.ts';
import type { RoomMentionDetail, RoomMessageDeletedDetail, RoomReactionChangeDetail } from '../../src/events/events.ts';
import { chatTexts, cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Issue 15's widget half with the real room server: an admin and two users reply, react, un-react and delete through
 * the methods and the action menu; late and resumed widgets show the same; the menu works from the keyboard alone.
 */
const parts = (el: RoomChat, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const article = (el: RoomChat, id: string) => el.shadowRoot!.querySelector<HTMLElement>(`[data-message-id="${id}"]`);
const inside = (el: RoomChat, id: string, part: string) => [
  ...(article(el, id)?.querySelectorAll<HTMLElement>(`[part~="${part}"]`) ?? []),
];
/** What a reader sees under a message: each reaction's text, whether it is theirs, and who reacted. */
const reactions = (el: RoomChat, id: string) =>
  inside(el, id, 'reaction').map((b) => ({
    text: b.textContent!.trim(),
    mine: b.getAttribute('aria-pressed'),
    who: b.title,
  }));
const quoteOf = (el: RoomChat, id: string) =>
  inside(el, id, 'message-quote')[0]?.textContent!.replace(/\s+/g, ' ').trim();
const focused = (el: RoomChat) => el.shadowRoot!.activeElement as HTMLElement | null;
/** The chat's room as its store holds it (a second hold on the same page-wide room, let go at once). */
function store(el: RoomChat) {
  const client = connect({ server: el.server, token: el.token! });
  client.close();
  return client.store.snapshot;
}
const messages = (el: RoomChat) => store(el).chat.flatMap((e) => (e.kind === 'message' ? [e.message] : []));

describe('<room-chat> conversation: replies, reactions, deleting, mentions', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  async function threeOf(id: string) {
    const admin = await mountChat(server, await room.token(id, 'mod', { name: 'Mod', isAdmin: true }));
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    return { admin, alice, bob };
  }

  it('reply, react, un-react, delete own, an admin deletes another’s, a user is refused; late and resumed widgets agree', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await threeOf(id);
    const deletions: RoomMessageDeletedDetail[] = [];
    const changes: RoomReactionChangeDetail[] = [];
    const onDeleted = (e: CustomEvent<RoomMessageDeletedDetail>) => deletions.push(e.detail);
    const onReaction = (e: CustomEvent<RoomReactionChangeDetail>) => changes.push(e.detail);
    document.addEventListener('room-message-deleted', onDeleted);
    document.addEventListener('room-reaction-change', onReaction);
    try {
      expect(await alice.send('lunch at noon?')).to.equal(true);
      const original = await until(() => messages(bob).find((m) => m.text === 'lunch at noon?'), 'the question at bob');

      const reply = await bob.reply(original.id, 'yes, the usual place');
      const second = await admin.reply(original.id, 'count me in');
      expect(reply.replyTo).to.include({ id: original.id, excerpt: 'lunch at noon?' });
      await until(() => article(alice, reply.id), 'the reply at alice');
      expect(quoteOf(alice, reply.id)).to.equal('Alice (you) lunch at noon?');
      expect(quoteOf(admin, reply.id)).to.equal('Alice lunch at noon?');
      // The quote of a loaded original is a button that brings the original into view and focus.
      inside(alice, reply.id, 'message-quote')[0]!.click();
      await until(() => focused(alice)?.dataset.messageId === original.id, 'the original focused');

      await bob.react(original.id, '👍');
      await admin.react(original.id, '👍');
      await alice.react(original.id, '🎉');
      await until(
        () => reactions(alice, original.id).length === 2 && reactions(alice, original.id)[0]!.text === '👍 2',
        'both reactions at alice',
      );
      expect(reactions(alice, original.id)).to.deep.equal([
        { text: '👍 2', mine: 'false', who: 'Bob, Mod' },
        { text: '🎉 1', mine: 'true', who: 'Alice' },
      ]);
      await until(() => reactions(bob, original.id)[0]?.text === '👍 2', 'the count at bob');
      expect(reactions(bob, original.id)[0]!.mine).to.equal('true');
      // Un-reacting by clicking one's own reaction.
      inside(bob, original.id, 'reaction')[0]!.click();
      await until(() => reactions(alice, original.id)[0]?.text === '👍 1', 'bob’s reaction gone at alice');
      expect(reactions(alice, original.id)[0]!.who).to.equal('Mod');
      await until(() => reactions(bob, original.id)[0]?.mine === 'false', 'bob’s reaction no longer his');
      expect(
        changes.filter((c) => c.messageId === original.id).map((c) => [c.emoji, c.on, c.from?.userId]),
      ).to.deep.equal([
        ['👍', true, 'bob'],
        ['👍', true, 'mod'],
        ['🎉', true, 'alice'],
        ['👍', false, 'bob'],
      ]);

      // A user is refused deleting someone else's message: the promise rejects, the composer says why, room-error.
      const errors: string[] = [];
      bob.addEventListener('room-error', (e) => errors.push(e.detail.code));
      const refused = await bob.deleteMessage(original.id).then(
        () => null,
        (e: RoomRefusal) => e,
      );
      expect(refused).to.be.instanceOf(RoomRefusal);
      expect(refused!.code).to.equal('not_allowed');
      expect(errors).to.deep.equal(['not_allowed']);
      await bob.updateComplete;
      expect(parts(bob, 'composer-notice')[0]!.textContent).to.match(/author or an admin/);
      expect(chatTexts(alice)).to.include('lunch at noon?');

      // The author deletes her own; the quote in the reply is scrubbed everywhere.
      await alice.deleteMessage(original.id);
      for (const el of [admin, alice, bob]) {
        await until(() => inside(el, original.id, 'message-deleted').length === 1, 'the tombstone');
        await until(() => quoteOf(el, reply.id)?.endsWith('Message deleted'), 'the scrubbed quote');
        expect(el.shadowRoot!.innerHTML).not.to.contain('lunch at noon');
        expect(reactions(el, original.id)).to.deep.equal([]);
      }

      // A widget that is offline meanwhile: the admin deletes bob's reply and reacts to a new message.
      const state = (el: RoomChat) => el.shadowRoot!.querySelector('[part="status"]')!.textContent;
      const held = connect({ server, token: bob.token! });
      held.connection.simulateNetworkDrop();
      held.close();
      await until(() => state(bob) !== 'Connected', 'bob offline');
      await admin.deleteMessage(reply.id);
      await admin.send('one more thing');
      const later = messages(admin).find((m) => m.text === 'one more thing')!;
      await alice.react(later.id, '❤️');
      const answer = await alice.reply(later.id, 'noted');
      await until(() => state(bob) === 'Connected', 'bob back', 10_000);
      await until(
        () => inside(bob, reply.id, 'message-deleted').length === 1,
        'the admin’s deletion at the resumed bob',
      );
      await until(() => reactions(bob, later.id)[0]?.text === '❤️ 1', 'the reaction at the resumed bob');
      await until(() => quoteOf(bob, answer.id) === 'Mod one more thing', 'the quote at the resumed bob');
      expect(deletions.map((d) => [d.messageId, d.byAdmin, d.by?.userId])).to.deep.equal([
        [original.id, false, 'alice'],
        [reply.id, true, 'mod'],
      ]);

      // A late joiner sees the same tombstones, quotes and counts.
      const carol = await mountChat(server, await room.token(id, 'carol', { name: 'Carol' }));
      for (const el of [carol, bob]) {
        expect(inside(el, original.id, 'message-deleted').length).to.equal(1);
        expect(inside(el, reply.id, 'message-deleted').length).to.equal(1);
        expect(reactions(el, later.id)).to.deep.equal([{ text: '❤️ 1', mine: 'false', who: 'Alice' }]);
        expect(quoteOf(el, answer.id)).to.equal('Mod one more thing');
        expect(quoteOf(el, second.id), 'a quote of the deleted original').to.equal('Alice Message deleted');
        expect(el.shadowRoot!.innerHTML).not.to.contain('lunch at noon').and.not.to.contain('the usual place');
      }
    } finally {
      document.removeEventListener('room-message-deleted', onDeleted);
      document.removeEventListener('room-reaction-change', onReaction);
    }
  });

  it('the action menu from the keyboard alone: open, arrow, react, Escape, reply, delete', async () => {
    const id = await freshRoom();
    const { admin, alice } = await threeOf(id);
    await alice.send('keyboard only');
    const m = await until(() => messages(alice).find((x) => x.text === 'keyboard only'), 'the message');
    await until(() => inside(alice, m.id, 'message-actions')[0], 'the actions button');
    inside(alice, m.id, 'message-actions')[0]!.focus();

    await sendKeys({ press: 'Enter' });
    await until(() => focused(alice)?.getAttribute('part') === 'message-menu-item', 'the first item focused');
    expect(focused(alice)!.textContent).to.equal('Reply');
    expect(inside(alice, m.id, 'message-actions')[0]!.getAttribute('aria-expanded')).to.equal('true');
    await sendKeys({ press: 'ArrowDown' });
    expect(focused(alice)!.getAttribute('aria-label')).to.equal('React with 👍');
    // The message changing under the open menu (someone else reacts) leaves focus where the user put it.
    await admin.react(m.id, '😮');
    await until(() => reactions(alice, m.id).length === 1, 'the admin’s reaction under the open menu');
    await new Promise((r) => requestAnimationFrame(r));
    expect(focused(alice)!.getAttribute('aria-label')).to.equal('React with 👍');
    await sendKeys({ press: 'Enter' });
    await until(() => reactions(alice, m.id)[1]?.text === '👍 1', 'the reaction');
    expect(reactions(alice, m.id).map((r) => r.text)).to.deep.equal(['😮 1', '👍 1']);
    await until(() => focused(alice)?.getAttribute('part') === 'message-actions', 'focus back on the button');
    expect(inside(alice, m.id, 'message-menu')).to.deep.equal([]);

    // Escape closes and returns focus; End reaches Delete (her own message), Home comes back to Reply.
    await sendKeys({ press: 'Enter' });
    await until(() => focused(alice)?.getAttribute('part') === 'message-menu-item', 'the menu again');
    await sendKeys({ press: 'End' });
    expect(focused(alice)!.textContent).to.equal('Delete');
    await sendKeys({ press: 'Home' });
    expect(focused(alice)!.textContent).to.equal('Reply');
    await sendKeys({ press: 'Escape' });
    await until(() => inside(alice, m.id, 'message-menu').length === 0, 'the menu closed');
    expect(focused(alice)?.getAttribute('part')).to.equal('message-actions');

    // Reply from the menu: the composer shows whom, Enter sends the reply with its quote.
    await sendKeys({ press: 'Enter' });
    await until(() => focused(alice)?.textContent === 'Reply', 'Reply focused');
    await sendKeys({ press: 'Enter' });
    await until(() => focused(alice)?.tagName === 'TEXTAREA', 'the composer focused');
    expect(parts(alice, 'reply-preview')[0]!.textContent).to.contain('Replying to Alice (you)');
    await sendKeys({ type: 'answering myself' });
    await sendKeys({ press: 'Enter' });
    const reply = await until(
      () => messages(admin).find((x) => x.text === 'answering myself'),
      'the reply at the admin',
    );
    expect(reply.replyTo?.id).to.equal(m.id);
    expect(parts(alice, 'reply-preview')).to.deep.equal([]);

    // The admin's menu on alice's message offers Delete; Enter on it deletes for everyone.
    await until(() => inside(admin, m.id, 'message-actions')[0], 'the admin’s actions button');
    inside(admin, m.id, 'message-actions')[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => focused(admin)?.getAttribute('part') === 'message-menu-item', 'the admin’s menu');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(admin)!.textContent).to.equal('Delete');
    await sendKeys({ press: 'Enter' });
    await until(() => inside(alice, m.id, 'message-deleted').length === 1, 'deleted at alice');
    expect(inside(alice, m.id, 'message-actions')).to.deep.equal([], 'a tombstone has no actions');
  });

  it('a reply from the composer to a private message stays with the pair, whatever the To picker says', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await threeOf(id);
    await until(() => store(alice).participants.length === 3, 'everyone present at alice');
    expect(await alice.send('psst', 'bob')).to.equal(true);
    const m = await until(() => messages(bob).find((x) => x.text === 'psst'), 'the private message at bob');
    await until(() => inside(bob, m.id, 'message-actions')[0], 'the button')!.then((b) => b.click());
    const reply = await until(
      () => inside(bob, m.id, 'message-menu-item').find((b) => b.textContent === 'Reply'),
      'Reply',
    );
    reply.click();
    await until(() => parts(bob, 'reply-preview')[0], 'the reply preview');
    const composer = bob.shadowRoot!.querySelector('textarea')!;
    // The picker names someone outside the pair: the reply still goes to alice alone.
    const picker = bob.shadowRoot!.querySelector<HTMLSelectElement>('[part~="recipient"]')!;
    picker.value = 'mod';
    picker.dispatchEvent(new Event('change'));
    composer.value = 'got it';
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    const answer = await until(() => messages(alice).find((x) => x.text === 'got it'), 'the reply at alice');
    expect(answer).to.deep.include({ private: true, replyTo: { id: m.id, from: m.from, excerpt: 'psst' } });
    await admin.send('sync point');
    await until(
      () =>
        messages(admin).some((x) => x.text === 'sync point') && messages(alice).some((x) => x.text === 'sync point'),
      'a later message',
    );
    expect(messages(admin).map((x) => x.text)).to.deep.equal(['sync point'], 'the admin saw neither');
  });

  it('in German: the menu, the reactions group and a refusal are worded through the locale', async () => {
    const id = await freshRoom();
    const chat = Object.assign(document.createElement('room-chat'), {
      server,
      token: await room.token(id, 'uma', { name: 'Uma' }),
      locale: 'de',
    });
    chat.style.height = '400px';
    document.body.append(chat);
    await until(
      () => chat.shadowRoot!.querySelector('[part="status"]')?.textContent === 'Verbunden',
      'the German status line',
    );
    await chat.send('hallo');
    const m = await until(() => messages(chat).find((x) => x.text === 'hallo' && x.seq !== null), 'the message');
    await chat.react(m.id, '👍');
    await until(() => inside(chat, m.id, 'reactions')[0], 'the reactions');
    expect(inside(chat, m.id, 'reactions')[0]!.getAttribute('aria-label')).to.equal('Reaktionen');
    expect(inside(chat, m.id, 'reaction')[0]!.getAttribute('aria-label')).to.equal('👍 1 von Uma');
    inside(chat, m.id, 'message-actions')[0]!.click();
    await until(() => inside(chat, m.id, 'message-menu-item').length > 0, 'the menu');
    const items = inside(chat, m.id, 'message-menu-item');
    expect([items[0]!.textContent, items[1]!.getAttribute('aria-label'), items.at(-1)!.textContent]).to.deep.equal([
      'Antworten',
      'Mit 👍 reagieren',
      'Löschen',
    ]);
    const refusal = await chat.react(m.id, 'not an emoji').catch((e: RoomRefusal) => e);
    expect((refusal as RoomRefusal).code).to.equal('reaction_invalid');
    await chat.updateComplete;
    expect(parts(chat, 'composer-notice')[0]!.textContent).to.equal('Das ist keine Reaktion.');
  });

  it('a user’s menu on someone else’s message has no Delete', async () => {
    const id = await freshRoom();
    const { admin, bob } = await threeOf(id);
    await admin.send('from the moderator');
    const m = await until(() => messages(bob).find((x) => x.text === 'from the moderator'), 'the message at bob');
    await until(() => inside(bob, m.id, 'message-actions')[0], 'the button')!;
    inside(bob, m.id, 'message-actions')[0]!.click();
    await until(() => inside(bob, m.id, 'message-menu-item').length > 0, 'the menu');
    expect(inside(bob, m.id, 'message-menu-item').map((b) => b.textContent)).to.deep.equal([
      'Reply',
      '👍',
      '❤️',
      '😂',
      '😮',
      '🎉',
      '👏',
      // Issue 31: the emoji picker for any other reaction.
      'More reactions…',
    ]);
  });

  it('@ suggests participants from the keyboard; the mentioned user sees the mark, a count and an event; axe-clean', async () => {
    const id = await freshRoom();
    const { alice, bob } = await threeOf(id);
    const heard: RoomMentionDetail[] = [];
    const onMention = (e: CustomEvent<RoomMentionDetail>) => heard.push(e.detail);
    document.addEventListener('room-mention', onMention);
    try {
      const composer = alice.shadowRoot!.querySelector('textarea')!;
      await until(() => store(alice).participants.length === 3, 'the participants at alice');
      composer.focus();
      await sendKeys({ type: 'hey @' });
      const list = await until(() => parts(alice, 'mention-suggestions')[0], 'the suggestions');
      expect(list.getAttribute('role')).to.equal('listbox');
      expect(parts(alice, 'mention-option').map((o) => o.textContent)).to.deep.equal(['Mod', 'Bob']);
      // Moving the caret away closes the list; typing after the @ again reopens it.
      await sendKeys({ press: 'ArrowLeft' });
      await until(() => parts(alice, 'mention-suggestions').length === 0, 'the list closed by the caret');
      await sendKeys({ press: 'ArrowRight' });
      await sendKeys({ type: 'b' });
      await until(() => parts(alice, 'mention-option').length === 1, 'narrowed to Bob');
      expect(composer.getAttribute('aria-activedescendant')).to.equal('mention-0');
      await expect(alice).to.be.accessible();
      await sendKeys({ press: 'Enter' });
      expect(composer.value).to.equal('hey @Bob ');
      expect(parts(alice, 'mention-suggestions')).to.deep.equal([]);
      await sendKeys({ type: 'look at this' });
      await sendKeys({ press: 'Enter' });

      const m = await until(() => messages(bob).find((x) => x.text === 'hey @Bob look at this'), 'the mention at bob');
      expect(m.mentions).to.deep.equal(['bob']);
      await until(() => article(bob, m.id), 'rendered at bob');
      expect(article(bob, m.id)!.getAttribute('part')).to.contain('message-mention');
      expect(article(bob, m.id)!.textContent).to.contain('Mentions you');
      expect(article(alice, m.id)!.getAttribute('part')).not.to.contain('message-mention');
      await until(() => heard.length === 1, 'the room-mention event');
      expect(heard[0]).to.include({ id: m.id, text: 'hey @Bob look at this', mentions: 1 });
      expect(heard[0]!.from?.userId).to.equal('alice');

      // Replies, reactions and an open menu stay accessible.
      await bob.reply(m.id, 'seen');
      await bob.react(m.id, '👍');
      await until(
        () => reactions(alice, m.id).length === 1 && messages(alice).some((x) => x.text === 'seen'),
        'the reply and reaction at alice',
      );
      inside(alice, m.id, 'message-actions')[0]!.click();
      await until(() => inside(alice, m.id, 'message-menu').length === 1, 'the menu open');
      await expect(alice).to.be.accessible();
    } finally {
      document.removeEventListener('room-mention', onMention);
    }
  });

  it('the store counts unread mentions and a late-mounted chat shows the same state', async () => {
    const id = await freshRoom();
    const aliceToken = await room.token(id, 'alice', { name: 'Alice' });
    const bobToken = await room.token(id, 'bob', { name: 'Bob' });
    const alice = await mountChat(server, aliceToken);
    // Bob has no chat on the page, only the headless client: nothing shows his messages, so they stay unread.
    const bobClient = connect({ server, token: bobToken });
    try {
      await until(() => bobClient.store.snapshot.connection === 'connected', 'bob connected');
      await until(() => store(alice).participants.length === 2, 'bob present');
      await alice.send('@bob one');
      await alice.send('no mention');
      await alice.send('@Bob two');
      await until(() => bobClient.store.snapshot.mentions === 2, 'two unread mentions');
      expect(bobClient.store.snapshot.unread.unread).to.equal(3);
      const two = bobClient.store.snapshot.chat.at(-1)!;
      await bobClient.react(two.id, '👀');
      const unseen = Object.assign(document.createElement('room-chat'), { server, token: bobToken });
      unseen.hidden = true;
      document.body.append(unseen);
      await until(() => unseen.mentions === 2, 'a hidden chat reports the count');
      expect(unseen.unread.unread).to.equal(3);
      unseen.remove();
      const mounted = await mountChat(server, bobToken);
      await until(() => reactions(mounted, two.id)[0]?.text === '👀 1', 'the reaction in the late chat');
      expect(reactions(mounted, two.id)[0]!.mine).to.equal('true');
      await until(() => bobClient.store.snapshot.mentions === 0, 'read once a visible chat shows them');
    } finally {
      bobClient.close();
    }
  });
});
