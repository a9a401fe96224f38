import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { connect } from '../../src/core/client.ts';
import { cleanup, mountChat, until } from './helpers.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 34's count-only room, in real chats against a real room server started with PRESENCE_LIST_MAX=2: four people
 * present, so no widget holds the list. The `@` suggestions and the "To" picker find people by asking the server.
 */
const parts = (el: RoomChat, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
function store(el: RoomChat) {
  const client = connect({ server: el.server, token: el.token! });
  client.close();
  return client.store.snapshot;
}

let rooms = 0;
async function largeRoom(users: Array<{ user_id: string; name: string }>) {
  const room_id = `large-${Date.now().toString(36)}-${++rooms}`;
  return executeServerCommand<{ url: string; tokens: string[] }, object>('room', { op: 'large-room', room_id, users });
}

describe('<room-chat> in a room too large to list', () => {
  afterEach(cleanup);

  it('holds the count, not the list; @ and the "To" picker search the server; a private message reaches its one reader', async () => {
    const { url, tokens } = await largeRoom([
      { user_id: 'alice', name: 'Alice' },
      { user_id: 'bob', name: 'Bob Stone' },
      { user_id: 'bea', name: 'Bea Stone' },
      { user_id: 'carl', name: 'Carl' },
    ]);
    const chats: RoomChat[] = [];
    for (const t of tokens) chats.push(await mountChat(url, t));
    // alice, bob, (bea), carl
    const [a, b, , c] = chats as [RoomChat, RoomChat, RoomChat, RoomChat];
    await until(() => store(a).participantCount === 4, 'alice counts four');
    expect(store(c).participants.length).to.be.below(4, 'carl, the last in, was welcomed with the count alone');
    expect(store(c).participantCount).to.equal(4);

    // @ suggestions come from the server, however few the widget holds.
    const composer = c.shadowRoot!.querySelector('textarea')!;
    composer.focus();
    await sendKeys({ type: 'hi @sto' });
    await until(() => parts(c, 'mention-option').length === 2, 'two Stones from the server');
    expect(parts(c, 'mention-option').map((o) => o.textContent)).to.deep.equal(['Bea Stone', 'Bob Stone']);
    // ↓ makes Bob the active option, and a search answered late (for "@st") neither replaces the list nor resets it
    // (seen in CI under load: Enter took Bea).
    await sendKeys({ press: 'ArrowDown' });
    const active = () =>
      parts(c, 'mention-option').find((o) => o.getAttribute('aria-selected') === 'true')?.textContent;
    await until(() => active() === 'Bob Stone', 'Bob Stone to be the active option');
    await pause(300);
    expect(active()).to.equal('Bob Stone');
    await sendKeys({ press: 'Enter' });
    expect(composer.value).to.equal('hi @Bob Stone ');
    await expect(c).to.be.accessible();

    // The "To" picker is a search field whose options come from the server.
    const picker = await until(() => parts(c, 'recipient-search')[0] as HTMLInputElement | undefined, 'the picker');
    picker.focus();
    await sendKeys({ type: 'Bob' });
    await until(
      () =>
        [...c.shadowRoot!.querySelectorAll('datalist option')].some(
          (o) => (o as HTMLOptionElement).value === 'Bob Stone',
        ),
      'Bob Stone offered',
    );
    picker.value = 'Bob Stone';
    picker.dispatchEvent(new Event('change'));
    await expect(c).to.be.accessible();
    composer.focus();
    await sendKeys({ type: 'just for you' });
    await sendKeys({ press: 'Enter' });
    const texts = (el: RoomChat) =>
      store(el).chat.flatMap((e) =>
        e.kind === 'message' ? [`${e.message.text}${e.message.private ? ' (private)' : ''}`] : [],
      );
    await until(() => texts(b).includes('hi @Bob Stone just for you (private)'), 'the private message at bob');
    await new Promise((r) => setTimeout(r, 300));
    expect(texts(a)).not.to.include('hi @Bob Stone just for you (private)');
  });
});
