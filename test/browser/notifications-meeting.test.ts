import { expect } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { connect, type RoomClient } from '../../src/core/client.ts';
import type { RoomNotificationDetail, RoomOpenChatDetail } from '../../src/events/events.ts';
import type { RoomNotifications } from '../../src/components/room-notifications/room-notifications.ts';
import { cleanup, freshRoom, mountChat, mountNotifications, room, toasts, until } from './helpers.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const intersects = (a: DOMRect, b: DOMRect) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const of = (el: RoomNotifications, category: string) =>
  toasts(el).filter((t) => t.getAttribute('part')!.split(' ').includes(`toast-${category}`));
const said = (t: HTMLElement) =>
  `${t.querySelector('[part="toast-label"]')!.textContent} | ${t.querySelector('[part="toast-text"]')!.textContent}`;

/** Someone else in the room, writing through the headless client (its own connection and user). */
async function other(server: string, id: string, user: string, name = user): Promise<RoomClient> {
  const client = connect({ server, token: await room.token(id, user, { name }) });
  await until(() => client.store.snapshot.connection === 'connected', `${user} to join`);
  return client;
}

describe('<room-notifications> in a meeting: chat previews, joins and leaves, categories, update in place, placement', () => {
  let server: string;
  const clients: RoomClient[] = [];
  before(async () => (server = await room.url()));
  afterEach(async () => {
    cleanup();
    for (const c of clients.splice(0)) c.close();
    for (const n of document.querySelectorAll('.host-layout')) n.remove();
    document.documentElement.dir = '';
    await setViewport({ width: 800, height: 600 });
  });

  it('with no chat on the page, a message from someone else pops one chat preview with name and text; a private one says so', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me', { name: 'Me' }), { presence: 'off' });
    const heard: RoomNotificationDetail[] = [];
    el.addEventListener('room-notification', (e) => heard.push(e.detail));
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    await alice.send('are we recording?');
    const [preview] = await until(() => of(el, 'chat').length === 1 && of(el, 'chat'), 'a chat preview');
    expect(said(preview!)).to.equal('Alice | are we recording?');
    expect(heard.map((d) => d.category)).to.deep.equal(['chat']);
    await alice.send('just for you', 'me');
    const direct = await until(
      () => of(el, 'chat').find((t) => said(t).startsWith('Private message from Alice')),
      'a private preview',
    );
    expect(said(direct)).to.equal('Private message from Alice | just for you');
    // Your own message (from another tab of yours) never previews: Alice's after it does, and it alone.
    const mine = await other(server, id, 'me', 'Me');
    clients.push(mine);
    await mine.send('from me');
    await alice.send('after mine');
    await until(() => of(el, 'chat').some((t) => said(t).includes('after mine')), 'the preview after mine');
    // Neither its text nor its sender's name (a batched preview names its senders) shows anywhere.
    expect(toasts(el).filter((t) => said(t).includes('from me') || said(t).includes('Me'))).to.deep.equal([]);
  });

  it('five messages within two seconds make one preview naming the count and the senders; a click fires one room-open-chat', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { presence: 'off' });
    const alice = await other(server, id, 'alice', 'Alice');
    const bob = await other(server, id, 'bob', 'Bob');
    clients.push(alice, bob);
    const opened: RoomOpenChatDetail[] = [];
    el.addEventListener('room-open-chat', (e) => opened.push(e.detail));
    for (const [i, c] of [alice, bob, alice, bob, alice].entries()) await c.send(`update ${i}`);
    await until(() => of(el, 'chat')[0] && said(of(el, 'chat')[0]!).startsWith('5 new messages'), 'one preview of 5');
    await pause(400);
    expect(of(el, 'chat')).to.have.length(1);
    expect(said(of(el, 'chat')[0]!)).to.equal('5 new messages from Alice and Bob | Alice: update 4');
    const open = of(el, 'chat')[0]!.querySelector<HTMLButtonElement>('[part="toast-open"]')!;
    open.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => of(el, 'chat').length === 0, 'the preview to close');
    expect(opened).to.have.length(1);
    expect(opened[0]!.direct).to.equal(false);
    expect(alice.store.message(opened[0]!.messageId)?.text ?? '').to.equal('update 4');
    await expect(el).to.be.accessible();
  });

  it('a visible chat showing the message means no preview; a hidden chat does not count', async () => {
    const id = await freshRoom();
    const token = await room.token(id, 'me');
    const chat = await mountChat(server, token);
    const el = await mountNotifications(server, token, { presence: 'off' });
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    await alice.send('you can see this');
    await until(() => chat.shadowRoot!.textContent!.includes('you can see this'), 'the chat to show it');
    await pause(600);
    expect(of(el, 'chat')).to.have.length(0);
    chat.style.display = 'none';
    await pause(100);
    await alice.send('but not this');
    await until(() => of(el, 'chat').length === 1, 'a preview for the hidden chat');
    expect(said(of(el, 'chat')[0]!)).to.equal('Alice | but not this');
  });

  it('chat-previews="direct" previews only private messages and mentions; "none" none', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me', { name: 'Me' }), {
      presence: 'off',
      'chat-previews': 'direct',
    });
    const alice = await other(server, id, 'alice', 'Alice');
    clients.push(alice);
    await alice.send('for the room');
    await alice.send('hey @Me look');
    const mention = await until(() => of(el, 'chat')[0], 'the mention preview');
    expect(said(mention)).to.equal('Alice mentioned you | hey @Me look');
    await pause(400);
    expect(of(el, 'chat')).to.have.length(1);
    el.setAttribute('chat-previews', 'none');
    el.dismiss(mention.dataset.id!);
    await alice.send('private', 'me');
    await pause(700);
    expect(of(el, 'chat')).to.have.length(0);
  });

  it('five joins within two seconds make one presence toast naming the count; presence="off" shows none', async () => {
    const id = await freshRoom();
    const quiet = await mountNotifications(server, await room.token(id, 'quiet'), { presence: 'off' });
    const el = await mountNotifications(server, await room.token(id, 'me'), { 'chat-previews': 'none' });
    const heard: string[] = [];
    el.addEventListener('room-notification', (e) => heard.push(e.detail.category + ':' + e.detail.text));
    for (const name of ['Ann', 'Ben', 'Cat', 'Dan', 'Eve'])
      clients.push(await other(server, id, name.toLowerCase(), name));
    const toast = await until(
      () => of(el, 'presence').find((t) => said(t).includes('3 others joined')),
      'one presence toast for five joins',
    );
    expect(said(toast)).to.match(/^Participants \| Ann, Ben and 3 others joined$/);
    expect(of(el, 'presence')).to.have.length(1);
    expect(heard.map((h) => h.split(':')[0])).to.deep.equal(['presence']);
    expect(of(quiet, 'presence')).to.have.length(0);
    // A hidden participant is never announced, joining or leaving.
    clients.push(connect({ server, token: await room.token(id, 'ghost', { name: 'Ghost', isHidden: true }) }));
    clients.at(-2)!.close();
    // Closed, the burst is over: a leave now is news of its own.
    el.dismiss(toast.dataset.id!);
    clients.at(-2)!.close();
    const leave = await until(() => of(el, 'presence').find((t) => said(t).includes('left')), 'the leave', 9000);
    expect(said(leave)).to.equal('Participants | Eve left');
  });

  it("an admin's toasts say who raised a hand (category presence), a participant's do not", async () => {
    const id = await freshRoom();
    const admin = await mountNotifications(server, await room.token(id, 'host', { name: 'Host', isAdmin: true }));
    const viewer = await mountNotifications(server, await room.token(id, 'viewer'));
    const bob = await other(server, id, 'bob', 'Bob');
    clients.push(bob);
    await bob.raiseHand();
    const toast = await until(
      () => of(admin, 'presence').find((t) => said(t).includes('raised a hand')),
      "the admin's hand toast",
    );
    expect(said(toast)).to.equal('Participants | Bob raised a hand');
    await pause(400);
    expect(toasts(viewer).some((t) => said(t).includes('raised a hand'))).to.equal(false);
  });

  it('notify() with the id of a shown toast replaces it in place: one toast, the second text, no second event', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { 'info-duration': '0' });
    const heard: RoomNotificationDetail[] = [];
    el.addEventListener('room-notification', (e) => heard.push(e.detail));
    el.notify('info', 'Recording starts in 3…', { id: 'rec' });
    await until(() => toasts(el).length === 1, 'the toast');
    el.notify('warning', 'Recording starts in 2…', { id: 'rec', actions: [{ id: 'stop', label: 'Cancel' }] });
    await el.updateComplete;
    expect(toasts(el)).to.have.length(1);
    expect(said(toasts(el)[0]!)).to.equal('Warning | Recording starts in 2…');
    expect(toasts(el)[0]!.querySelector('[part="toast-action"]')!.textContent).to.equal('Cancel');
    expect(heard.map((d) => [d.category, d.text])).to.deep.equal([['host', 'Recording starts in 3…']]);
    expect(el.centre.snapshot.entries.map((e) => e.text)).to.deep.equal(['Recording starts in 2…']);
    el.notify('info', 'Recording', { id: 'rec' });
    await el.updateComplete;
    expect(toasts(el)[0]!.querySelector('[part="toast-action"]'), 'the actions go with the old text').to.equal(null);
    const fromRoom = new Promise<RoomNotificationDetail>((resolve) =>
      el.addEventListener('room-notification', (e) => resolve(e.detail), { once: true }),
    );
    await room.pn('/room/broadcastToRoom', { room_id: id, notification_msg: { text: 'from the backend', type: 0 } });
    expect((await fromRoom).category).to.equal('system');
  });

  it('a backend replaces its own toast in place with notification_msg.id (an extension of broadcastToRoom)', async () => {
    const id = await freshRoom();
    const el = await mountNotifications(server, await room.token(id, 'me'), { 'info-duration': '0', presence: 'off' });
    const send = (text: string) =>
      room.pn('/room/broadcastToRoom', { room_id: id, notification_msg: { text, type: 0, id: 'upload-7' } });
    expect((await send('Uploading the recording… 10%')).status).to.equal(200);
    await until(() => toasts(el).length === 1, 'the toast');
    await send('Recording uploaded');
    await until(() => said(toasts(el)[0]!) === 'Info | Recording uploaded', 'the same toast, new text');
    expect(toasts(el)).to.have.length(1);
    expect(el.centre.snapshot.entries.map((e) => e.text)).to.deep.equal(['Recording uploaded']);
    const bad = await room.pn('/room/broadcastToRoom', {
      room_id: id,
      notification_msg: { text: 'x', id: 'x'.repeat(129) },
    });
    expect(bad.status).to.equal(400);
    expect(JSON.stringify(bad.body)).to.include('notification_msg');
  });

  /** The layouts the README shows: a right sidebar, the Quick start's full-width chat under a heading, a phone. */
  const layouts = {
    sidebar: { size: [1280, 800], chat: 'position:fixed;inset:0 0 0 auto;width:360px;height:auto' },
    'full width': { size: [1280, 800], chat: 'display:block;height:420px' },
    'full width, narrower': { size: [900, 700], chat: 'display:block;height:420px' },
    phone: { size: [375, 740], chat: 'position:fixed;inset:280px 0 0 0;height:auto' },
  } as const;
  for (const dir of ['ltr', 'rtl'] as const)
    for (const [name, layout] of Object.entries(layouts))
      it(`no toast covers the chat or the page's fixed toolbar: ${name}, ${dir}`, async () => {
        await setViewport({ width: layout.size[0], height: layout.size[1] });
        document.documentElement.dir = dir;
        const page = Object.assign(document.createElement('div'), { className: 'host-layout' });
        // The host's own fixed controls: a bar at the bottom (a meeting's control bar).
        page.innerHTML = `<h1 style="margin:8px 0;font-size:20px">Standup</h1>
          <nav style="position:fixed;inset:auto 0 0 0;height:56px;background:#333">controls</nav>`;
        document.body.prepend(page);
        const id = await freshRoom();
        const token = await room.token(id, 'me');
        const chat = await mountChat(server, token);
        chat.style.cssText = layout.chat;
        page.append(chat);
        const el = await mountNotifications(server, token, { 'info-duration': '0', position: 'bottom-end' });
        const top = await mountNotifications(server, await room.token(id, 'other'), { 'info-duration': '0' });
        for (const n of [el, top])
          for (let i = 0; i < 3; i++) n.notify('info', `notice ${i} long enough to wrap onto a second line`);
        await until(() => toasts(el).length === 3 && toasts(top).length === 3, 'the toasts');
        window.dispatchEvent(new Event('resize'));
        await pause(50);
        const nav = page.querySelector('nav')!.getBoundingClientRect();
        const box = chat.getBoundingClientRect();
        for (const n of [el, top]) {
          const host = n.getBoundingClientRect();
          const shown = toasts(n).filter((t) => {
            const r = t.getBoundingClientRect();
            return r.bottom > host.top && r.top < host.bottom;
          });
          expect(shown.length, 'at least one toast on screen').to.be.above(0);
          for (const t of shown) {
            const r = t.getBoundingClientRect();
            const clipped = new DOMRect(
              r.x,
              Math.max(r.top, host.top),
              r.width,
              Math.min(r.bottom, host.bottom) - Math.max(r.top, host.top),
            );
            expect(
              intersects(clipped, box),
              `a toast ${JSON.stringify(clipped)} covers the chat ${JSON.stringify(box)}`,
            ).to.equal(false);
            expect(intersects(clipped, nav), 'a toast covers the control bar').to.equal(false);
          }
        }
      });
});
