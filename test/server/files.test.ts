import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoomMessage } from '../../src/core/protocol.ts';
import { LinkSigner } from '../../server/files/links.ts';
import {
  SECRET,
  barrier,
  connect,
  createRoom,
  joinToken,
  pn,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';
import { PNG, download, eventually, filesUnder, link, pdf, sha256, upload } from './files-helpers.ts';

describe('files shared in the chat', () => {
  let server: TestServer;
  let dir: string;
  let mgmt: string;
  type User = 'alice' | 'bob' | 'carol' | 'dave';
  const tokens = {} as Record<User, string>;
  let alice: Client, bob: Client, carol: Client;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rw-files-test-'));
    server = await startServer({ UPLOAD_DIR: dir, CHAT_RATE_POINTS: '1000' });
    mgmt = await managementToken();
    await createRoom(server.url, 'files');
    for (const u of ['alice', 'bob', 'carol', 'dave'] as const)
      tokens[u] = await joinToken(server.url, 'files', u, false, u[0]!.toUpperCase() + u.slice(1));
    [alice, bob, carol] = (await Promise.all(
      (['alice', 'bob', 'carol'] as const).map((u) => connect(server.url, tokens[u])),
    )) as [Client, Client, Client];
  });
  after(async () => {
    for (const c of [alice, bob, carol]) c.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const all = () => [alice, bob, carol];
  const reset = () => all().forEach((c) => (c.messages.length = 0));

  it('an upload reaches everyone as a file message, and each downloads the same bytes', async () => {
    reset();
    const bytes = pdf(3 * 1024 * 1024 + 17);
    const res = await upload(server.url, 'files', 'notes.pdf', bytes, { token: tokens.alice });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(res.body.ok);
    const sent = res.body.message;
    assert.equal(sent.kind, 'file');
    assert.equal(sent.private, false);
    assert.deepEqual(sent.from, { user_id: 'alice', name: 'Alice', role: 'participant' });
    assert.equal(sent.text, 'notes.pdf');
    assert.deepEqual(
      { ...sent.file, id: undefined, url: undefined },
      { id: undefined, url: undefined, name: 'notes.pdf', size: bytes.length, type: 'application/pdf', inline: false },
    );
    assert.equal(sent.file!.url, `/files/files/${sent.file!.id}`);
    for (const c of [bob, carol]) {
      const got = await c.waitFor((m) => m.kind === 'file');
      assert.deepEqual(got, sent);
      const d = await download(server.url, got.file!.url, tokens[c === bob ? 'bob' : 'carol']);
      assert.equal(d.status, 200);
      assert.equal(sha256(d.bytes), sha256(bytes));
      assert.equal(d.headers.get('content-type'), 'application/pdf');
      assert.equal(d.headers.get('content-disposition'), 'attachment; filename="notes.pdf"');
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      assert.match(d.headers.get('content-security-policy') ?? '', /^sandbox\b/);
    }
  });

  it('the sender is the token holder: a spoofed name in the query changes nothing but the file name', async () => {
    const res = await upload(server.url, 'files', 'x.png', PNG, {
      token: tokens.carol,
      query: 'name=x.png&from=alice&user_id=alice',
    });
    assert.equal(res.status, 201);
    assert.ok(res.body.ok);
    assert.equal(res.body.message.from?.user_id, 'carol');
  });

  it('images are served inline, everything else as an attachment; names keep only their last path segment', async () => {
    const res = await upload(server.url, 'files', '../../etc/photo.png', PNG, { token: tokens.bob });
    assert.ok(res.body.ok, JSON.stringify(res.body));
    const file = res.body.message.file!;
    assert.equal(file.name, 'photo.png');
    assert.equal(file.inline, true);
    const d = await download(server.url, file.url, tokens.alice);
    assert.equal(d.headers.get('content-type'), 'image/png');
    assert.equal(d.headers.get('content-disposition'), 'inline; filename="photo.png"');
    assert.deepEqual(d.bytes, PNG);
  });

  it('the type comes from the bytes: a PNG named .pdf is a PNG and its name says so', async () => {
    const res = await upload(server.url, 'files', 'report.pdf', PNG, { token: tokens.bob });
    assert.ok(res.body.ok, JSON.stringify(res.body));
    assert.equal(res.body.message.file!.type, 'image/png');
    assert.equal(res.body.message.file!.name, 'report.pdf.png');
  });

  it('a non-ASCII name survives, in the message and in the download header', async () => {
    const res = await upload(server.url, 'files', 'Überblick – 会议.txt', Buffer.from('plain text\n'), {
      token: tokens.alice,
    });
    assert.ok(res.body.ok, JSON.stringify(res.body));
    const file = res.body.message.file!;
    assert.equal(file.name, 'Überblick – 会议.txt');
    assert.equal(file.type, 'text/plain; charset=utf-8');
    const d = await download(server.url, file.url, tokens.bob);
    assert.match(
      d.headers.get('content-disposition') ?? '',
      /^attachment; filename="[^"]+"; filename\*=UTF-8''%C3%9Cberblick%20%E2%80%93%20%E4%BC%9A%E8%AE%AE\.txt$/,
    );
  });

  it('a private file reaches its recipient and its sender only, and nobody else can fetch it', async () => {
    reset();
    const bytes = pdf(200_000);
    const res = await upload(server.url, 'files', 'secret.pdf', bytes, { token: tokens.alice, to: 'bob' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(res.body.ok);
    const sent = res.body.message;
    assert.equal(sent.private, true);
    assert.equal(sent.to?.user_id, 'bob');
    await barrier(server.url, 'files', all(), mgmt);
    assert.deepEqual(visible(bob), ['secret.pdf']);
    assert.deepEqual(visible(alice), ['secret.pdf']);
    assert.deepEqual(visible(carol), []);

    assert.equal(sha256((await download(server.url, sent.file!.url, tokens.bob)).bytes), sha256(bytes));
    assert.equal(sha256((await download(server.url, sent.file!.url, tokens.alice)).bytes), sha256(bytes));
    const third = await download(server.url, sent.file!.url, tokens.carol);
    assert.equal(third.status, 404);
    assert.equal(third.json?.code, 'file_not_found');
    const anonymous = await download(server.url, sent.file!.url);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.json?.code, 'token_missing');
    assert.equal((await link(server.url, sent.file!.url, tokens.carol)).status, 404);
    const otherRoom = await createRoom(server.url, 'elsewhere').then(() => joinToken(server.url, 'elsewhere', 'bob'));
    assert.equal((await download(server.url, sent.file!.url, otherRoom)).json?.code, 'token_invalid');
  });

  it('a target gets a signed link that works without credentials; a forged or expired one does not', async () => {
    const res = await upload(server.url, 'files', 'linked.pdf', pdf(10_000), { token: tokens.alice, to: 'bob' });
    assert.ok(res.body.ok);
    const file = res.body.message.file!;
    const given = await link(server.url, file.url, tokens.bob);
    assert.ok(given.body.ok, JSON.stringify(given.body));
    assert.ok(given.body.expires_at > Date.now());
    const d = await download(server.url, given.body.url);
    assert.equal(d.status, 200);
    assert.equal(d.bytes.length, 10_000);
    assert.match(d.headers.get('cache-control') ?? '', /^private, max-age=\d+$/);

    const forged = given.body.url.replace(/sig=[^&]+/, 'sig=' + 'A'.repeat(43));
    assert.equal((await download(server.url, forged)).json?.code, 'file_link_invalid');
    const otherFile = given.body.url.replace(file.id, crypto.randomUUID());
    assert.equal((await download(server.url, otherFile)).json?.code, 'file_link_invalid');
    const old = new LinkSigner(SECRET, 60).sign('files', file.id, Date.now() - 3600_000);
    const expired = await download(server.url, old.url);
    assert.equal(expired.status, 403);
    assert.equal(expired.json?.code, 'file_link_expired');
  });

  it('file messages are in the history of a fresh join and of a resume, for their targets only', async () => {
    const before = alice.welcome.seq;
    const pub = await upload(server.url, 'files', 'late.pdf', pdf(1000), { token: tokens.alice });
    const priv = await upload(server.url, 'files', 'for-bob.pdf', pdf(1000), { token: tokens.alice, to: 'bob' });
    assert.ok(pub.body.ok && priv.body.ok, JSON.stringify([pub.body, priv.body]));
    const dave = await connect(server.url, tokens.dave);
    const files = (m: RoomMessage[]) => m.filter((x) => x.kind === 'file').map((x) => x.text);
    assert.ok(files(dave.welcome.history).includes('late.pdf'));
    assert.ok(!files(dave.welcome.history).includes('for-bob.pdf'));
    dave.close();
    const bobAgain = await connect(server.url, tokens.bob, { since: before });
    assert.deepEqual(files(bobAgain.welcome.history).slice(-2), ['late.pdf', 'for-bob.pdf']);
    assert.deepEqual(bobAgain.welcome.history.find((m) => m.text === 'late.pdf')?.file, pub.body.message.file);
    bobAgain.close();
  });

  it('the welcome tells the widget the room’s file settings', () => {
    assert.deepEqual(
      { ...alice.welcome.room.files, allowed_types: undefined },
      { enabled: true, locked: false, max_size: 50 * 1024 * 1024, allowed_types: undefined },
    );
    assert.ok(alice.welcome.room.files?.allowed_types.includes('pdf'));
  });

  it('ending the room removes its files: the directory empties and the links stop working', async () => {
    await createRoom(server.url, 'short');
    const t = await joinToken(server.url, 'short', 'eve');
    const res = await upload(server.url, 'short', 'bye.pdf', pdf(5000), { token: t });
    assert.ok(res.body.ok);
    const roomDir = filesUnder(dir)
      .find((f) => f.endsWith(`${res.body.ok && res.body.message.file!.id}.bin`))!
      .split('/')[0]!;
    const others = filesUnder(dir).filter((f) => !f.startsWith(`${roomDir}/`));
    const signed = await link(server.url, res.body.message.file!.url, t);
    assert.ok(signed.body.ok);
    assert.equal((await pn(server.url, '/room/endRoom', { room_id: 'short' })).status, 200);
    await eventually(() => !existsSync(join(dir, roomDir)), 'the ended room’s directory is removed');
    assert.deepEqual(filesUnder(dir), others, 'other rooms keep their files');
    assert.equal((await download(server.url, signed.body.url)).status, 404);
  });
});
