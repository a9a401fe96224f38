import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  barrier,
  connect,
  createRoom,
  joinToken,
  pn,
  roomBody,
  sleep,
  startServer,
  visible,
  type Client,
  type TestServer,
} from './helpers.ts';
import { managementToken } from './hms-sdk.ts';
import { PNG, download, filesUnder, pdf, upload, type UploadOptions } from './files-helpers.ts';

const MB = 1024 * 1024;
const chat = (extra: Record<string, unknown>) => ({
  room_features: { chat_features: { allow_chat: true, allow_file_upload: true, ...extra } },
});

describe('refused uploads store nothing and tell why', () => {
  let server: TestServer;
  let dir: string;
  let mgmt: string;
  const watchers: Client[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rw-files-refusals-'));
    server = await startServer({
      UPLOAD_DIR: dir,
      CHAT_RATE_POINTS: '1000',
      FILE_MAX_SIZE_MB: '2',
      FILE_ROOM_QUOTA_MB: '3',
    });
    mgmt = await managementToken();
    const rooms: Record<string, Record<string, unknown>> = {
      open: chat({ allowed_file_types: ['pdf', '.PNG', 'txt', 'exe'], max_file_size: 1 }),
      off: chat({ allow_file_upload: false }),
      unset: { room_features: { chat_features: { allow_chat: true } } },
      locked: { ...chat({}), default_lock_settings: { lock_chat_file_share: true } },
      nochat: chat({ allow_chat: false }),
      chatlocked: { ...chat({}), default_lock_settings: { lock_chat: true } },
      noprivate: { ...chat({}), default_lock_settings: { lock_private_chat: true } },
      quota: chat({}),
    };
    for (const [room, metadata] of Object.entries(rooms)) {
      await createRoom(server.url, room, {}, metadata);
      watchers.push(await connect(server.url, await joinToken(server.url, room, 'watcher')));
    }
  });
  after(async () => {
    for (const w of watchers) w.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const token = (room: string, user = 'u', admin = false) => joinToken(server.url, room, user, admin);

  /** The upload is refused with this status and code, nothing new is on disk, and no watcher got a file message. */
  async function refused(
    room: string,
    name: string,
    bytes: Uint8Array,
    opts: UploadOptions,
    status: number,
    code: string,
  ): Promise<string> {
    const watcher = watchers.find((w) => w.welcome.room.room_id === room);
    // Earlier uploads' messages may still be on their way (delivery leaves at the end of the turn): let them land.
    if (watcher) {
      await barrier(server.url, room, [watcher], mgmt);
      watcher.messages.length = 0;
    }
    const before = filesUnder(dir);
    const res = await upload(server.url, room, name, bytes, opts);
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.ok, false);
    assert.equal(res.body.code, code);
    // A refused upload's partial file is removed as its stream closes, which may be just after the answer.
    for (let i = 0; i < 60 && JSON.stringify(filesUnder(dir)) !== JSON.stringify(before); i++) await sleep(50);
    assert.deepEqual(filesUnder(dir), before, 'a refusal stores nothing');
    if (watcher) {
      await barrier(server.url, room, [watcher], mgmt);
      assert.deepEqual(watcher.messages.filter((m) => m.kind === 'file').length, 0);
    }
    return res.body.ok ? '' : res.body.message;
  }

  it('the room’s settings narrow the server’s and reach the widget', () => {
    const open = watchers.find((w) => w.welcome.room.room_id === 'open')!.welcome.room.files;
    assert.deepEqual(open, { enabled: true, locked: false, allowed_types: ['pdf', 'png', 'txt'], max_size: MB });
    const quota = watchers.find((w) => w.welcome.room.room_id === 'quota')!.welcome.room.files;
    assert.equal(quota?.max_size, 2 * MB, 'no max_file_size: the server’s FILE_MAX_SIZE_MB');
  });

  it('file_upload_disabled when the room does not allow uploads (absent means off), admins included', async () => {
    assert.equal(
      await refused('off', 'a.pdf', pdf(100), { token: await token('off') }, 403, 'file_upload_disabled'),
      'file sharing is turned off in this room',
    );
    await refused('off', 'a.pdf', pdf(100), { token: await token('off', 'mod', true) }, 403, 'file_upload_disabled');
    await refused('unset', 'a.pdf', pdf(100), { token: await token('unset') }, 403, 'file_upload_disabled');
  });

  it('file_share_locked for participants; admins are not locked', async () => {
    assert.equal(
      await refused('locked', 'a.pdf', pdf(100), { token: await token('locked') }, 403, 'file_share_locked'),
      'the moderator has locked file sharing',
    );
    const res = await upload(server.url, 'locked', 'a.pdf', pdf(100), { token: await token('locked', 'mod', true) });
    assert.equal(res.status, 201);
  });

  it('the chat’s own rules bind files too: chat off, chat locked, private chat locked, unknown recipient', async () => {
    await refused('nochat', 'a.pdf', pdf(100), { token: await token('nochat') }, 403, 'chat_disabled');
    await refused('chatlocked', 'a.pdf', pdf(100), { token: await token('chatlocked') }, 403, 'chat_locked');
    await refused(
      'noprivate',
      'a.pdf',
      pdf(100),
      { token: await token('noprivate'), to: 'watcher' },
      403,
      'private_chat_locked',
    );
    await refused('open', 'a.pdf', pdf(100), { token: await token('open'), to: 'nobody' }, 400, 'recipient_unknown');
  });

  it('file_type_not_allowed, decided from the bytes before anything is stored', async () => {
    const t = await token('open');
    const zip = Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(2000)]);
    assert.equal(
      await refused('open', 'a.pdf', zip, { token: t }, 415, 'file_type_not_allowed'),
      'zip files are not allowed in this room',
    );
    await refused(
      'open',
      'page.html',
      Buffer.from('<!doctype html><script>alert(1)</script>'),
      { token: t },
      415,
      'file_type_not_allowed',
    );
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 3]), randomBytes(100_000)]);
    assert.equal(
      await refused('open', 'blob.pdf', binary, { token: t, chunked: true }, 415, 'file_type_not_allowed'),
      'the file is neither a known format nor text',
    );
  });

  it('file_too_large, from Content-Length before reading, and as the bytes stream when there is none', async () => {
    const t = await token('open');
    const big = pdf(MB + 1);
    assert.equal(
      await refused('open', 'big.pdf', big, { token: t }, 413, 'file_too_large'),
      'files are limited to 1 MB in this room',
    );
    await refused('open', 'big.pdf', big, { token: t, chunked: true }, 413, 'file_too_large');
    const exact = await upload(server.url, 'open', 'exact.pdf', pdf(MB), { token: t, chunked: true });
    assert.equal(exact.status, 201, 'exactly the limit is fine');
  });

  it('file_quota_exceeded once the room’s files would pass FILE_ROOM_QUOTA_MB', async () => {
    const t = await token('quota');
    for (let i = 0; i < 2; i++)
      assert.equal((await upload(server.url, 'quota', `q${i}.pdf`, pdf(1.4 * MB), { token: t })).status, 201);
    assert.equal(
      await refused('quota', 'q.pdf', pdf(1.4 * MB), { token: t }, 413, 'file_quota_exceeded'),
      "this room's files may take at most 3 MB",
    );
    await refused('quota', 'q.pdf', pdf(1.4 * MB), { token: t, chunked: true }, 413, 'file_quota_exceeded');
    assert.equal(
      (await upload(server.url, 'quota', 'small.pdf', pdf(0.1 * MB), { token: t })).status,
      201,
      'what still fits is taken',
    );
    assert.equal(
      (await upload(server.url, 'open', 'other-room.pdf', pdf(0.5 * MB), { token: await token('open') })).status,
      201,
      'other rooms have their own quota',
    );
  });

  it('concurrent uploads never take a room past its quota together', async () => {
    await createRoom(server.url, 'quota-race', {}, chat({}));
    const t = await token('quota-race');
    const results = await Promise.all(
      [0, 1, 2].map((i) => upload(server.url, 'quota-race', `r${i}.pdf`, pdf(1.4 * MB), { token: t, chunked: true })),
    );
    const taken = results.filter((r) => r.status === 201).length;
    assert.ok(taken <= 2, `${taken} × 1.4 MB stored against a 3 MB quota`);
    assert.ok(results.some((r) => r.body.code === 'file_quota_exceeded'));
  });

  it('hostile requests get a 4xx naming the problem, and the server keeps serving', async () => {
    const t = await token('open');
    for (const [query, message] of [
      ['', 'name: the query parameter is required'],
      ['name=', 'name: must be a file name'],
      ['name=..', 'name: must be a file name'],
      [`name=${encodeURIComponent('a\u0000b.txt')}`, 'name: must be a file name'],
      [`name=${'n'.repeat(300)}.txt`, 'name: must be at most 255 characters'],
      ['name=a.txt&to=', 'to: must be a user id'],
      ['name=a.txt&name=b.txt', 'name: is given more than once'],
    ] as const) {
      const res = await upload(server.url, 'open', 'x', Buffer.from('text'), { token: t, query });
      assert.equal(res.status, 400, query);
      assert.deepEqual(res.body, { ok: false, code: 'message_invalid', message }, query);
    }
    await refused('open', 'a.txt', Buffer.from('text'), { token: null }, 401, 'token_missing');
    await refused('open', 'a.txt', Buffer.from('text'), { token: 'not-a-jwt' }, 401, 'token_invalid');
    await refused('open', 'a.txt', Buffer.from('text'), { token: await token('quota') }, 403, 'token_invalid');
    await refused('open', 'empty.txt', Buffer.alloc(0), { token: t }, 400, 'message_invalid');
    assert.equal((await download(server.url, '/files/open/not-an-id', t)).status, 404);
    assert.equal((await download(server.url, `/files/open/${crypto.randomUUID()}`, t)).json?.code, 'file_not_found');
    assert.equal((await download(server.url, '/files/open/a/b/c', t)).status, 404);
    assert.equal(
      (await upload(server.url, 'open', 'after.txt', Buffer.from('still serving'), { token: t })).status,
      201,
    );
  });

  it('a room created with malformed file settings is refused, naming the field', async () => {
    for (const [features, field] of [
      [{ allowed_file_types: 'pdf' }, 'allowed_file_types'],
      [{ allowed_file_types: ['pdf', '../x'] }, 'allowed_file_types.1'],
      [{ max_file_size: -1 }, 'max_file_size'],
      [{ allow_file_upload: 'yes' }, 'allow_file_upload'],
    ] as const) {
      const res = await pn(server.url, '/room/create', roomBody('malformed', {}, chat(features)));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(
        res.body.msg,
        new RegExp(`^metadata\\.room_features\\.chat_features\\.${field.replace('.', '\\.')}: `),
      );
    }
  });
});

describe('uploads count against the chat’s rate limit', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ CHAT_RATE_POINTS: '2', CHAT_RATE_WINDOW_MS: '60000' })));
  after(() => server.stop());

  it('rate_limited after CHAT_RATE_POINTS messages and files together', async () => {
    await createRoom(server.url, 'rl');
    const t = await joinToken(server.url, 'rl', 'u');
    const c = await connect(server.url, t);
    assert.equal((await c.send('one')).ok, true);
    assert.equal((await upload(server.url, 'rl', 'a.png', PNG, { token: t })).status, 201);
    const third = await upload(server.url, 'rl', 'b.png', PNG, { token: t });
    assert.equal(third.status, 429);
    assert.equal(third.body.code, 'rate_limited');
    c.close();
    assert.deepEqual(visible(c), ['one', 'a.png']);
  });
});

describe('uploads from another origin follow ALLOWED_ORIGINS', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ ALLOWED_ORIGINS: 'http://app.example' })));
  after(() => server.stop());

  const preflight = (origin: string) =>
    fetch(`${server.url}/files/any`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('a listed origin may send the token; another gets no CORS grant', async () => {
    const allowed = await preflight('http://app.example');
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://app.example');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const other = await preflight('http://evil.example');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
