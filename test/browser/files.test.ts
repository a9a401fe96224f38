import { expect } from '@open-wc/testing';
import type { RoomChat } from '../../src/components/room-chat/room-chat.ts';
import { cleanup, freshRoom, mountChat, room, until } from './helpers.ts';

/**
 * Files in the chat, end to end: a real room server storing real uploads, three participants in real chats, each
 * upload made the way a user makes it (the file picker's change, a paste, a drop) and each download fetched.
 */
const rules = (chat: object, more: object = {}) => ({
  room_features: { chat_features: { allow_chat: true, allow_file_upload: true, ...chat } },
  ...more,
});

// A 1×1 PNG: decodable, so the thumbnail must load.
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);
const text = (s: string, name = 'notes.txt') => new File([s], name, { type: 'text/plain' });
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const parts = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
const transfer = (...files: File[]) => {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  return dt;
};
const sha256 = async (data: ArrayBuffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].join(',');

/** The card of the file named `name` in `el`, once it shows with its signed download link. */
const card = (el: RoomChat, name: string) =>
  until(
    () =>
      parts(el, 'attachment').find(
        (a) => a.textContent!.includes(name) && a.querySelector<HTMLAnchorElement>('[part="attachment-link"]')?.href,
      ),
    `the card of ${name}`,
    8000,
  );

