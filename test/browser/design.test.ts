import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import type { RoomClient } from '../../src/core/client.ts';
import type { RoomMessage } from '../../src/core/public-types.ts';
import { chatTexts, cleanup, freshRoom, mountChat, mountNotifications, room, until } from './helpers.ts';

/** Issue 26: the design pass. */
describe('the design of both elements', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);
  after(() => setViewport({ width: 800, height: 600 }));

  const all = (el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
  const one = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
  const say = (id: string, message: string) => room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message } });

  it('no emoji in the UI chrome: buttons and icons are SVG and words', async () => {
    const id = await freshRoom({ room_features: { chat_features: { allow_chat: true, allow_file_upload: true } } });
    const chat = await mountChat(server, await room.token(id, 'ann', { name: 'Ann', isAdmin: true }));
    const toasts = await mountNotifications(server, await room.token(id, 'ann', { name: 'Ann', isAdmin: true }));
    await say(id, 'hello');
    await until(() => chatTexts(chat).includes('hello'), 'delivery');
    toasts.notify('info', 'a toast');
    await toasts.openCentre();
    await chat.updateComplete;
    expect(one(chat, '[part="attach-button"]')).to.exist;
    const chrome = [...all(chat, 'button:not([part="reaction"])'), ...all(toasts, 'button'), ...all(chat, '.icon')];
    expect(chrome.length).to.be.greaterThan(4);
    for (const b of chrome) expect(b.textContent, b.outerHTML).not.to.match(/\p{Extended_Pictographic}/u);
    expect(all(toasts, '.icon').length).to.be.greaterThan(1);
    for (const b of all(chat, 'button').filter((b) => !b.textContent!.trim()))
      expect(b.getAttribute('aria-label'), 'an icon-only button has a name').to.be.ok;
  });

  it('groups consecutive messages of one sender, marks your own, and shows the empty state in an empty room', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'ann', { name: 'Ann Lee' }));
    await until(() => one(el, '[part="empty"]'), 'the empty state');
    expect(one(el, '[part="empty"]')!.textContent).to.contain('No messages yet');
    await el.send('one');
    await el.send('two');
    await el.send('three');
    await until(() => all(el, '[part~="message-own"]').length === 3 && !one(el, '[part~="message-pending"]'), 'sent');
    expect(one(el, '[part="empty"]')).to.equal(null);
    const own = all(el, '[part~="message-own"]');
    expect(own.map((m) => m.querySelectorAll('[part="avatar"]').length)).to.deep.equal([1, 0, 0]);
    expect(own[0]!.querySelector('[part="avatar"]')!.textContent).to.equal('AL');
    const visibleAuthors = own.filter((m) => m.querySelector<HTMLElement>('[part="message-author"]')!.offsetWidth > 1);
    expect(visibleAuthors).to.have.length(1);
    expect(own[1]!.getAttribute('aria-label') ?? own[1]!.textContent).to.contain('Ann Lee');
    await say(id, 'from the server');
    await until(() => chatTexts(el).includes('from the server'), 'delivery');
    expect(one(el, '[part~="message-system"]')!.getAttribute('part')).not.to.contain('message-own');
  });

  it('a day separator before the first message of each day (a store holding two days of history)', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'ann', { name: 'Ann' }));
    // The server stamps ts, so messages of other days are handed to the store the chat renders, as the wire would.
    const store = (el as unknown as { client: RoomClient }).client.store;
    const day = 86_400_000;
    const message = (n: number, ts: number): RoomMessage => ({
      id: `old-${n}`,
      roomId: id,
      seq: null,
      ts,
      kind: 'chat',
      from: { userId: 'bob', name: 'Bob', role: null },
      private: false,
      text: `m${n}`,
    });
    const noon = new Date().setHours(12, 0, 0, 0);
    [noon - 3 * day, noon - day, noon - day + 60_000, noon].forEach((ts, n) => store.handleMessage(message(n, ts)));
    await until(() => chatTexts(el).length === 4, 'the history');
    await el.updateComplete;
    const separators = all(el, '[part="day-separator"]');
    expect(separators.map((s) => s.getAttribute('role'))).to.deep.equal(['separator', 'separator', 'separator']);
    const labels = separators.map((s) => s.getAttribute('aria-label'));
    expect(labels.slice(1)).to.deep.equal(['Yesterday', 'Today']);
    expect(labels[0]).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'full' }).format(noon - 3 * day));
    // Yesterday's two messages, a minute apart, are one group under one author line.
    expect(all(el, '[part="avatar"]')).to.have.length(3);
  });

  it("a tombstone's colour differs from a message's", async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'ann', { name: 'Ann' }));
    await el.send('kept');
    await el.send('gone');
    await until(() => !one(el, '[part~="message-pending"]') && chatTexts(el).length === 2, 'sent');
    const gone = (el as RoomChat).shadowRoot!.querySelectorAll<HTMLElement>('[part~="message"]')[1]!;
    await el.deleteMessage(gone.dataset.messageId!);
    await until(() => one(el, '[part="message-deleted"]'), 'the tombstone');
    const colour = (e: Element) => getComputedStyle(e).color;
    expect(colour(one(el, '[part="message-deleted"]')!)).not.to.equal(colour(one(el, '[part="message-text"]')!));
    expect(getComputedStyle(one(el, '[part="message-deleted"]')!).fontStyle).to.equal('italic');
  });

  it('the centre has a heading and a close button; the button and Esc close it and give focus back to the bell', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'ann'));
    await el.openCentre();
    expect(one(el, '[part="center"] h2')!.textContent).to.equal('Notification centre');
    expect(one(el, '[part="center"]')!.getAttribute('aria-labelledby')).to.equal('center-title');
    expect(one(el, '[part="center"] .empty')!.textContent).to.contain('No notifications yet.');
    one(el, '[part="center-close"]')!.click();
    await until(() => !one(el, '[part="center"]'), 'closed by its button');
    expect(el.shadowRoot!.activeElement).to.equal(one(el, '[part="center-button"]'));
    one(el, '[part="center-button"]')!.click();
    await until(() => one(el, '[part="center"]'), 'open again');
    one(el, '[part="center"] button')!.focus();
    one(el, '[part="center"] button')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await until(() => !one(el, '[part="center"]'), 'closed by Esc');
    expect(el.shadowRoot!.activeElement).to.equal(one(el, '[part="center-button"]'));
  });

  for (const [width, height] of [
    [1280, 800],
    [375, 740],
  ] as const) {
    it(`the bell's badge is inside the viewport and not clipped, at ${width} px`, async () => {
      await setViewport({ width, height });
      const id = await freshRoom();
      const el = await mountNotifications(server, await room.token(id, 'ann'));
      el.notify('info', 'unread');
      await until(() => one(el, '[part="center-badge"]'), 'the badge');
      const badge = one(el, '[part="center-badge"]')!.getBoundingClientRect();
      expect(badge.width).to.be.greaterThan(10);
      expect(badge.left).to.be.at.least(0);
      expect(badge.top).to.be.at.least(0);
      expect(badge.right).to.be.at.most(innerWidth);
      expect(badge.bottom).to.be.at.most(innerHeight);
      // The host is the scroll box that clipped it: the badge is inside its box.
      const host = el.getBoundingClientRect();
      expect(badge.top).to.be.at.least(host.top);
      expect(badge.right).to.be.at.most(host.right);
    });
  }

  for (const theme of ['light', 'dark']) {
    it(`axe-clean in the ${theme} theme, with own, others', system and deleted messages and the open centre`, async () => {
      const id = await freshRoom({ welcome_message: 'Welcome' });
      const el = await mountChat(server, await room.token(id, 'ann', { name: 'Ann' }), { theme });
      const other = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }), { theme });
      await other.send('hi from Bob https://example.test');
      await el.send('mine');
      await el.send('to delete');
      await say(id, 'a system note');
      await until(() => chatTexts(el).length === 5 && !one(el, '[part~="message-pending"]'), 'delivery');
      const last = all(el, '[part~="message-own"]').at(-1)!;
      await el.deleteMessage(last.dataset.messageId!);
      await until(() => one(el, '[part="message-deleted"]'), 'the tombstone');
      other.remove();
      await expect(el).to.be.accessible();
      const toasts = await mountNotifications(server, await room.token(id, 'ann', { name: 'Ann' }), { theme });
      toasts.notify('warning', 'a warning');
      await toasts.openCentre();
      await Promise.all(toasts.shadowRoot!.getAnimations().map((a) => a.finished));
      await expect(toasts).to.be.accessible();
    });
  }
});
