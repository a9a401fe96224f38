import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { chatTexts, cleanup, freshRoom, mountChat, painted, readBack, room, until } from './helpers.ts';

describe('<room-chat>', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  it('shows the welcome message first, then the recent history, with authors and times', async () => {
    const id = await freshRoom({ welcome_message: 'Welcome to room' });
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'earlier system note' } });
    const el = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    await until(() => chatTexts(el).length === 2, 'history');
    expect(chatTexts(el)).to.deep.equal(['Welcome to room', 'earlier system note']);
    const system = el.shadowRoot!.querySelectorAll('[part~="message-system"]');
    expect(system.length).to.equal(2);
    expect(system[1]!.querySelector('[part="message-author"]')!.textContent).to.equal('System');
    expect(system[1]!.querySelector('time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('every targeting case of seed 000 lands in the right widgets and no others', async () => {
    const id = await freshRoom();
    const users: Array<[string, boolean]> = [
      ['admin-1', true],
      ['user-456', false],
      ['vip-user-789', false],
      ['plain', false],
    ];
    const els: Record<string, HTMLElement> = {};
    for (const [user, isAdmin] of users) els[user] = await mountChat(server, await room.token(id, user, { isAdmin }));
    const send = (body: object) => room.pn('/room/broadcastToRoom', { room_id: id, ...body });
    await send({ chat_msg: { message: 'to everyone' } });
    await send({ to_user_id: 'user-456', chat_msg: { message: 'to 456' } });
    await send({ only_to_admins: true, chat_msg: { message: 'to admins' } });
    await send({ only_to_admins: true, to_user_id: 'vip-user-789', chat_msg: { message: 'to admins and vip' } });
    await send({ chat_msg: { message: 'last' } });
    for (const el of Object.values(els)) await until(() => chatTexts(el).includes('last'), 'the last message');
    expect(chatTexts(els['admin-1']!)).to.deep.equal(['to everyone', 'to admins', 'to admins and vip', 'last']);
    expect(chatTexts(els['user-456']!)).to.deep.equal(['to everyone', 'to 456', 'last']);
    expect(chatTexts(els['vip-user-789']!)).to.deep.equal(['to everyone', 'to admins and vip', 'last']);
    expect(chatTexts(els.plain!)).to.deep.equal(['to everyone', 'last']);
    const privateOne = els['user-456']!.shadowRoot!.querySelector('[part~="message-private"]');
    expect(privateOne!.querySelector('[part="message-private-mark"]')!.textContent).to.equal('Private');
  });

  it('100ms: peer_id, role and broadcast land in the right widgets; emoji shows as a reaction', async () => {
    const id = await freshRoom();
    const student = await mountChat(server, await room.peerToken(id, 's-1', 'student'));
    const teacher = await mountChat(server, await room.peerToken(id, 't-1', 'teacher'));
    await room.hms(id, { role: 'teacher', message: 'teachers only' });
    await room.hms(id, { message: '👍', type: 'emoji' });
    await until(() => chatTexts(student).includes('👍') && chatTexts(teacher).includes('👍'), 'the reaction');
    expect(chatTexts(student)).to.deep.equal(['👍']);
    expect(chatTexts(teacher)).to.deep.equal(['teachers only', '👍']);
    expect(student.shadowRoot!.querySelector('[part~="message-emoji"]')).to.exist;
  });

  it('sends with Enter, breaks lines with Shift+Enter, and shows the message once, from you', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'me', { name: 'Me' }));
    const other = await mountChat(server, await room.token(id, 'you', { name: 'You' }));
    const input = el.shadowRoot!.querySelector('textarea')!;
    input.focus();
    await sendKeys({ type: 'line one' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'line two' });
    await sendKeys({ press: 'Enter' });
    await until(() => chatTexts(other).length === 1, 'delivery');
    expect(chatTexts(other)).to.deep.equal(['line one\nline two']);
    await until(() => !el.shadowRoot!.querySelector('[part~="message-pending"]'), 'the ack');
    expect(chatTexts(el)).to.deep.equal(['line one\nline two']);
    expect(el.shadowRoot!.querySelector('[part="message-author"]')!.textContent).to.equal('Me (you)');
    expect(input.value).to.equal('');
  });

  it('a refused message shows as failed with the reason, and retry sends it again', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'me'));
    const ok = await el.send('x'.repeat(2001));
    expect(ok).to.equal(false);
    const failed = await until(() => el.shadowRoot!.querySelector('[part~="message-failed"]'), 'the failed state');
    expect(failed.textContent).to.contain('messages are limited to 2000 characters');
    expect(el.shadowRoot!.querySelector('[part="composer-notice"]')!.textContent).to.contain('limited to 2000');
    const errors: string[] = [];
    el.addEventListener('room-error', (e) => errors.push(e.detail.code));
    (failed.querySelector('[part="retry-button"]') as HTMLButtonElement).click();
    await until(() => errors.length === 1, 'the retry');
    expect(errors).to.deep.equal(['message_too_long']);
  });

  it('private messages to a participant picked from the list reach only that participant', async () => {
    const id = await freshRoom();
    const a = await mountChat(server, await room.token(id, 'a', { name: 'Ann' }));
    const b = await mountChat(server, await room.token(id, 'b', { name: 'Ben' }));
    const c = await mountChat(server, await room.token(id, 'c', { name: 'Cat' }));
    const select = await until(
      () => a.shadowRoot!.querySelector('select') as HTMLSelectElement | null,
      'the recipient list',
    );
    await until(() => select.options.length === 3, 'both others listed');
    expect([...select.options].map((o) => o.textContent)).to.deep.equal(['Everyone', 'Ben (private)', 'Cat (private)']);
    select.value = 'b';
    select.dispatchEvent(new Event('change'));
    await a.updateComplete;
    a.shadowRoot!.querySelector('textarea')!.value = 'just for Ben';
    (a.shadowRoot!.querySelector('[part="send-button"]') as HTMLButtonElement).click();
    await until(() => chatTexts(b).length === 1, 'delivery to Ben');
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'marker' } });
    await until(() => chatTexts(c).includes('marker'), 'the marker');
    expect(chatTexts(c)).to.deep.equal(['marker']);
    expect(b.shadowRoot!.querySelector('[part~="message-private"] [part="message-author"]')!.textContent).to.equal(
      'Ann',
    );
    await until(
      () => a.shadowRoot!.querySelector('[part="message-private-mark"]')?.textContent === 'Private to Ben',
      "the sender's copy",
    );
  });

  it('the composer is disabled with a visible reason when the chat is locked, and not for admins', async () => {
    const id = await freshRoom({ default_lock_settings: { lock_chat: true } });
    const user = await mountChat(server, await room.token(id, 'u'));
    const admin = await mountChat(server, await room.token(id, 'm', { isAdmin: true }));
    expect(user.shadowRoot!.querySelector('textarea')!.disabled).to.equal(true);
    expect(user.shadowRoot!.querySelector('[part="composer-notice"]')!.textContent).to.equal(
      'The moderator has locked the chat.',
    );
    expect(admin.shadowRoot!.querySelector('textarea')!.disabled).to.equal(false);
    const off = await freshRoom({ room_features: { chat_features: { allow_chat: false } } });
    const none = await mountChat(server, await room.token(off, 'u'));
    expect(none.shadowRoot!.querySelector('[part="composer-notice"]')!.textContent).to.equal(
      'Chat is turned off in this meeting.',
    );
  });

  it('room-chat-message is cancelable: preventDefault keeps the message out of the list', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u'));
    const seen: string[] = [];
    el.addEventListener('room-chat-message', (e) => {
      seen.push(e.detail.text);
      expect(e.bubbles && e.composed && e.cancelable).to.equal(true);
      if (e.detail.text.startsWith('hide')) e.preventDefault();
    });
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'hide me' } });
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'show me' } });
    await until(() => chatTexts(el).includes('show me'), 'delivery');
    expect(seen).to.deep.equal(['hide me', 'show me']);
    expect(chatTexts(el)).to.deep.equal(['show me']);
  });

  it('http(s) links become safe links; other schemes stay text', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u'));
    await room.pn('/room/broadcastToRoom', {
      room_id: id,
      chat_msg: { message: 'see https://example.test/a?b=1, javascript:alert(1) and data:text/html,<b>x</b>' },
    });
    await until(() => chatTexts(el).length === 1, 'delivery');
    const links = [...el.shadowRoot!.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['https://example.test/a?b=1']);
    expect(links[0]!.getAttribute('rel')).to.equal('noopener noreferrer nofollow ugc');
    expect(links[0]!.getAttribute('target')).to.equal('_blank');
    expect(chatTexts(el)[0]).to.equal(
      'see https://example.test/a?b=1, javascript:alert(1) and data:text/html,<b>x</b>',
    );
    expect(el.shadowRoot!.querySelector('b')).to.equal(null);
  });

  it('while scrolled up, new messages are counted on a button instead of scrolling', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u'));
    for (let i = 0; i < 15; i++)
      await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: `m${i}\n\n\n` } });
    await until(() => chatTexts(el).length === 15, 'delivery');
    await painted();
    const log = el.shadowRoot!.querySelector('[part="log"]') as HTMLElement;
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(30);
    readBack(log);
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'new 1' } });
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'new 2' } });
    await until(() => chatTexts(el).includes('new 2'), 'delivery');
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('[part="new-messages"]') as HTMLButtonElement;
    expect(button.hidden).to.equal(false);
    expect(button.textContent!.trim()).to.equal('2 new messages ↓');
    // Read after the frame in which a follow to the latest would have been made.
    await painted();
    expect(log.scrollTop).to.equal(0);
    button.click();
    await el.updateComplete;
    expect(button.hidden).to.equal(true);
  });

  it('renders a flood a few times a second, not once per frame, and ends on the latest in view', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u'));
    const log = el.shadowRoot!.querySelector('[part="log"]') as HTMLElement;
    // Each render's changes to the list come to the observer together, once: when, and the newest then shown.
    const renders: Array<[at: number, newest: number]> = [];
    const observer = new MutationObserver(() =>
      renders.push([performance.now(), Number(chatTexts(el).at(-1)?.slice(1) ?? -1)]),
    );
    observer.observe(log, { childList: true, subtree: true, characterData: true });
    const took = await room.flood(id, 600, 'f');
    await until(() => chatTexts(el).includes('f599'), 'the last of the flood');
    observer.disconnect();
    await painted();
    expect(log.scrollHeight - log.scrollTop - log.clientHeight).to.be.below(30);
    expect(chatTexts(el)).to.have.length(40);
    expect(chatTexts(el).at(-1)).to.equal('f599');
    // A render that brought more than 4 new messages at over 125 a second makes the next wait 200 ms; rendered once a
    // frame, most would follow within 50 ms. Counted here, with margin: 10 or more at over 200 a second.
    const flood = (i: number) => {
      const [at, newest] = renders[i - 1]!;
      const [before, older] = renders[i - 2]!;
      return newest - older >= 10 && ((newest - older) * 1000) / (at - before) > 200;
    };
    const flooded = renders.filter((_, i) => i > 1 && flood(i));
    const early = renders.filter(([at], i) => i > 1 && flood(i) && at - renders[i - 1]![0] < 150);
    expect(flooded.length, `a flood of 600 in ${took.toFixed(0)} ms`).to.be.above(2);
    expect(early.map(([, newest]) => newest)).to.deep.equal([]);
  });

  it('shows your own message at once during a flood, not with its next render', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u', { name: 'U' }));
    const flood = room.flood(id, 400, 'f');
    await until(() => chatTexts(el).some((t) => Number(t.slice(1)) >= 100), 'the flood under way');
    const sent = el.send('mine, mid-flood');
    await el.updateComplete;
    expect(chatTexts(el)).to.include('mine, mid-flood');
    expect(await sent).to.equal(true);
    await flood;
  });

  it('keeps the latest in view through a fast stream, and keeps a reader who scrolls up mid-stream where they are', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'u'));
    const log = el.shadowRoot!.querySelector('[part="log"]') as HTMLElement;
    const fromBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight;
    // Messages faster than frames: the list grows again before each scroll to the latest has been made.
    const stream = async (prefix: string, n: number) => {
      for (let i = 0; i < n; i++) {
        void room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: `${prefix}${i}\n\n` } });
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    await stream('a', 30);
    await until(() => chatTexts(el).includes('a29\n\n'), 'delivery');
    await painted();
    expect(fromBottom()).to.be.below(30);
    expect((el.shadowRoot!.querySelector('[part="new-messages"]') as HTMLElement).hidden).to.equal(true);

    const more = stream('b', 20);
    await until(() => chatTexts(el).some((t) => t.startsWith('b')), 'the second stream');
    // Right after an update, while the scroll to the latest waits for its frame: the reader's scroll wins.
    el.requestUpdate();
    await el.updateComplete;
    readBack(log);
    await more;
    // Some surely come after the reader's scroll, however the second stream was batched.
    await stream('c', 10);
    await until(() => chatTexts(el).includes('c9\n\n'), 'delivery');
    await painted();
    expect(fromBottom()).to.be.above(300);
    const button = el.shadowRoot!.querySelector('[part="new-messages"]') as HTMLButtonElement;
    expect(button.hidden).to.equal(false);
  });

  it('is axe-clean, with role="log" (not itself a live region: chat-live.ts speaks for it) and a labelled composer', async () => {
    const id = await freshRoom({ welcome_message: 'Hi' });
    const el = await mountChat(server, await room.token(id, 'u'));
    await mountChat(server, await room.token(id, 'v'));
    await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: 'hello https://example.test' } });
    await until(() => chatTexts(el).length === 2, 'delivery');
    expect(el.shadowRoot!.querySelector('[role="log"]')!.getAttribute('aria-live')).to.equal('off');
    // The message from someone else is spoken through the chat's own polite region.
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live="polite"]')!.textContent).to.include('hello');
    await expect(el).to.be.accessible();
  });
});

describe('<room-chat> with a long history', () => {
  afterEach(cleanup);

  it('keeps at most 40 messages in the DOM while following, and shows earlier ones on request', async () => {
    const server = await room.url();
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'reader'));
    for (let i = 0; i < 100; i++)
      await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: `n${i}` } });
    await until(() => chatTexts(el).at(-1) === 'n99', 'the last message');
    expect(chatTexts(el)).to.deep.equal(Array.from({ length: 40 }, (_, i) => `n${i + 60}`));
    const log = el.shadowRoot!.querySelector('[part="log"]')!;
    expect(log.querySelectorAll('*').length).to.be.below(300);
    (el.shadowRoot!.querySelector('[part="show-earlier"]') as HTMLButtonElement).click();
    await el.updateComplete;
    expect(chatTexts(el)[0]).to.equal('n20');
    expect(chatTexts(el)).to.have.length(80);
  });
});