describe('files in <room-chat>', () => {
  let server: string;
  before(async () => (server = await room.url()));
  afterEach(cleanup);

  async function trio(chat: object = {}, more: object = {}): Promise<RoomChat[]> {
    const id = await freshRoom(rules(chat, more));
    const names = ['Alice', 'Bob', 'Carol'];
    const els: RoomChat[] = [];
    for (const name of names) els.push(await mountChat(server, await room.token(id, name.toLowerCase(), { name })));
    await until(
      () => els.every((el) => el.shadowRoot!.querySelectorAll('option').length === 3),
      'everyone to see everyone',
    );
    return els;
  }

  it('a file picked with the attach button reaches the others, who download the same bytes', async () => {
    const [alice, bob, carol] = await trio();
    const file = text('minutes of the meeting\n'.repeat(50));
    const input = alice!.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(part(alice!, 'attach-button')).to.exist;
    input.files = transfer(file).files;
    input.dispatchEvent(new Event('change'));
    for (const el of [bob!, carol!]) {
      const c = await card(el, 'notes.txt');
      expect(c.textContent).to.include('text/plain');
      expect(c.textContent).to.match(/1\.1 kB|1\.1 KB/);
      const res = await fetch(c.querySelector<HTMLAnchorElement>('[part="attachment-link"]')!.href);
      expect(res.status).to.equal(200);
      expect(await sha256(await res.arrayBuffer())).to.equal(await sha256(await file.arrayBuffer()));
      expect(c.closest('[data-message-id]')!.getAttribute('data-message-id')).to.be.a('string').and.not.empty;
    }
  });

  it('a pasted image shows as a lazy thumbnail that loads', async () => {
    const [alice, bob] = await trio();
    const textarea = part(alice!, 'input') as HTMLTextAreaElement;
    textarea.dispatchEvent(
      new ClipboardEvent('paste', {
        clipboardData: transfer(new File([PNG], 'shot.png', { type: 'image/png' })),
        bubbles: true,
        cancelable: true,
      }),
    );
    await card(bob!, 'shot.png');
    const img = await until(() => part(bob!, 'attachment-image') as HTMLImageElement | null, 'the thumbnail');
    expect(img.loading).to.equal('lazy');
    await until(() => img.complete && img.naturalWidth === 1, 'the thumbnail to load');
    expect(img.closest('a')!.target).to.equal('_blank');
  });

  it('a file dropped while writing privately to Bob is Bob’s alone: Carol neither sees nor fetches it', async () => {
    const [alice, bob, carol] = await trio();
    const select = alice!.shadowRoot!.querySelector('select')!;
    select.value = 'bob';
    select.dispatchEvent(new Event('change'));
    alice!.dispatchEvent(
      new DragEvent('drop', {
        dataTransfer: transfer(text('for Bob only', 'secret.txt')),
        bubbles: true,
        cancelable: true,
      }),
    );
    const c = await card(bob!, 'secret.txt');
    expect(c.closest('[part~="message-private"]')).to.exist;
    // A public message sent after it reaches Carol: by then the private file would have too.
    await alice!.send('after the file');
    await until(() => carol!.shadowRoot!.textContent!.includes('after the file'), 'the later public message');
    expect(parts(carol!, 'attachment')).to.have.length(0);
    const path = new URL(c.querySelector<HTMLAnchorElement>('[part="attachment-link"]')!.href).pathname;
    const res = await fetch(new URL(path, server), { headers: { Authorization: `Bearer ${carol!.token}` } });
    expect(res.status).to.equal(404);
  });

  it('shows each refusal by the composer, reports it, rejects sendFile, and shares nothing', async () => {
    const [alice, bob] = await trio({ allowed_file_types: ['txt'], max_file_size: 1 });
    const errors: string[] = [];
    alice!.addEventListener('room-error', (e) => errors.push((e as CustomEvent).detail.code));
    const refused = async (file: File) => {
      const error = await alice!.sendFile(file).then(
        () => null,
        (e: { code: string }) => e,
      );
      await alice!.updateComplete;
      return { code: error?.code, shown: part(alice!, 'composer-notice')!.textContent };
    };
    expect(await refused(new File([new Uint8Array(1024 * 1024 + 1)], 'big.txt'))).to.deep.equal({
      code: 'file_too_large',
      shown: 'The file is larger than 1 MB.',
    });
    expect(await refused(text('%PDF-1.4', 'paper.pdf'))).to.deep.equal({
      code: 'file_type_not_allowed',
      shown: 'files of this type cannot be shared here',
    });
    // The room allows .txt, but the bytes are a PNG: only the server can tell (it would name it image.txt.png).
    const sniffed = await refused(new File([PNG], 'image.txt'));
    expect(sniffed.code).to.equal('file_type_not_allowed');
    expect(sniffed.shown).to.not.equal('');
    expect(errors).to.deep.equal(['file_too_large', 'file_type_not_allowed', 'file_type_not_allowed']);
    await alice!.send('done');
    await until(() => bob!.shadowRoot!.textContent!.includes('done'), 'the later message');
    expect(parts(bob!, 'attachment')).to.have.length(0);
  });

  it('a locked room hides the attach button, and the server’s refusal shows in the user’s language', async () => {
    const id = await freshRoom(rules({}, { default_lock_settings: { lock_chat_file_share: true } }));
    const dora = await mountChat(server, await room.token(id, 'dora', { name: 'Dora' }));
    dora.setAttribute('locale', 'de');
    await until(() => part(dora, 'status')!.textContent === 'Verbunden', 'German');
    expect(part(dora, 'attach-button')).to.not.exist;
    const error = await dora.sendFile(text('x')).then(
      () => null,
      (e: { code: string }) => e,
    );
    expect(error?.code).to.equal('file_share_locked');
    await dora.updateComplete;
    expect(part(dora, 'composer-notice')!.textContent).to.equal('Die Moderation hat das Teilen von Dateien gesperrt.');
  });

  it('an upload shows its progress bar until cancelled; a cancelled upload rejects and shares nothing', async () => {
    const [alice, bob] = await trio();
    const errors: string[] = [];
    alice!.addEventListener('room-error', (e) => errors.push((e as CustomEvent).detail.code));
    const sending = alice!.sendFile(text('y'.repeat(512 * 1024), 'long.txt'));
    await alice!.updateComplete;
    const progress = part(alice!, 'upload-progress') as HTMLProgressElement;
    expect(progress.max).to.equal(512 * 1024);
    part(alice!, 'upload-cancel')!.click();
    const error = await sending.then(
      () => null,
      (e: { code: string }) => e,
    );
    expect(error?.code).to.equal('upload_cancelled');
    await alice!.updateComplete;
    expect(part(alice!, 'upload-progress')).to.not.exist;
    expect(errors).to.deep.equal([]);
    await alice!.send('after cancel');
    await until(() => bob!.shadowRoot!.textContent!.includes('after cancel'), 'the later message');
    expect(parts(bob!, 'attachment')).to.have.length(0);
  });
});

describe('file messages from the socket', () => {
  const message = (file: object) => ({
    id: 'f1',
    room_id: 'r',
    seq: 1,
    ts: 1,
    kind: 'file',
    from: null,
    private: false,
    text: 'a.txt',
    file,
  });
  const file = { id: 'x', name: 'a.txt', size: 3, type: 'text/plain; charset=utf-8', url: '/files/r/x', inline: false };

  it('keeps a well-formed file and refuses one that points off the room server or lacks a field', async () => {
    const { parseMessage } = await import('../../src/core/validate.ts');
    expect(parseMessage(message(file)).file).to.deep.equal(file);
    expect(() => parseMessage(message({ ...file, url: 'https://evil.example/files/r/x' }))).to.throw(
      'message.file.url must be a path under /files/',
    );
    expect(() => parseMessage(message({ ...file, url: '//evil.example/files/' }))).to.throw('/files/');
    expect(() => parseMessage(message({ ...file, size: '3' }))).to.throw('message.file is malformed');
    expect(() => parseMessage({ ...message(file), file: undefined })).to.throw('message.file is malformed');
  });
});
