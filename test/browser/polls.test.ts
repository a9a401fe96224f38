import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { connect, RoomRefusal } from '../../src/core/client.ts';
import type { HandChange } from '../../src/core/public-types.ts';
import type { RoomPollChangeDetail } from '../../src/events/events.ts';
import { cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Issue 30 with the real room server: an admin and three users create, vote on and close polls through the chat's UI
 * (the keyboard alone too); every card agrees; an anonymous poll names nobody in the DOM or in any socket frame;
 * a late joiner sees the closed results; a raised hand reaches the admin, who lowers it.
 */

/** Every WebSocket frame this page receives, whichever socket (each chat here has its own token, so its own socket). */
const frames: string[] = [];
for (const proto of [WebSocket.prototype]) {
  const onmessage = Object.getOwnPropertyDescriptor(proto, 'onmessage')!;
  Object.defineProperty(proto, 'onmessage', {
    ...onmessage,
    set(this: WebSocket, listener: ((e: MessageEvent) => void) | null) {
      onmessage.set!.call(
        this,
        listener &&
          ((e: MessageEvent) => {
            if (typeof e.data === 'string') frames.push(e.data);
            listener.call(this, e);
          }),
      );
    },
  });
}

const NAMES = { mod: 'Mona Admin', alice: 'Alice Voter', bob: 'Bob Voter', carol: 'Carol Voter' };
const parts = (el: Element | ShadowRoot | null | undefined, name: string) => [
  ...((el instanceof Element ? (el.shadowRoot ?? el) : el)?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? []),
];
const card = (el: RoomChat, id: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[data-message-id="${id}"] [part~="poll"]`);
/** What a reader sees on a poll's answers: each result (`2 · 67%`). */
const results = (el: RoomChat, id: string) => parts(card(el, id), 'poll-result').map((r) => r.textContent!.trim());
const chosen = (el: RoomChat, id: string) =>
  parts(card(el, id), 'poll-option').map((b) => b.getAttribute('aria-pressed'));
const option = (el: RoomChat, id: string, i: number) => parts(card(el, id), 'poll-option')[i]!;
function store(el: RoomChat) {
  const client = connect({ server: el.server, token: el.token! });
  client.close();
  return client.store.snapshot;
}

describe('<room-chat> polls and raised hands', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  async function fourOf(id: string) {
    const admin = await mountChat(server, await room.token(id, 'mod', { name: NAMES.mod, isAdmin: true }));
    const alice = await mountChat(server, await room.token(id, 'alice', { name: NAMES.alice }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: NAMES.bob }));
    const carol = await mountChat(server, await room.token(id, 'carol', { name: NAMES.carol }));
    return { admin, alice, bob, carol, users: [alice, bob, carol], all: [admin, alice, bob, carol] };
  }

  it('the admin creates a poll from the form; each user votes; every card agrees; a changed vote moves one count; closed refuses votes; a late joiner sees the results', async () => {
    const id = await freshRoom();
    const { admin, alice, bob, carol, users, all } = await fourOf(id);
    const changes: RoomPollChangeDetail[] = [];
    const onChange = (e: CustomEvent<RoomPollChangeDetail>) => changes.push(e.detail);
    document.addEventListener('room-poll-change', onChange);
    try {
      // Only the admin is offered the poll button (the room allows admins only).
      await until(() => parts(admin, 'poll-button')[0], 'the poll button at the admin');
      await until(() => parts(alice, 'hand-button')[0], 'the hand button at alice');
      expect(parts(alice, 'poll-button')).to.have.length(0);
      parts(admin, 'poll-button')[0]!.click();
      const form = await until(() => parts(admin, 'poll-form')[0], 'the poll form');
      const inputs = [...form.querySelectorAll<HTMLInputElement>('input[type=text]')];
      inputs[0]!.value = 'Where do we eat?';
      inputs[1]!.value = 'Pizza';
      inputs[2]!.value = 'Salad';
      form.querySelector<HTMLButtonElement>('button:not([type=submit])')!.click(); // "Add an answer"
      await admin.updateComplete;
      parts(admin, 'poll-form')[0]!.querySelectorAll<HTMLInputElement>('input[type=text]')[3]!.value = 'Soup';
      parts(admin, 'poll-create')[0]!.click();
      const poll = await until(
        () => store(alice).chat.find((e) => e.kind === 'message' && e.message.kind === 'poll'),
        'the poll at alice',
      );
      for (const el of all) await until(() => results(el, poll.id).length === 3, 'the poll card everywhere');
      expect(parts(admin, 'poll-form')).to.have.length(0, 'the form closes once the poll is created');
      expect(card(bob, poll.id)!.textContent).to.contain('Where do we eat?');

      option(alice, poll.id, 0).click();
      option(bob, poll.id, 0).click();
      option(carol, poll.id, 1).click();
      for (const el of all)
        await until(() => results(el, poll.id).join() === '2 · 67%,1 · 33%,0 · 0%', `the same counts at ${el.token}`);
      expect(chosen(alice, poll.id)).to.deep.equal(['true', 'false', 'false']);
      expect(chosen(carol, poll.id)).to.deep.equal(['false', 'true', 'false']);
      expect(chosen(admin, poll.id)).to.deep.equal(['false', 'false', 'false']);
      // Not anonymous: an answer's tooltip names who chose it.
      expect(option(admin, poll.id, 0).title).to.equal(`Chosen by ${NAMES.alice}, ${NAMES.bob}`);

      // Bob changes his mind: a second choice on a single-choice poll replaces the first; one count moves.
      option(bob, poll.id, 2).click();
      for (const el of all)
        await until(() => results(el, poll.id).join() === '1 · 33%,1 · 33%,1 · 33%', 'the moved count everywhere');
      expect(chosen(bob, poll.id)).to.deep.equal(['false', 'false', 'true']);
      expect(changes.at(-1)?.pollId).to.equal(poll.id);

      await expect(admin).to.be.accessible();
      await expect(alice).to.be.accessible();

      // Only the creator or an admin is offered "Close poll".
      expect(parts(card(alice, poll.id), 'poll-close')).to.have.length(0);
      parts(card(admin, poll.id), 'poll-close')[0]!.click();
      for (const el of all)
        await until(() => option(el, poll.id, 0).hasAttribute('disabled'), 'the poll closed everywhere');
      const headless = connect({ server, token: alice.token! });
      try {
        await until(() => headless.store.snapshot.connection === 'connected', 'the headless client');
        const refusal = await headless.vote(poll.id, ['1']).catch((e: RoomRefusal) => e);
        expect(refusal).to.be.instanceOf(RoomRefusal);
        expect((refusal as RoomRefusal).code).to.equal('poll_closed');
      } finally {
        headless.close();
      }
      for (const el of users) expect(card(el, poll.id)!.textContent).to.contain('Closed');

      const dave = await mountChat(server, await room.token(id, 'dave', { name: 'Dave Late' }));
      await until(() => results(dave, poll.id).join() === '1 · 33%,1 · 33%,1 · 33%', 'the results at the late joiner');
      expect(option(dave, poll.id, 0).hasAttribute('disabled')).to.equal(true);
      expect(card(dave, poll.id)!.textContent).to.contain('Closed');
      await expect(dave).to.be.accessible();
    } finally {
      document.removeEventListener('room-poll-change', onChange);
    }
  });

  it('an anonymous poll names no voter in any card or in any socket frame the page receives; multiple choice counts each answer', async () => {
    const id = await freshRoom();
    const { admin, alice, bob, carol, all } = await fourOf(id);
    const poll = await admin.createPoll({
      question: 'Which days suit you?',
      options: ['Mon', 'Tue', 'Wed'],
      multiple: true,
      anonymous: true,
    });
    for (const el of all) await until(() => results(el, poll.id).length === 3, 'the card everywhere');
    option(alice, poll.id, 0).click();
    await until(() => chosen(alice, poll.id)[0] === 'true', 'alice’s first answer');
    option(alice, poll.id, 2).click();
    option(bob, poll.id, 2).click();
    option(carol, poll.id, 1).click();
    for (const el of all)
      await until(() => results(el, poll.id).join() === '1 · 33%,1 · 33%,2 · 67%', 'the counts everywhere');
    expect(chosen(alice, poll.id)).to.deep.equal(['true', 'false', 'true']);
    for (const el of all) {
      const shown = card(el, poll.id)!;
      const text = `${shown.textContent} ${parts(shown, 'poll-option')
        .map((b) => b.title)
        .join(' ')}`;
      for (const name of [NAMES.alice, NAMES.bob, NAMES.carol]) expect(text).not.to.contain(name);
      expect(shown.textContent).to.contain('Anonymous');
    }
    const aboutPoll = frames.filter((f) => f.includes(poll.id));
    expect(aboutPoll.length).to.be.greaterThan(8, 'the poll and its updates reached every socket');
    for (const frame of aboutPoll)
      for (const voter of ['alice', 'bob', 'carol']) {
        expect(frame).not.to.contain(NAMES[voter as 'alice']);
        expect(frame).not.to.contain(`"${voter}"`);
      }
  });

  it('keyboard only: the admin creates a poll and a user votes and changes the vote', async () => {
    const id = await freshRoom();
    const { admin, alice } = await fourOf(id);
    (await until(() => parts(admin, 'poll-button')[0], 'the poll button')).focus();
    await sendKeys({ press: 'Enter' });
    await until(() => admin.shadowRoot!.activeElement?.getAttribute('name') === 'question', 'the question focused');
    await sendKeys({ type: 'Tea or coffee?' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Tea' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Coffee' });
    await sendKeys({ press: 'Enter' });
    const poll = await until(
      () => store(alice).chat.find((e) => e.kind === 'message' && e.message.kind === 'poll'),
      'the poll at alice',
    );
    await until(() => results(alice, poll.id).length === 2, 'the card at alice');
    option(alice, poll.id, 0).focus();
    await sendKeys({ press: 'Space' });
    await until(() => results(admin, poll.id).join() === '1 · 100%,0 · 0%', 'the vote at the admin');
    await sendKeys({ press: 'Tab' });
    expect(alice.shadowRoot!.activeElement).to.equal(option(alice, poll.id, 1));
    await sendKeys({ press: 'Enter' });
    await until(() => results(admin, poll.id).join() === '0 · 0%,1 · 100%', 'the changed vote at the admin');
    expect(chosen(alice, poll.id)).to.deep.equal(['false', 'true']);
  });

  it('a raised hand reaches the admin’s store and list, oldest first; the admin lowers it; late joiners see hands', async () => {
    const id = await freshRoom();
    const { admin, alice, bob } = await fourOf(id);
    const heard: HandChange[] = [];
    const client = connect({ server, token: admin.token! });
    const off = client.on('hand', (h) => heard.push(h));
    try {
      (await until(() => parts(alice, 'hand-button')[0], 'alice’s hand button')).click();
      await until(() => store(admin).hands.length === 1, 'the hand in the admin’s store');
      parts(bob, 'hand-button')[0]!.click();
      await until(() => store(admin).hands.length === 2, 'both hands');
      expect(store(admin).hands.map((h) => h.name)).to.deep.equal([NAMES.alice, NAMES.bob]);
      expect(heard[0]).to.deep.include({ userId: 'alice', name: NAMES.alice, raised: true });
      await until(() => parts(admin, 'hand-lower').length === 2, 'the admin’s list of hands');
      expect(parts(admin, 'hands')[0]!.textContent).to.contain(NAMES.alice);
      expect(parts(alice, 'hands')).to.have.length(0, 'only admins see the list');
      await until(() => parts(alice, 'hand-button')[0]!.getAttribute('aria-pressed') === 'true', 'alice’s hand up');
      await expect(admin).to.be.accessible();

      const late = await mountChat(server, await room.token(id, 'erin', { name: 'Erin' }));
      expect(store(late).hands.map((h) => h.userId)).to.deep.equal(['alice', 'bob']);

      parts(admin, 'hand-lower')[0]!.click();
      await until(() => parts(alice, 'hand-button')[0]!.getAttribute('aria-pressed') === 'false', 'alice’s hand down');
      await until(() => store(admin).hands.length === 1, 'one hand left at the admin');
      expect(heard.at(-1)).to.deep.include({ userId: 'alice', raised: false, byAdmin: true });
      // A user lowers their own from the button.
      parts(bob, 'hand-button')[0]!.click();
      await until(() => store(admin).hands.length === 0, 'no hand left');
      expect(parts(admin, 'hands')).to.have.length(0);
    } finally {
      off();
      client.close();
    }
  });
});
