import { expect } from '@open-wc/testing';
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
    const foreign = el.shadowRoot!.querySelectorAll('script, img, svg, iframe, style:not([data-lit]), object, embed');
    // Lit adopts its styles; any <style> here would have come from a message.
    expect([...foreign].filter((n) => n.tagName !== 'STYLE' || n.parentNode !== el.shadowRoot).length).to.equal(0);
    for (const a of el.shadowRoot!.querySelectorAll('a')) expect(a.protocol).to.match(/^https?:$/);
  }

  it('as chat text: each string shows exactly as sent', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'reader'), { 'max-messages': '2000' });
    for (const s of strings) {
      const res = await room.pn('/room/broadcastToRoom', { room_id: id, chat_msg: { message: s } });
      expect(res.status, `sending ${JSON.stringify(s)}`).to.equal(200);
    }
    await until(() => chatTexts(el).length === strings.length, 'every string', 30_000);
    expect(chatTexts(el)).to.deep.equal(strings);
    noForeignElements(el);
    expect((window as unknown as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });

  it('as author names and notification text', async () => {
    const id = await freshRoom();
    const reader = await mountChat(server, await room.token(id, 'reader'), { 'max-messages': '2000' });
    const toastsEl = await mountNotifications(server, await room.token(id, 'reader'), { 'max-visible': '1000', 'info-duration': '0' });
    const sample = [...XSS, ...strings.filter((_, i) => i % 12 === 0)];
    for (const [i, name] of sample.entries()) {
      const writer = await mountChat(server, await room.token(id, `w${i}`, { name }));
      await writer.send(`from ${i}`);
      writer.remove();
      await room.pn('/room/broadcastToRoom', { room_id: id, notification_msg: { text: name, type: 0 } });
    }
    await until(() => chatTexts(reader).length === sample.length, 'every message', 30_000);
    const authors = [...reader.shadowRoot!.querySelectorAll('[part="message-author"]')].map((a) => a.textContent);
    expect(authors).to.deep.equal(sample);
    await until(() => toasts(toastsEl).length === new Set(sample).size, 'every toast', 30_000);
    expect(toasts(toastsEl).map((t) => t.querySelector('[part="toast-text"]')!.textContent)).to.deep.equal([...new Set(sample)]);
    noForeignElements(reader);
    noForeignElements(toastsEl);
    expect((window as unknown as { __pwned?: unknown }).__pwned).to.equal(undefined);
  });
});
