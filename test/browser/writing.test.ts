import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { connect } from '../../src/core/client.ts';
import { chatTexts, cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Issue 31 with the real room server: formatting as elements (text stays text), the emoji picker by mouse and
 * keyboard, search beyond the rendered window and the store, transcripts, and who is typing.
 */
const $ = <T extends HTMLElement = HTMLElement>(el: RoomChat, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const textOf = (el: RoomChat, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message-text"]')].find((p) => p.textContent === text);
const focused = (el: RoomChat) => el.shadowRoot!.activeElement as HTMLElement | null;

describe('<room-chat> writing and reading (issue 31)', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  it('formats bold, italic, strike, code, code blocks and quotes as elements; markup and markdown="off" stay text; axe-clean', async () => {
    const id = await freshRoom();
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    const raw = await mountChat(server, await room.token(id, 'carol', { name: 'Carol' }), { markdown: 'off' });
    const rich =
      'a *bold* and **strong**, _it_ ~gone~ `x<y`\n```\n  keep   this\n```\n> quoted https://example.test/q\nsnake_case_name';
    const hostile = '*<script>alert(1)</script>* <img src=x onerror="window.__pwned=1"> `<b>no</b>`';
    expect(await alice.send(rich)).to.equal(true);
    expect(await alice.send(hostile)).to.equal(true);
    const p = await until(
      () =>
        [...bob.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message-text"]')].find((e) =>
          e.querySelector('pre'),
        ),
      'the formatted message',
    );
    expect(p.querySelector('strong')!.textContent).to.equal('bold');
    expect(p.querySelectorAll('strong')[1]!.textContent).to.equal('strong');
    expect(p.querySelector('em')!.textContent).to.equal('it');
    expect(p.querySelector('s')!.textContent).to.equal('gone');
    expect(p.querySelector(':scope > span code')!.textContent).to.equal('x<y');
    const pre = p.querySelector('pre')!;
    expect(pre.textContent).to.equal('  keep   this');
    expect(getComputedStyle(pre).whiteSpace).to.equal('pre');
    expect(getComputedStyle(pre).overflowX).to.equal('auto');
    const quote = p.querySelector('blockquote')!;
    expect(quote.textContent).to.equal('quoted https://example.test/q');
    expect(quote.querySelector('a[part="message-link"]')!.getAttribute('href')).to.equal('https://example.test/q');
    expect(p.textContent).to.contain('snake_case_name');
    expect(p.querySelectorAll('em')).to.have.length(1);

    const bad = await until(
      () =>
        [...bob.shadowRoot!.querySelectorAll<HTMLElement>('[part~="message-text"]')].find((e) =>
          e.textContent!.includes('onerror'),
        ),
      'the hostile message',
    );
    expect(bad.querySelector('script, img, b')).to.equal(null);
    expect(bad.querySelector('strong')!.textContent).to.equal('<script>alert(1)</script>');
    expect(bad.querySelector('code')!.textContent).to.equal('<b>no</b>');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);

    // markdown="off": the raw text, as sent.
    // Carol's socket is a third one: both messages reach her on their own time, so wait for each.
    await until(() => chatTexts(raw).includes(rich), 'the raw text with markdown="off"');
    expect(textOf(raw, rich)!.querySelector('strong, em, s, code, pre, blockquote')).to.equal(null);
    await until(() => chatTexts(raw).includes(hostile), 'the hostile text, raw, with markdown="off"');
    expect(textOf(raw, hostile)!.querySelector('script, img, b, strong, code')).to.equal(null);
    await expect(bob).to.be.accessible();
  });

  it('the emoji picker opens from the button, searches, inserts the chosen emoji, and works by keyboard; emoji="off" removes it', async () => {
    const id = await freshRoom();
    const el = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const off = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }), { emoji: 'off' });
    const button = await until(() => $(el, '[part="emoji-button"]'), 'the emoji button');
    const textarea = $<HTMLTextAreaElement>(el, 'textarea')!;
    textarea.value = 'hi ';
    textarea.setSelectionRange(3, 3);
    button.click();
    const picker = await until(() => $(el, '[part="emoji-picker"]'), 'the picker');
    await until(() => picker.querySelectorAll('[role="option"]').length > 1000, 'the emoji data from the room server');
    const search = picker.querySelector<HTMLInputElement>('input')!;
    expect(focused(el)).to.equal(search);
    search.value = 'grinning';
    search.dispatchEvent(new Event('input'));
    await until(() => picker.querySelectorAll('[role="option"]').length < 10, 'the search to narrow the list');
    expect(picker.querySelector('[role="option"]')!.textContent).to.equal('😀');
    (picker.querySelector('[role="option"]') as HTMLElement).click();
    await until(() => textarea.value === 'hi 😀', 'the emoji inserted at the caret');
    expect($(el, '[part="emoji-picker"]')).to.equal(null);

    // Keyboard only: focus the button, Enter opens, type, an arrow moves, Enter picks, focus is back in the text area.
    button.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => focused(el)?.matches('[part="emoji-picker"] input'), 'the search field focused');
    await sendKeys({ type: 'heart' });
    await until(() => $(el, '[part="emoji-picker"] [role="option"]')?.textContent !== '😀', 'hearts');
    await sendKeys({ press: 'ArrowRight' });
    const second = await until(() => $(el, '[part="emoji-picker"] [aria-selected="true"]'), 'the active emoji');
    const chosen = second.textContent!;
    expect($(el, '[part="emoji-picker"] input')!.getAttribute('aria-activedescendant')).to.equal(second.id);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await until(() => textarea.value === `hi 😀${chosen}`, 'the keyboard choice inserted');
    expect(focused(el)).to.equal(textarea);
    button.click();
    await until(() => $(el, '[part="emoji-picker"]'), 'the picker again');
    await sendKeys({ press: 'Escape' });
    await until(() => !$(el, '[part="emoji-picker"]'), 'Escape closes it');

    await until(() => off.shadowRoot!.querySelector('[part="download-button"]'), 'the tools of the second chat');
    expect(off.shadowRoot!.querySelector('[part="emoji-button"]')).to.equal(null);
  });

  it('"More reactions…" in a message menu reacts with any emoji from the picker', async () => {
    const id = await freshRoom();
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    await until(() => $(bob, '[part="emoji-button"]'), 'the tools at bob');
    expect(await alice.send('launch today')).to.equal(true);
    const article = await until(
      () =>
        [...bob.shadowRoot!.querySelectorAll<HTMLElement>('[data-message-id]')].find((a) =>
          a.textContent!.includes('launch today'),
        ),
      'the message at bob',
    );
    article.querySelector<HTMLElement>('[part~="message-actions"]')!.click();
    const more = await until(
      () =>
        [...article.querySelectorAll<HTMLElement>('[part~="message-menu-item"]')].find(
          (b) => b.textContent === 'More reactions…',
        ),
      'More reactions…',
    );
    more.click();
    await until(() => focused(bob)?.matches('[part="emoji-picker"] input'), 'the picker, focused');
    await sendKeys({ type: 'rocket' });
    const options = () =>
      [...bob.shadowRoot!.querySelectorAll('[part="emoji-picker"] [role="option"]')].map((o) => o.textContent);
    await until(() => options().length < 20 && options().includes('🚀'), 'the rocket among few');
    for (let i = options().indexOf('🚀'); i > 0; i--) await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'Enter' });
    const mid = article.dataset.messageId!;
    await until(
      () => alice.shadowRoot!.querySelector(`[data-message-id="${mid}"] [part~="reaction"]`)?.textContent === '🚀 1',
      'the reaction at alice',
    );
  });

  it('search finds messages outside the rendered window and older than the store, jumps to them; client.search too', async () => {
    const id = await freshRoom();
    for (let i = 0; i < 70; i++)
      await room.pn('/room/broadcastToRoom', {
        room_id: id,
        chat_msg: { message: `note ${i} ${i % 10 === 3 ? 'needle' : 'hay'}` },
      });
    // A fresh join gets the latest 50: notes 0–19 are only in the server's history.
    const el = await mountChat(server, await room.token(id, 'reader', { name: 'Reader' }));
    await until(() => chatTexts(el).includes('note 69 hay'), 'the history');
    // The window renders the latest 40 (notes 30–69): notes 20–29 are in the store, not in the DOM.
    expect(chatTexts(el)).not.to.include('note 23 needle');
    (await until(() => $(el, '[part="search-button"]'), 'the search button')).click();
    const field = await until(() => $<HTMLInputElement>(el, '[part="search"]'), 'the search field');
    await until(() => focused(el) === field, 'the field focused');
    await sendKeys({ type: 'NEEDLE' });
    await until(
      () => $(el, '.search-status')!.textContent === '1 of 7',
      'all seven matches, older history included',
      8000,
    );
    const results = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.search-results li')].map((li) =>
      li.textContent!.trim(),
    );
    expect(results[0]).to.contain('note 63 needle');
    expect(results.at(-1)).to.contain('note 3 needle');
    expect(el.shadowRoot!.querySelector('.search-results mark')!.textContent).to.equal('needle');
    // Enter moves from the newest match to older ones; the fifth (note 23) was outside the rendered window.
    for (let i = 0; i < 4; i++) await sendKeys({ press: 'Enter' });
    await until(() => $(el, '.search-status')!.textContent === '5 of 7', 'the fifth match');
    const hit = await until(() => $(el, '[data-search-hit]'), 'the match marked in the log');
    expect(hit.textContent).to.contain('note 23 needle');
    expect(focused(el)).to.equal(field);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await until(() => $(el, '[part="search-button"]') && !$(el, '[data-search-hit]'), 'search closed');

    const client = connect({ server, token: el.token! });
    try {
      const hits = await client.search('needle');
      expect(hits.map((h) => h.message.text)).to.deep.equal([63, 53, 43, 33, 23, 13, 3].map((i) => `note ${i} needle`));
      expect(hits.filter((h) => !h.loaded).map((h) => h.message.text)).to.deep.equal([
        'note 13 needle',
        'note 3 needle',
      ]);
    } finally {
      client.close();
    }
  });

  it('exportTranscript holds each visible message once, no private message of another pair, tombstones and locale times', async () => {
    const id = await freshRoom();
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    alice.setAttribute('locale', 'de');
    await until(() => $<HTMLTextAreaElement>(alice, 'textarea')!.placeholder !== 'Write a message…', 'German', 8000);
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    const carol = await mountChat(server, await room.token(id, 'carol', { name: 'Carol' }));
    expect(await alice.send('hello all')).to.equal(true);
    expect(await bob.send('psst carol', 'carol')).to.equal(true);
    expect(await bob.send('psst alice', 'alice')).to.equal(true);
    expect(await carol.send('oops')).to.equal(true);
    const oops = await until(
      () =>
        [...alice.shadowRoot!.querySelectorAll<HTMLElement>('[data-message-id]')].find((a) =>
          a.textContent!.includes('oops'),
        ),
      'oops at alice',
    );
    await carol.deleteMessage(oops.dataset.messageId!);
    await until(() => alice.shadowRoot!.querySelector('[part~="message-deleted"]'), 'the tombstone');
    const text = await alice.exportTranscript('text');
    const lines = text.trim().split('\n');
    expect(lines).to.have.length(3);
    expect(lines.filter((l) => l.includes('hello all'))).to.have.length(1);
    expect(lines.filter((l) => l.includes('psst alice'))).to.have.length(1);
    expect(text).not.to.contain('psst carol');
    expect(lines[2]).to.match(/Carol: \[.+\]$/);
    // German times: dd.mm.yy, HH:MM.
    expect(lines[0]).to.match(/^\[\d{2}\.\d{2}\.\d{2}, \d{2}:\d{2}\] Alice: hello all$/);
    const json = JSON.parse(await alice.exportTranscript('json'));
    expect(
      json.messages.map((m: { text: string; deleted?: boolean }) => (m.deleted ? '(deleted)' : m.text)),
    ).to.deep.equal(['hello all', 'psst alice', '(deleted)']);
    const html = await bob.exportTranscript('html');
    expect(html).to.contain('psst carol').and.contain('psst alice').and.not.contain('<script');
    // Only an admin reads the whole room.
    await bob.exportTranscript('text', true).then(
      () => expect.fail('a user read the whole room'),
      (e: { code?: string }) => expect(e.code).to.equal('not_allowed'),
    );
    const mod = await mountChat(server, await room.token(id, 'mod', { name: 'Mod', isAdmin: true }));
    const whole = await mod.exportTranscript('text', true);
    expect(whole).to.contain('psst carol').and.contain('psst alice').and.contain('hello all');
  });

  it('an edited message (issue 29) shows its new text formatted and is marked edited in transcripts, from history too', async () => {
    const id = await freshRoom();
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const mod = await mountChat(server, await room.token(id, 'mod', { name: 'Mod', isAdmin: true }));
    expect(await alice.send('see you at 3')).to.equal(true);
    const article = await until(() => alice.shadowRoot!.querySelector<HTMLElement>('[data-message-id]'), 'the message');
    await alice.editMessage(article.dataset.messageId!, 'see you at *4*');
    const bold = await until(() => mod.shadowRoot!.querySelector('[part~="message-text"] strong'), 'the edit at mod');
    expect(bold.textContent).to.equal('4');
    expect(mod.shadowRoot!.querySelector('[part~="message-edited"]')!.textContent).to.equal('edited');
    expect(await alice.exportTranscript('text')).to.match(/Alice: see you at \*4\* \(edited\)\n$/);
    const json = JSON.parse(await alice.exportTranscript('json'));
    expect(json.messages.map((m: { text: string; edited?: true }) => [m.text, m.edited])).to.deep.equal([
      ['see you at *4*', true],
    ]);
    // The admin's whole room comes from the server's history, where the edit is folded in.
    expect(await mod.exportTranscript('text', true)).to.match(/Alice: see you at \*4\* \(edited\)\n$/);
  });

  it('shows who is typing to the other user within 2 s, and clears it when the message is sent', async () => {
    const id = await freshRoom();
    const alice = await mountChat(server, await room.token(id, 'alice', { name: 'Alice' }));
    const bob = await mountChat(server, await room.token(id, 'bob', { name: 'Bob' }));
    await until(() => $(alice, '[part="download-button"]') && $(bob, '[part="typing"]'), 'the tools loaded');
    const textarea = $<HTMLTextAreaElement>(alice, 'textarea')!;
    textarea.focus();
    const started = Date.now();
    await sendKeys({ type: 'hel' });
    await until(() => $(bob, '[part="typing"]')!.textContent === 'Alice is typing…', 'the typing line at bob', 2000);
    expect(Date.now() - started).to.be.below(2000);
    expect($(alice, '[part="typing"]')!.textContent).to.equal('');
    await expect(bob).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await until(() => chatTexts(bob).includes('hel'), 'the message at bob');
    expect($(bob, '[part="typing"]')!.textContent).to.equal('');
  });
});
