import { expect } from '@open-wc/testing';
import { executeServerCommand, sendMouse } from '@web/test-runner-commands';
import { connect, type RoomClient } from '../../src/core/client.ts';
import { setPresenting } from '../../src/core/presenting.ts';
import type { RoomNotificationDetail, RoomOpenChatDetail } from '../../src/events/events.ts';
import { cleanup, freshRoom, mountChat, mountNotifications, room, toasts, until } from './helpers.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const page = (op: string) => executeServerCommand<string | boolean, object>('page', { op });
const notify = (room_id: string, text: string, type = 0, target: object = {}) =>
  room.pn('/room/broadcastToRoom', { room_id, notification_msg: { text, type }, ...target });
const of = (el: Element, part: string) => [
  ...(el.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${part}"]`) ?? []),
];
const words = (el: Element | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** Contrast is measured after the toasts' fade-in. */
const settled = (el: Element) => Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
const links = (card: Element) => [...card.querySelectorAll<HTMLButtonElement>('[part="catch-up-link"]')];

async function other(server: string, id: string, user: string, name = user): Promise<RoomClient> {
  const client = connect({ server, token: await room.token(id, user, { name }) });
  await until(() => client.store.snapshot.connection === 'connected', `${user} to join`);
  return client;
}

/** Every text a widget's live regions took, in order: what a screen reader would have said. */
function liveLog(el: Element): { said: string[]; stop(): void } {
  const said: string[] = [];
  const regions = [...el.shadowRoot!.querySelectorAll('[aria-live="polite"], [aria-live="assertive"]')].filter(
    (r) => !r.closest('[part="composer"]') && r.getAttribute('part') !== 'typing',
  );
  const observer = new MutationObserver((records) => {
    for (const r of new Set(records.map((x) => (x.target instanceof Element ? x.target : x.target.parentElement)))) {
      const text = r?.closest('[aria-live]')?.textContent?.trim();
      if (text) said.push(text);
    }
  });
  for (const r of regions) observer.observe(r, { childList: true, characterData: true, subtree: true });
  return { said, stop: () => observer.disconnect() };
}

/** OS notifications the page raised (the real constructor runs; this only records its arguments). */
function recordDesktop(): { raised: Array<[string, string]>; restore(): void } {
  const Real = window.Notification;
  const raised: Array<[string, string]> = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      raised.push([title, options?.body ?? '']);
    }
  }
  window.Notification = Recorded as typeof Notification;
  return { raised, restore: () => (window.Notification = Real) };
}

