import { expect } from '@open-wc/testing';
import { loadLocale, registerTranslation } from '../../src/i18n/registry.ts';
import { chatTexts, cleanup, freshRoom, mountNotifications, readBack, room, toasts, until } from './helpers.ts';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';

/** The chat in the user's language, end to end: a real room server, real messages, the real locale files. */
describe('localised chat', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

  async function chatIn(attrs: Record<string, string>, connected: string): Promise<RoomChat> {
    const id = await freshRoom();
    const el = document.createElement('room-chat');
    el.server = server;
    el.token = await room.token(id, 'u', { name: 'Uma' });
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.style.height = '400px';
    document.body.append(el);
    await until(() => part(el, 'status')?.textContent === connected, `the status line to read "${connected}"`);
    el.dataset.room = id;
    return el;
  }

  it('with locale="de": the send button, the status line and a plural are German', async () => {
    const el = await chatIn({ locale: 'de' }, 'Verbunden');
    expect(part(el, 'send-button').textContent).to.equal('Senden');
    expect(part(el, 'input').getAttribute('placeholder')).to.equal('Nachricht schreiben…');
    const id = el.dataset.room!;
    for (let i = 0; i < 15; i++)
      await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: `m${i}\n\n\n` } });
    await until(() => chatTexts(el).length === 15, 'delivery');
    const log = part(el, 'log');
    readBack(log);
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'neu 1' } });
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'neu 2' } });
    await until(() => chatTexts(el).includes('neu 2'), 'delivery');
    await el.updateComplete;
    expect(part(el, 'new-messages').textContent!.trim()).to.equal('2 neue Nachrichten ↓');
    expect(part(el, 'message-author').textContent).to.equal('System');
  });

  it('with locale="ar": the chat is right-to-left and the send button sits on the left; message text keeps dir=auto', async () => {
    const el = await chatIn({ locale: 'ar' }, 'متصل');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    const send = part(el, 'send-button').getBoundingClientRect();
    const input = part(el, 'input').getBoundingClientRect();
    expect(send.right).to.be.at.most(input.left);
    expect(part(el, 'send-button').textContent).to.equal('إرسال');
    await room.pn('/room/broadcastToRoom', { room_id: el.dataset.room!, chat_msg: { message: 'hello in English' } });
    await until(() => chatTexts(el).length === 1, 'delivery');
    expect(part(el, 'message-text').getAttribute('dir')).to.equal('auto');
  });

  it('follows the page lang, and a dir set on the element wins', async () => {
    document.documentElement.lang = 'he';
    try {
      const el = await chatIn({ dir: 'ltr' }, 'מחובר');
      expect(getComputedStyle(el).direction).to.equal('ltr');
    } finally {
      document.documentElement.removeAttribute('lang');
    }
  });

  it('words a refused join in the locale', async () => {
    const el = document.createElement('room-chat');
    el.server = server;
    el.token = 'not-a-token';
    el.setAttribute('locale', 'de');
    document.body.append(el);
    await until(() => part(el, 'status')?.textContent!.startsWith('Beitritt nicht möglich: '), 'a German refusal');
  });

  it('falls back to English for a string the locale lacks', async () => {
    registerTranslation('tlh', { 'chat.send': 'ngeH' });
    const el = await chatIn({ locale: 'tlh' }, 'Connected');
    expect(part(el, 'send-button').textContent).to.equal('ngeH');
    expect(part(el, 'input').getAttribute('aria-label')).to.equal('Message');
  });
});

describe('localised notifications', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  it('shows a host-registered key sent as a plugNmeet notification translated; an unknown key as sent', async function () {
    this.timeout(20_000);
    registerTranslation('fr', { 'notifications.room-will-end': 'La réunion se termine dans 5 minutes' });
    await loadLocale('fr');
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'n'), {
      locale: 'fr',
      'info-duration': '0',
      'warning-duration': '0',
    });
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      notification_msg: { text: 'notifications.room-will-end', type: 1 },
    });
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      notification_msg: { text: 'notifications.not-a-key-anyone-registered', type: 0 },
    });
    await until(() => toasts(el).length === 2, 'two toasts');
    const texts = toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent);
    expect(texts).to.deep.equal(['La réunion se termine dans 5 minutes', 'notifications.not-a-key-anyone-registered']);
    expect(toasts(el)[0]!.querySelector('[part="toast-label"]')!.textContent).to.equal('Avertissement');
    // The second came within a few seconds of the first: it is spoken when they are up.
    await until(
      () =>
        el.shadowRoot!.querySelector('[role="status"]')!.textContent ===
        'Info\u00a0: notifications.not-a-key-anyone-registered',
      'the second announcement',
      6000,
    );
  });
});
