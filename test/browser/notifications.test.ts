import { expect } from '@open-wc/testing';
import { cleanup, freshRoom, mountNotifications, room, toasts, until } from './helpers.ts';
import type { RoomSoundDetail } from '../../src/events/events.ts';
import { connect } from '../../src/core/client.ts';

describe('<room-notifications>', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  const notify = (room_id: string, notification_msg: object, target: object = {}) =>
    room.pn('/room/broadcastToRoom', { room_id, notification_msg, ...target });

  it('has both live regions before the first toast', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'));
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')).to.exist;
    expect(el.shadowRoot!.querySelector('[role="alert"][aria-live="assertive"]')).to.exist;
    expect(toasts(el)).to.have.length(0);
  });

  it('shows each type with its part, and announces errors assertively, the rest politely', async function () {
    this.timeout(20_000);
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), {
      'info-duration': '0',
      'warning-duration': '0',
    });
    await notify(id, { text: 'an info', type: 0 });
    await until(() => toasts(el).length === 1, 'the info toast');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal('Info: an info');
    await notify(id, { text: 'a warning', type: 1 });
    await notify(id, { text: 'error two', type: 2 });
    await notify(id, { text: 'error three', type: 3 });
    await until(() => toasts(el).length === 4, 'four toasts');
    expect(toasts(el).map((t) => t.getAttribute('part'))).to.deep.equal([
      'toast toast-info toast-system',
      'toast toast-warning toast-system',
      'toast toast-error toast-system',
      'toast toast-error toast-system',
    ]);
    expect(toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent)).to.deep.equal([
      'an info',
      'a warning',
      'error two',
      'error three',
    ]);
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Error: error three');
    // The warning came within a few seconds of the info: it is spoken when they are up (errors never wait).
    await until(
      () => el.shadowRoot!.querySelector('[role="status"]')!.textContent === 'Warning: a warning',
      'the warning, spoken after the info',
      6000,
    );
    await Promise.all(el.shadowRoot!.getAnimations().map((a) => a.finished)); // contrast is measured after the fade-in
    await expect(el).to.be.accessible();
  });

  it('only the targeted widgets toast: to_user_id, only_to_admins, both', async () => {
    const id = await freshRoom();
    // Joins and leaves are toasts too (notifications-meeting.test.ts): off here, where only targeting counts.
    const quiet = { presence: 'off' };
    const admin = await mountNotifications(server, await room.token(id, 'admin', { isAdmin: true }), quiet);
    const vip = await mountNotifications(server, await room.token(id, 'vip-user-789'), quiet);
    const other = await mountNotifications(server, await room.token(id, 'other'), quiet);
    await notify(
      id,
      { text: 'A VIP has just joined the waiting room.', type: 1, with_sound: false },
      { only_to_admins: true, to_user_id: 'vip-user-789' },
    );
    await notify(id, { text: 'everyone', type: 0 });
    for (const el of [admin, vip, other])
      await until(() => toasts(el).some((t) => t.textContent!.includes('everyone')), 'the broadcast');
    const texts = (el: Element) => toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent);
    expect(texts(admin)).to.deep.equal(['A VIP has just joined the waiting room.', 'everyone']);
    expect(texts(vip)).to.deep.equal(['A VIP has just joined the waiting room.', 'everyone']);
    expect(texts(other)).to.deep.equal(['everyone']);
  });

  it('auto-dismisses info, keeps errors, pauses while hovered, and closes on the button and Esc', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'info-duration': '300' });
    await notify(id, { text: 'short info', type: 0 });
    await notify(id, { text: 'sticky error', type: 3 });
    await until(() => toasts(el).length === 2, 'two toasts');
    await until(() => toasts(el).length === 1, 'the info to leave', 2000);
    expect(toasts(el)[0]!.textContent).to.contain('sticky error');
    await new Promise((r) => setTimeout(r, 500));
    expect(toasts(el)).to.have.length(1);

    const section = el.shadowRoot!.querySelector('section')!;
    section.dispatchEvent(new MouseEvent('mouseenter'));
    await notify(id, { text: 'hovered info', type: 0 });
    await until(() => toasts(el).length === 2, 'the hovered toast');
    await new Promise((r) => setTimeout(r, 600));
    expect(toasts(el)).to.have.length(2, 'paused while hovered');
    section.dispatchEvent(new MouseEvent('mouseleave'));
    await until(() => toasts(el).length === 1, 'resumed after hover', 2000);

    const close = toasts(el)[0]!.querySelector('[part="close-button"]') as HTMLButtonElement;
    expect(close.getAttribute('aria-label')).to.equal('Dismiss error: sticky error');
    close.focus();
    close.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => toasts(el).length === 0, 'Esc to close');
  });

  it('merges a repeated notification into one toast with a count; the newest show, the oldest wait behind the count', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), {
      'max-visible': '2',
      'info-duration': '0',
    });
    for (let i = 0; i < 3; i++) await notify(id, { text: 'same again', type: 0 });
    await notify(id, { text: 'second', type: 0 });
    await notify(id, { text: 'third', type: 0 });
    await notify(id, { text: 'fourth', type: 0 });
    await until(
      () => el.shadowRoot!.querySelector('[part="overflow"]')?.textContent === '+2 more',
      'the overflow count',
    );
    // The two newest are on screen, oldest first; the merged one (×3) and "second" wait behind the count.
    expect(toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent)).to.deep.equal([
      'third',
      'fourth',
    ]);
    (toasts(el)[1]!.querySelector('[part="close-button"]') as HTMLButtonElement).click();
    await until(
      () => el.shadowRoot!.querySelector('[part="overflow"]')?.textContent === '+1 more',
      'the next toast to show',
    );
    expect(toasts(el).map((t) => t.querySelector('[part="toast-text"]')!.textContent)).to.deep.equal([
      'second',
      'third',
    ]);
    (toasts(el)[0]!.querySelector('[part="close-button"]') as HTMLButtonElement).click();
    (toasts(el)[1]!.querySelector('[part="close-button"]') as HTMLButtonElement).click();
    await until(() => toasts(el).length === 1, 'the oldest toast, back');
    expect(toasts(el)[0]!.querySelector('[part="toast-count"]')!.textContent).to.equal('×3');
  });

  it('a new toast waiting for an answer is on screen over four sticky errors, and its action works', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'), { 'max-visible': '4' });
    const fired: string[] = [];
    el.addEventListener('room-notification-action', (e) => fired.push(e.detail.actionId));
    for (const n of [1, 2, 3, 4]) await notify(id, { text: `error ${n}`, type: 2 });
    el.notify('info', 'an older tip');
    await until(() => toasts(el).length === 4 && !!el.shadowRoot!.querySelector('[part="overflow"]'), 'errors up');
    el.notify('info', 'Allow recording?', { actions: [{ id: 'allow', label: 'Allow' }] });
    await el.updateComplete;
    const ask = toasts(el).find((t) => t.textContent!.includes('Allow recording?'));
    expect(ask, 'the question is visible').to.exist;
    expect(toasts(el).filter((t) => t.textContent!.includes('error')).length, 'no error is hidden').to.equal(4);
    (ask!.querySelector('[part="toast-action"]') as HTMLButtonElement).click();
    expect(fired).to.deep.equal(['allow']);
  });

  it('room-notification is cancelable: no toast, no sound', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'));
    const sounds: RoomSoundDetail[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail));
    const details: unknown[] = [];
    el.addEventListener('room-notification', (e) => {
      details.push(e.detail);
      if (e.detail.text === 'stop me') e.preventDefault();
    });
    await notify(id, { text: 'stop me', type: 1, with_sound: true });
    await notify(id, { text: 'let me', type: 0 });
    await until(() => toasts(el).length === 1, 'the second toast');
    expect(toasts(el)[0]!.textContent).to.contain('let me');
    expect(details).to.have.length(2);
    expect((details[0] as { type: string; withSound: boolean }).type).to.equal('warning');
    expect((details[0] as { withSound: boolean }).withSound).to.equal(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(sounds).to.deep.equal([]);
  });

  it("with_sound plays that type's sound when audio is allowed; muted plays nothing", async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'u'));
    const sounds: RoomSoundDetail[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail));
    expect((window as unknown as { Howl?: unknown }).Howl, 'howler is not loaded before the first sound').to.equal(
      undefined,
    );
    await notify(id, { text: 'ding', type: 1, with_sound: true });
    await until(() => sounds.length === 1, 'the sound', 5000);
    expect(sounds[0]).to.deep.equal({ type: 'warning', result: 'played' });
    el.muted = true;
    await notify(id, { text: 'quiet', type: 3, with_sound: true });
    await until(() => toasts(el).some((t) => t.textContent!.includes('quiet')), 'the muted toast');
    await new Promise((r) => setTimeout(r, 300));
    expect(sounds).to.have.length(1);
  });

  it('a notification replayed after a long gap shows as missed, without sound', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'u');
    const el = await mountNotifications(server, token);
    const sounds: RoomSoundDetail[] = [];
    el.addEventListener('room-sound', (e) => sounds.push(e.detail));
    // What a resume delivers: a message the server stamped two minutes ago, fed to the page's store for this room.
    const client = connect({ server, token });
    client.store.handleMessage({
      id: 'old-1',
      roomId: id,
      seq: 7,
      ts: Date.now() - 120_000,
      kind: 'notification',
      from: null,
      private: false,
      text: 'the room closes in 5 minutes',
      level: 'warning',
      withSound: true,
    });
    client.close();
    await el.updateComplete;
    const toast = toasts(el)[0]!;
    expect(toast.getAttribute('part')).to.equal('toast toast-warning toast-system toast-missed');
    expect(toast.querySelector('[part="toast-label"]')!.textContent).to.equal('Missed warning');
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.equal(
      'Missed warning: the room closes in 5 minutes',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(sounds).to.deep.equal([]);
  });
});