describe('<room-notifications> for the person: presenting, catching up, fullscreen, screen readers', () => {
  let server: string;
  const clients: RoomClient[] = [];
  before(async () => (server = await room.url()));
  afterEach(async () => {
    setPresenting(false);
    cleanup();
    for (const c of clients.splice(0)) c.close();
    for (const n of document.querySelectorAll('.test-stage, dialog')) n.remove();
    if (document.fullscreenElement) await document.exitFullscreen();
  });

  it('presenting: a private preview and its OS notification carry no text of it; turning it off shows one summary', async function () {
    this.timeout(20_000);
    await page('grant-notifications');
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me', { name: 'Me' }), {
      presence: 'off',
      'desktop-notifications': '',
      presenting: '',
    });
    const heard: RoomNotificationDetail[] = [];
    el.addEventListener('room-notification', (e) => heard.push(e.detail));
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    const desktop = recordDesktop();
    try {
      expect(await page('hide')).to.equal('hidden');
      await alice.send('the salary figures are 120k', 'me');
      await alice.send('hey @Me the password is hunter2');
      await notify(id, 'your review score is 3/5', 0, { to_user_id: 'me' });
      await until(() => el.centre.snapshot.entries.length === 1, 'the private notification');
      await until(() => heard.length >= 2, 'the previews');
    } finally {
      expect(await page('show')).to.equal('visible');
      desktop.restore();
    }
    await until(() => of(el, 'toast-chat').length > 0 && of(el, 'toast-system').length > 0, 'the toasts');
    // The host's own events carry the text: its code decides what to show while presenting.
    expect(heard.find((d) => d.category === 'system')?.text).to.equal('your review score is 3/5');
    const shown = words(el.shadowRoot!.querySelector('.stack')!);
    for (const secret of ['120k', 'hunter2', '3/5']) {
      expect(shown).to.not.include(secret);
      expect(JSON.stringify(desktop.raised)).to.not.include(secret);
    }
    expect(shown).to.include('Hidden while you present');
    expect(shown).to.match(/new messages? for you from Alice|Private message from Alice/);
    // OS notifications are held while presenting.
    expect(desktop.raised).to.deep.equal([]);
    await settled(el);
    await expect(el).to.be.accessible();

    el.presenting = false;
    const summary = await until(() => of(el, 'toast-summary')[0], 'the summary');
    expect(of(el, 'toast-summary')).to.have.length(1);
    expect(words(summary.querySelector('[part="toast-label"]')!)).to.equal('While you were presenting');
    expect(links(summary).map(words)).to.deep.equal(['2 messages', '1 mention', '1 private message', '1 notification']);
    await settled(el);
    await expect(el).to.be.accessible();
    // A public message after presenting shows its text again.
    await alice.send('lunch is here');
    await until(() => words(el.shadowRoot!.querySelector('.stack')!).includes('lunch is here'), 'a plain preview');
  });

  it('the page-wide switch (client.presenting, setPresenting()) blurs private messages in the chat until focused, and previews hide them', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'me', { name: 'Me' });
    const chat = await mountChat(server, token);
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    await alice.send('only for you', 'me');
    await alice.send('for everyone');
    await until(() => chat.shadowRoot!.textContent!.includes('for everyone'), 'the messages');
    const priv = chat.shadowRoot!.querySelector<HTMLElement>('[part~="message-private"]')!;
    const publicText = [...chat.shadowRoot!.querySelectorAll('[part~="message"]')].find((m) =>
      m.textContent!.includes('for everyone'),
    )!;
    const blur = (e: Element) => getComputedStyle(e.querySelector('[part="message-text"]')!).filter;
    expect(blur(priv)).to.equal('none');
    // The headless client's switch is the page's: the chat follows it.
    alice.presenting = true;
    await chat.updateComplete;
    expect(blur(priv)).to.match(/blur/);
    expect(blur(publicText)).to.equal('none');
    expect(priv.tabIndex).to.equal(0);
    priv.focus();
    expect(blur(priv)).to.equal('none');
    await settled(chat);
    await expect(chat).to.be.accessible();
    priv.blur();
    setPresenting(false);
    expect(alice.presenting).to.equal(false);
    await chat.updateComplete;
    expect(blur(priv)).to.equal('none');
    expect(chat.shadowRoot!.querySelector<HTMLElement>('[part~="message-private"]')!.hasAttribute('tabindex')).to.equal(
      false,
    );
  });

  it('a page hidden longer than catch-up-after shows one catch-up card for 10 messages, not a burst; errors still show', async function () {
    this.timeout(20_000);
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me', { name: 'Me' }), {
      presence: 'off',
      'catch-up-after': '800',
    });
    const alice = await other(server, id, 'alice', 'Alice');
    const bob = await other(server, id, 'bob', 'Bob');
    clients.push(alice, bob);
    const sounds: string[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail.result));
    let firstId = '';
    try {
      expect(await page('hide')).to.equal('hidden');
      for (let i = 0; i < 8; i++) {
        const ack = await (i % 2 ? bob : alice).send(`update ${i}`);
        if (i === 0 && ack.ok) firstId = ack.message.id;
      }
      await alice.send('just you', 'me');
      await bob.send('@Me can you check');
      await notify(id, 'recording started', 0);
      await notify(id, 'recording failed', 3);
      await until(() => el.centre.snapshot.entries.length === 2, 'both notifications');
      await pause(900);
    } finally {
      expect(await page('show')).to.equal('visible');
    }
    const card = await until(() => of(el, 'catch-up')[0], 'the catch-up card');
    await pause(400);
    expect(of(el, 'catch-up')).to.have.length(1);
    expect(words(card.querySelector('[part="toast-label"]')!)).to.equal('While you were away');
    expect(links(card).map(words)).to.deep.equal(['10 messages', '1 mention', '1 private message', '1 notification']);
    // No toast per message: only the error, on its own.
    expect(of(el, 'toast-chat')).to.have.length(0);
    expect(toasts(el).map((t) => words(t.querySelector('[part="toast-text"]')!))).to.deep.equal(['recording failed']);
    expect(sounds.length).to.be.at.most(1);
    await settled(el);
    await expect(el).to.be.accessible();

    const opened: RoomOpenChatDetail[] = [];
    el.addEventListener('room-open-chat', (e) => opened.push(e.detail));
    links(card)[0]!.click();
    expect(opened).to.deep.equal([{ messageId: firstId, direct: false }]);
    links(card)[3]!.click();
    await until(() => el.shadowRoot!.querySelector('[part="center"]'), 'the centre to open');
    // Esc on the card dismisses it.
    links(card)[0]!.focus();
    links(card)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => of(el, 'catch-up').length === 0, 'the card to close');
  });

  it('a short absence shows what waited as toasts, batched, with no card', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { presence: 'off' });
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    try {
      expect(await page('hide')).to.equal('hidden');
      for (let i = 0; i < 3; i++) await alice.send(`line ${i}`);
      await pause(400);
    } finally {
      expect(await page('show')).to.equal('visible');
    }
    // The preview fires a moment after the last message, so it may read "2" first and be updated: wait for "3".
    await until(
      () => of(el, 'toast-chat').find((t) => words(t).includes('3 new messages from Alice')),
      'the preview of all three',
    );
    expect(of(el, 'toast-chat')).to.have.length(1);
    expect(of(el, 'catch-up')).to.have.length(0);
  });

  it('offline longer than catch-up-after: the resume brings one catch-up card', async function () {
    this.timeout(30_000);
    const proxy = await room.proxyStart();
    try {
      const id = await freshRoom();
      const el = await mountNotifications(proxy, await room.token(id, 'me'), {
        presence: 'off',
        'catch-up-after': '500',
      });
      const alice = await other(server, id, 'alice', 'Alice');
      const bob = await other(server, id, 'bob', 'Bob');
      clients.push(alice, bob);
      await room.proxyCut(proxy, true);
      await until(
        () => el.shadowRoot && (el as unknown as { room: { connection: string } }).room?.connection !== 'connected',
        'offline',
      );
      // Two senders: the room's rate limit allows each a burst of five.
      for (let i = 0; i < 10; i++) expect((await (i % 2 ? bob : alice).send(`missed ${i}`)).ok).to.equal(true);
      await pause(700);
      await room.proxyUp(proxy);
      const card = await until(() => of(el, 'catch-up')[0], 'the catch-up card', 15_000);
      expect(links(card).map(words)).to.deep.equal(['10 messages']);
      await pause(300);
      expect(of(el, 'toast-chat')).to.have.length(0);
    } finally {
      await room.proxyClose(proxy);
    }
  });

  it('with an element in fullscreen (entered by a click), the toast is the element at its own centre; above a modal dialog too', async function () {
    this.timeout(20_000);
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { presence: 'off' });
    const stage = document.createElement('div');
    stage.className = 'test-stage';
    stage.style.cssText = 'position:fixed;inset:0;background:#123;';
    const button = document.createElement('button');
    button.textContent = 'Present';
    button.style.cssText = 'position:absolute;left:40px;top:40px;width:120px;height:40px;';
    button.addEventListener('click', () => void stage.requestFullscreen());
    stage.append(button);
    document.body.append(stage);
    await sendMouse({ type: 'click', position: [100, 60] });
    await until(() => document.fullscreenElement === stage, 'fullscreen');
    await pause(200);
    el.notify('info', 'you are live');
    const toast = await until(() => toasts(el)[0], 'the toast');
    await pause(300);
    const r = toast.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    expect(document.elementFromPoint(x, y) === el).to.equal(true);
    expect(toast.contains(el.shadowRoot!.elementFromPoint(x, y))).to.equal(true);
    await settled(el);
    await expect(el).to.be.accessible();
    // Usable, not only visible: the close button takes a real click.
    const close = toast.querySelector('[part="close-button"]')!.getBoundingClientRect();
    await sendMouse({
      type: 'click',
      position: [Math.round(close.left + close.width / 2), Math.round(close.top + close.height / 2)],
    });
    await until(() => toasts(el).length === 0, 'the toast to close');
    await document.exitFullscreen();
    // Back where the page put it.
    await until(() => el.parentElement === document.body, 'the element back in the body');

    const dialog = document.createElement('dialog');
    dialog.style.cssText = 'width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;';
    dialog.textContent = 'Settings';
    document.body.append(dialog);
    dialog.showModal();
    await pause(100);
    el.notify('warning', 'your microphone is muted');
    const second = await until(
      () => toasts(el).find((t) => words(t).includes('microphone')),
      'the toast over the dialog',
    );
    const s = second.getBoundingClientRect();
    expect(document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2) === el).to.equal(true);
    dialog.close();
  });

  it('keeps clear of a chat inside the fullscreen element', async function () {
    this.timeout(20_000);
    const id = await freshRoom();
    const token = await room.token(id, 'me');
    const el = await mountNotifications(server, token, { presence: 'off' });
    const stage = document.createElement('div');
    stage.className = 'test-stage';
    stage.style.cssText = 'display:flex;background:#123;';
    const chat = await mountChat(server, token);
    chat.style.cssText = 'width:320px;height:100%;margin-inline-start:auto;';
    stage.append(chat);
    document.body.append(stage);
    const button = document.createElement('button');
    button.textContent = 'Present';
    button.style.cssText = 'position:fixed;left:10px;top:10px;';
    button.addEventListener('click', () => void stage.requestFullscreen());
    document.body.append(button);
    const b = button.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(b.left + 5), Math.round(b.top + 5)] });
    await until(() => document.fullscreenElement === stage, 'fullscreen');
    button.remove();
    await pause(200);
    el.notify('info', 'beside the chat');
    const toast = await until(() => toasts(el)[0], 'the toast');
    await pause(300);
    const t = toast.getBoundingClientRect();
    const c = chat.getBoundingClientRect();
    expect(t.right <= c.left || t.left >= c.right || t.bottom <= c.top).to.equal(true);
    expect(document.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2) === el).to.equal(true);
  });

  it('10 messages in a second: at most two announcements with announce="all", none for public ones with "direct"', async function () {
    this.timeout(30_000);
    const id = await freshRoom();
    const token = await room.token(id, 'me', { name: 'Me' });
    const chat = await mountChat(server, token);
    const chatDirect = await mountChat(server, token, { announce: 'direct' });
    const alice = await other(server, id, 'alice', 'Alice');
    const bob = await other(server, id, 'bob', 'Bob');
    clients.push(alice, bob);
    const all = liveLog(chat);
    const direct = liveLog(chatDirect);
    // The log itself is not a live region (its announcements are summarised instead).
    expect(chat.shadowRoot!.querySelector('[part="log"]')!.getAttribute('aria-live')).to.equal('off');
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i++) sends.push((i % 3 ? alice : bob).send(`busy ${i}`));
    await Promise.all(sends);
    await until(() => chat.shadowRoot!.textContent!.includes('busy 9'), 'all ten');
    await pause(3500);
    expect(all.said.length).to.be.within(1, 2);
    expect(all.said.at(-1)).to.match(/new messages from 2 people$/);
    expect(direct.said).to.deep.equal([]);
    await alice.send('a word in private', 'me');
    await until(() => direct.said.length === 1, 'the private one', 5000);
    expect(direct.said[0]).to.equal('Private message from Alice: a word in private');
    all.stop();
    direct.stop();
  });

  it('the notifications element summarises a burst too, speaks errors at once, and says nothing with announce="none"', async function () {
    this.timeout(20_000);
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { presence: 'off' });
    const quiet = await mountNotifications(server, await room.token(id, 'me'), { presence: 'off', announce: 'none' });
    const loud = liveLog(el);
    const none = liveLog(quiet);
    for (let i = 0; i < 10; i++) void notify(id, `notice ${i}`, 0);
    await until(() => el.centre.snapshot.entries.length === 10, 'ten notifications');
    await pause(3500);
    expect(loud.said.length).to.be.within(1, 2);
    expect(none.said).to.deep.equal([]);
    await notify(id, 'the recording failed', 3);
    await until(() => none.said.length === 1, 'the error, even with announce="none"');
    expect(none.said[0]).to.equal('Error: the recording failed');
    await settled(quiet);
    await expect(quiet).to.be.accessible();
    loud.stop();
    none.stop();
  });
});
