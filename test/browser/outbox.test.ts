import { expect } from '@open-wc/testing';
import { chatTexts, cleanup, freshRoom, mountChat, room, until } from './helpers.ts';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';

/*
 * Issue 25: every write carries a client id, and an outbox sends what was written while the connection was down,
 * through a proxy that loses answers and cuts connections (test/cutting-proxy.ts). Each test reads what users see.
 */

const part = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll(`[part~="${name}"]`)];
const status = (el: Element) => el.shadowRoot!.querySelector('[part="status"]')!.textContent;

/** Types `text` into a chat's composer and sends it, as a user does. */
async function type(el: RoomChat, text: string): Promise<void> {
  const input = el.shadowRoot!.querySelector('textarea')!;
  input.value = text;
  input.dispatchEvent(new Event('input'));
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="send-button"]')!.click();
  await el.updateComplete;
}

/** `texts` each once, and in this order, among what `el` shows. */
const once = (el: Element, texts: string[]) => {
  const shown = chatTexts(el).filter((t) => texts.includes(t));
  return shown.length === texts.length && shown.every((t, i) => t === texts[i]);
};

describe('outbox: sent once, whatever the network does', () => {
  let server: string;
  let proxy: string;
  before(async () => {
    server = await room.url();
    proxy = await room.proxyStart();
  });
  after(() => room.proxyClose(proxy));
  afterEach(async () => {
    cleanup();
    await room.proxyUp(proxy);
    localStorage.clear();
  });

  it('a send whose acknowledgement is lost is retried, automatically and by retry(), and shows once for everyone', async function () {
    this.timeout(60_000);
    const id = await freshRoom();
    const ann = await mountChat(proxy, await room.token(id, 'ann', { name: 'Ann' }));
    const ben = await mountChat(server, await room.token(id, 'ben', { name: 'Ben' }));

    // The write reaches the server, its answer does not; then the connection drops: retried after the reconnect.
    await room.proxySilence(proxy);
    await type(ann, 'lost answer');
    await until(() => chatTexts(ben).includes('lost answer'), 'Ben to get it');
    await ann.updateComplete;
    expect(part(ann, 'message-pending')).to.have.length(1);
    await room.proxyCut(proxy);
    await until(
      () => status(ann) === 'Connected' && part(ann, 'message-pending').length === 0,
      'Ann to settle it',
      15_000,
    );
    expect(chatTexts(ann).filter((t) => t === 'lost answer')).to.have.length(1);

    // No answer within 8 s on a live connection: failed; Retry goes with the same id (offline: it queues).
    await room.proxySilence(proxy);
    await type(ann, 'retried by hand');
    await until(() => chatTexts(ben).includes('retried by hand'), 'Ben to get the second');
    await until(() => part(ann, 'message-failed').length === 1, 'the unconfirmed message to fail', 12_000);
    expect(part(ann, 'message-failed')[0]!.querySelector('[role="alert"]')!.textContent).to.equal(
      'Not sent: the server did not confirm the message',
    );
    await room.proxyCut(proxy, true);
    await until(() => status(ann) !== 'Connected', 'Ann offline');
    part(ann, 'retry-button')[0]!.dispatchEvent(new MouseEvent('click'));
    await until(() => part(ann, 'message-queued').length === 1, 'the retry to queue');
    await room.proxyUp(proxy);
    await until(() => status(ann) === 'Connected' && part(ann, 'message-queued').length === 0, 'Ann back', 20_000);
    await until(() => part(ann, 'message-pending').length === 0, 'the retry to settle');
    expect(part(ann, 'message-failed')).to.have.length(0);

    // Give a duplicate time to arrive, then count: once for the sender, the other participant and a late joiner.
    await new Promise((r) => setTimeout(r, 500));
    const late = await mountChat(server, await room.token(id, 'cy', { name: 'Cy' }));
    for (const el of [ann, ben, late]) expect(once(el, ['lost answer', 'retried by hand']), status(el)!).to.equal(true);
    for (const el of [ben, late]) expect(chatTexts(el)).to.deep.equal(['lost answer', 'retried by hand']);
  });

  it('five messages typed while the connection is down show as queued, then arrive once each, in order', async function () {
    this.timeout(40_000);
    const id = await freshRoom();
    const ann = await mountChat(proxy, await room.token(id, 'ann', { name: 'Ann' }));
    const ben = await mountChat(server, await room.token(id, 'ben', { name: 'Ben' }));
    await room.proxyCut(proxy, true);
    await until(() => status(ann) === 'Connection lost. Reconnecting…', 'Ann offline');
    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const t of texts) await type(ann, t);
    const queued = part(ann, 'message-queued');
    expect(queued.map((m) => m.querySelector('[part~="message-text"]')!.textContent)).to.deep.equal(texts);
    expect(queued.map((m) => m.querySelector('.meta span:last-child')!.textContent)).to.deep.equal(
      texts.map(() => 'Waiting for the connection…'),
    );
    expect(chatTexts(ben)).to.deep.equal([]);
    await room.proxyUp(proxy);
    await until(() => chatTexts(ben).length === 5, 'Ben to get all five', 20_000);
    await until(() => part(ann, 'message-queued').length + part(ann, 'message-pending').length === 0, 'Ann sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(chatTexts(ben)).to.deep.equal(texts);
    expect(chatTexts(ann)).to.deep.equal(texts);
  });

  it('a reload keeps the queued message and the draft, and delivers the message once', async function () {
    this.timeout(40_000);
    const id = await freshRoom();
    const token = await room.token(id, 'ann', { name: 'Ann' });
    const ben = await mountChat(server, await room.token(id, 'ben', { name: 'Ben' }));
    // The first page: the classic script, offline with one queued message and a half-written one.
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><script src="/dist/room-widgets.js"></script><room-chat server="${proxy}" token="${token}"></room-chat>`;
    document.body.append(frame);
    const first = await until(
      () => {
        const el = frame.contentDocument?.querySelector('room-chat') as RoomChat | null;
        return el?.shadowRoot?.querySelector('[part="status"]')?.textContent === 'Connected' && el;
      },
      'the first page to connect',
      10_000,
    );
    await room.proxyCut(proxy, true);
    await until(() => status(first) !== 'Connected', 'the first page offline');
    await type(first, 'typed before the reload');
    await until(() => part(first, 'message-queued').length === 1, 'queued');
    const input = first.shadowRoot!.querySelector('textarea')!;
    input.value = 'half written';
    input.dispatchEvent(new Event('input'));
    // The reload: the page goes, nothing closes the room deliberately.
    frame.remove();
    await room.proxyUp(proxy);
    const again = await mountChat(proxy, token);
    await until(() => chatTexts(ben).includes('typed before the reload'), 'Ben to get it', 15_000);
    await until(() => part(again, 'message-queued').length + part(again, 'message-pending').length === 0, 'sent');
    await new Promise((r) => setTimeout(r, 500));
    expect(chatTexts(ben)).to.deep.equal(['typed before the reload']);
    expect(chatTexts(again)).to.deep.equal(['typed before the reload']);
    expect(again.shadowRoot!.querySelector('textarea')!.value).to.equal('half written');

    // Leaving (the element goes, the last holder lets go) keeps nothing.
    again.remove();
    await until(() => Object.keys(localStorage).every((k) => !k.includes(id)), 'the saved outbox to go');
  });

  it('a message refused while queued (the room ended meanwhile) shows as failed, with why', async function () {
    this.timeout(40_000);
    const id = await freshRoom();
    const ann = await mountChat(proxy, await room.token(id, 'ann', { name: 'Ann' }));
    const errors: Array<{ code: string }> = [];
    ann.addEventListener('room-error', (e) => errors.push(e.detail));
    await room.proxyCut(proxy, true);
    await until(() => status(ann) !== 'Connected', 'Ann offline');
    await type(ann, 'too late');
    await until(() => part(ann, 'message-queued').length === 1, 'queued');
    await room.pn('/room/endRoom', { room_id: id });
    await room.proxyUp(proxy);
    await until(() => part(ann, 'message-failed').length === 1, 'the message to fail', 20_000);
    const failed = part(ann, 'message-failed')[0]!;
    expect(failed.querySelector('[part~="message-text"]')!.textContent).to.equal('too late');
    expect(failed.querySelector('[role="alert"]')!.textContent).to.match(/^Not sent: .+/);
    expect(part(ann, 'message-queued')).to.have.length(0);
    expect(errors.map((e) => e.code)).to.include('room_not_active');
    expect(Object.keys(localStorage).some((k) => k.includes(id))).to.equal(false);
  });
});
