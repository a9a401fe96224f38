import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { connect } from '../../src/core/client.ts';
import { notificationCentre } from '../../src/core/notification-centre.ts';
import { SETTINGS_KEY } from '../../src/core/notification-settings.ts';
import { registerTranslation } from '../../src/i18n/registry.ts';
import type {
  RoomDesktopNotificationDetail,
  RoomNotificationActionDetail,
  RoomSoundDetail,
} from '../../src/events/events.ts';
import type { RoomNotifications } from '../../src/components/room-notifications/room-notifications.ts';
import { cleanup, freshRoom, mountChat, mountNotifications, room, toasts, until } from './helpers.ts';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const texts = (el: Element) => toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent);
const intersects = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const page = (op: string) => executeServerCommand<string | boolean, object>('page', { op });

/** The whole visible footprint of the notifications: the bell, the centre and every toast. */
function boxes(el: RoomNotifications): DOMRect[] {
  return [...el.shadowRoot!.querySelectorAll('[part~="toast"], [part="center-button"], [part="center"]')].map((n) =>
    n.getBoundingClientRect(),
  );
}

describe('<room-notifications>: placement, focus, centre, settings, actions, OS notifications, language', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(async () => {
    cleanup();
    document.querySelector('#stage')?.remove();
    localStorage.removeItem(SETTINGS_KEY);
    await setViewport({ width: 800, height: 600 });
  });
  const notify = (room_id: string, notification_msg: object) =>
    room.pn('/room/broadcastToRoom', { room_id, notification_msg });

  /** A meeting layout: a stage and a `<room-chat>`, beside (desktop) or below (phone). */
  async function meeting(width: number, height: number): Promise<{ id: string; chat: DOMRect; el: RoomNotifications }> {
    await setViewport({ width, height });
    const id = await freshRoom();
    const phone = width < 500;
    const stage = Object.assign(document.createElement('div'), { id: 'stage' });
    stage.style.cssText = phone
      ? 'position:fixed;inset:0 0 auto 0;height:280px;background:#222'
      : 'position:fixed;inset:0 360px 0 0;background:#222';
    document.body.append(stage);
    const chat = await mountChat(server, await room.token(id, 'c'));
    chat.style.cssText = phone
      ? 'position:fixed;inset:280px 0 0 0;height:auto'
      : 'position:fixed;inset:0 0 0 auto;width:360px;height:auto';
    const el = await mountNotifications(server, await room.token(id, 'n'), {
      'info-duration': '0',
      'warning-duration': '0',
    });
    for (const [i, type] of [0, 1, 3, 0].entries())
      await notify(id, { text: `notice ${i} that is long enough to wrap onto a second line of the toast`, type });
    await until(() => toasts(el).length === 4, 'four toasts');
    await el.updateComplete;
    return { id, chat: chat.getBoundingClientRect(), el };
  }

  it('by default keeps clear of a <room-chat> in a right sidebar at 1280×800', async () => {
    const { chat, el } = await meeting(1280, 800);
    for (const box of boxes(el))
      expect(intersects(box, chat), `box ${JSON.stringify(box)} covers the chat`).to.equal(false);
    expect(el.getBoundingClientRect().top).to.be.below(40, 'top corner');
  });

  it('on a 375×740 phone keeps clear of the chat below the stage and takes at most a third of the screen', async () => {
    const { chat, el } = await meeting(375, 740);
    const host = el.getBoundingClientRect();
    expect(host.height).to.be.at.most(740 / 3);
    // The element scrolls what does not fit, so its own box is everything it shows.
    expect(intersects(host, chat)).to.equal(false);
    expect(getComputedStyle(el).overflowY).to.equal('auto');
    expect(
      boxes(el).some((b) => b.top < host.bottom && b.bottom > host.top),
      'it shows something',
    ).to.equal(true);
  });

  it('follows the position attribute, mirrored in a right-to-left locale', async () => {
    await setViewport({ width: 1000, height: 700 });
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { position: 'bottom-start' });
    let box = el.getBoundingClientRect();
    expect(box.left).to.be.below(40);
    expect(box.bottom).to.be.above(650);
    el.setAttribute('locale', 'ar');
    el.removeAttribute('position');
    await until(() => getComputedStyle(el).direction === 'rtl', 'rtl');
    await el.updateComplete;
    box = el.getBoundingClientRect();
    expect(box.left, 'top-end is the top left in Arabic').to.be.below(40);
    expect(box.top).to.be.below(40);
  });

  it('Esc returns focus to the next toast, then to where it was before', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'info-duration': '0' });
    const before = Object.assign(document.createElement('button'), { textContent: 'host button', id: 'stage' });
    document.body.append(before);
    before.focus();
    await notify(id, { text: 'first', type: 0 });
    await notify(id, { text: 'second', type: 0 });
    await until(() => toasts(el).length === 2, 'two toasts');
    (toasts(el)[0]!.querySelector('[part="close-button"]') as HTMLButtonElement).focus();
    await sendKeys({ press: 'Escape' });
    await until(() => texts(el).join() === 'second', 'the first to close');
    await until(
      () => el.shadowRoot!.activeElement === toasts(el)[0]!.querySelector('[part="close-button"]'),
      'focus on the next toast',
    );
    await sendKeys({ press: 'Escape' });
    await until(() => toasts(el).length === 0, 'the second to close');
    await until(() => document.activeElement === before, 'focus back on the host button');
  });

  it('F8 (the hotkey) takes the keyboard to the toasts, Tab reaches their buttons, Esc goes back; no toasts: the bell', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'info-duration': '0' });
    const before = Object.assign(document.createElement('button'), { textContent: 'host button', id: 'stage' });
    document.body.append(before);
    before.focus();
    await sendKeys({ press: 'F8' });
    expect(el.shadowRoot!.activeElement, 'no toasts yet: the bell').to.equal(part(el, 'center-button'));
    await sendKeys({ press: 'Escape' });
    expect(document.activeElement, 'Esc on the bell goes back').to.equal(before);
    await notify(id, { text: 'reach me', type: 1 });
    await until(() => toasts(el).length === 1, 'the toast');
    await sendKeys({ press: 'F8' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'stack'));
    expect(part(el, 'stack')!.getAttribute('aria-keyshortcuts')).to.equal('F8');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(toasts(el)[0]!.querySelector('[part="close-button"]'));
    await sendKeys({ press: 'F8' });
    await sendKeys({ press: 'Escape' });
    await until(() => document.activeElement === before, 'focus back where it was');
    expect(texts(el), 'Esc on the stack closes nothing').to.deep.equal(['reach me']);
    el.hotkey = 'Alt+Shift+N';
    await el.updateComplete;
    await sendKeys({ press: 'F8' });
    expect(document.activeElement, 'F8 is no longer the hotkey').to.equal(before);
    await sendKeys({ down: 'Alt' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'KeyN' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ up: 'Alt' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'stack'));
  });

  it('the centre lists what was shown and what was missed, newest first; the badge counts; mark read and clear', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'u');
    const el = await mountNotifications(server, token, { 'info-duration': '0' });
    // What a resume after a long disconnection delivers: a notification the server stamped two minutes ago.
    const client = connect({ server, token });
    client.store.handleMessage({
      id: 'old-1',
      roomId: id,
      seq: 1,
      ts: Date.now() - 120_000,
      kind: 'notification',
      from: null,
      private: false,
      text: 'sent while you were away',
      level: 'warning',
    });
    client.close();
    await notify(id, { text: 'live one', type: 0 });
    await until(() => el.unreadNotifications === 2, 'two unread');
    await el.updateComplete;
    expect(part(el, 'center-badge')!.textContent).to.equal('2');
    expect(part(el, 'center-button')!.getAttribute('aria-label')).to.equal('Notifications, 2 unread');
    const host = connect({ server, token });
    expect(notificationCentre(host.store).snapshot.unread, 'the host reads the count through the store').to.equal(2);
    host.close();
    part(el, 'center-button')!.click();
    await until(() => part(el, 'center'), 'the centre panel (loaded on demand)');
    const items = [...el.shadowRoot!.querySelectorAll('[part="center-item"]')];
    expect(items.map((i) => i.querySelector('.text')!.textContent)).to.deep.equal([
      'live one',
      'sent while you were away',
    ]);
    expect(items.map((i) => i.querySelector('.label')!.textContent)).to.deep.equal(['Info', 'Missed warning']);
    // A relative time ("now"), the full time in its title (issue 26).
    expect(items.every((i) => /\d/.test(i.querySelector('time')!.title))).to.equal(true);
    await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished));
    await expect(el).to.be.accessible();
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.center-tools button')]
      .find((b) => b.textContent === 'Mark all read')!
      .click();
    await el.updateComplete;
    expect(part(el, 'center-badge')).to.equal(null);
    expect(el.shadowRoot!.querySelectorAll('[part="center-item"]')).to.have.length(2);
    [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.center-tools button')]
      .find((b) => b.textContent === 'Clear')!
      .click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[part="center-item"]')).to.have.length(0);
  });

  it('a type the user muted plays no sound, and the choice survives a reload', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'u');
    let el = await mountNotifications(server, token, { 'info-duration': '0', 'warning-duration': '0' });
    part(el, 'center-button')!.click();
    await until(() => part(el, 'center'), 'the centre panel (loaded on demand)');
    const box = el.shadowRoot!.querySelector<HTMLInputElement>('[data-setting="warning-sound"]')!;
    expect(box.checked).to.equal(true);
    box.click();
    el.remove(); // a reload: a new element reading the stored choice

    el = await mountNotifications(server, token, { 'info-duration': '0', 'warning-duration': '0' });
    const sounds: RoomSoundDetail[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail));
    part(el, 'center-button')!.click();
    await until(() => part(el, 'center'), 'the centre panel (loaded on demand)');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('[data-setting="warning-sound"]')!.checked).to.equal(false);
    await notify(id, { text: 'muted warning', type: 1, with_sound: true });
    await until(() => texts(el).includes('muted warning'), 'the muted toast');
    await notify(id, { text: 'info still rings', type: 0, with_sound: true });
    await until(() => sounds.length === 1, 'the info sound');
    await pause(300);
    expect(sounds.map((s) => s.type)).to.deep.equal(['info']);
  });

  it('a type with pop-ups off shows no toast but is listed; host defaults come from attributes', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), {
      'popup-types': 'warning error',
      'info-duration': '0',
    });
    await notify(id, { text: 'quiet info', type: 0 });
    await notify(id, { text: 'loud warning', type: 1 });
    await until(() => el.centre.snapshot.entries.length === 2, 'both listed');
    await el.updateComplete;
    expect(texts(el)).to.deep.equal(['loud warning']);
  });

  it('toast actions: a button per action, the toast stays until used, one click fires one event', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'info-duration': '100' });
    const fired: RoomNotificationActionDetail[] = [];
    el.addEventListener('room-notification-action', (e) => fired.push(e.detail));
    const seen: boolean[] = [];
    el.addEventListener('room-notification', (e) => seen.push(e.detail.withSound));
    const nid = el.notify('info', 'Allow recording?', {
      actions: [
        { id: 'allow', label: 'Allow' },
        { id: 'deny', label: 'Deny' },
      ],
    });
    el.notify('warning', 'plain', true);
    expect(seen).to.deep.equal([false, true], 'the boolean third argument still means withSound');
    await el.updateComplete;
    await pause(400);
    const toast = toasts(el).find((t) => t.textContent!.includes('Allow recording?'))!;
    expect(toast, 'a toast with actions outlives info-duration').to.exist;
    const buttons = [...toast.querySelectorAll<HTMLButtonElement>('[part="toast-action"]')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Allow', 'Deny']);
    buttons[0]!.click();
    buttons[0]!.click();
    await el.updateComplete;
    expect(fired).to.deep.equal([{ notificationId: nid, actionId: 'allow' }]);
    expect(texts(el)).to.not.include('Allow recording?');
  });

  it('OS notifications: one per notification while the page is hidden, none while it is visible', async () => {
    await page('grant-notifications');
    expect(Notification.permission).to.equal('granted');
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'desktop-notifications': '' });
    const raised: RoomDesktopNotificationDetail[] = [];
    el.addEventListener('room-desktop-notification', (e) => raised.push(e.detail));
    try {
      expect(await page('hide')).to.equal('hidden');
      await notify(id, { text: 'while away 1', type: 0 });
      await notify(id, { text: 'while away 2', type: 3 });
      await until(() => el.centre.snapshot.entries.length === 2, 'both delivered');
    } finally {
      expect(await page('show')).to.equal('visible');
    }
    expect(raised.map((r) => [r.type, r.text])).to.deep.equal([
      ['info', 'while away 1'],
      ['error', 'while away 2'],
    ]);
    await notify(id, { text: 'while here', type: 0 });
    await until(() => el.centre.snapshot.entries.length === 3, 'the third delivered');
    await pause(200);
    expect(raised).to.have.length(2);
  });

  it('shows a host-registered key sent as a plugNmeet notification translated; an unknown key as sent', async () => {
    registerTranslation('fr', { 'notifications.room-will-end': 'La réunion se termine dans 5 minutes' });
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), {
      locale: 'fr',
      'info-duration': '0',
      'warning-duration': '0',
    });
    await notify(id, { text: 'notifications.room-will-end', type: 1 });
    await notify(id, { text: 'notifications.not-a-key-anyone-registered', type: 0 });
    await until(() => toasts(el).length === 2, 'two toasts');
    expect(texts(el)).to.deep.equal([
      'La réunion se termine dans 5 minutes',
      'notifications.not-a-key-anyone-registered',
    ]);
  });
});
