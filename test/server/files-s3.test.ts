import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { apiClient } from '../api-client.js';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { S3_ACCESS_KEY, S3_SECRET_KEY, startS3 } from '../s3-process.js';
import { connect, type Client } from './helpers.ts';
import { download, eventually, pdf, sha256, upload } from './files-helpers.ts';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;
const MB = 1024 * 1024;

/**
 * The S3 backend against a real S3-compatible server (s3rver) on loopback, shared by two real server processes that
 * share rooms through a real Redis: a file uploaded through one process is served by the other.
 */
describe('files in an S3-compatible object store, shared by two server processes', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let a: Proc, b: Proc;
  let bucket: S3Client;
  const clients: Client[] = [];
  const api = (p: Proc) => apiClient(p.url, TEST_KEY, TEST_SECRET);

  before(async () => {
    [s3, redis] = await Promise.all([startS3(), startRedis()]);
    const env = {
      REDIS_URL: redis.url,
      FILES_S3_BUCKET: s3.bucket,
      FILES_S3_ENDPOINT: s3.url,
      FILES_S3_PREFIX: 'room-files',
      FILES_S3_ACCESS_KEY_ID: S3_ACCESS_KEY,
      FILES_S3_SECRET_ACCESS_KEY: S3_SECRET_KEY,
      FILE_MAX_SIZE_MB: '12',
    };
    [a, b] = (await Promise.all([startRoomServer(env), startRoomServer(env)])) as [Proc, Proc];
    bucket = new S3Client({
      endpoint: s3.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3_ACCESS_KEY, secretAccessKey: S3_SECRET_KEY },
    });
  });
  after(async () => {
    for (const c of clients) c.close();
    bucket?.destroy();
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([s3?.stop(), redis?.stop()]);
  });

  async function objects(): Promise<Array<{ key: string; size: number }>> {
    const res = await bucket.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (res.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size! })).sort((x, y) => x.key.localeCompare(y.key));
  }

  it('an upload through one process lands in the bucket and is served, the same bytes, by the other', async () => {
    const room = (
      await api(a).createRoom(
        's3room',
        {},
        { room_features: { chat_features: { allow_chat: true, allow_file_upload: true } } },
      )
    ).body;
    assert.equal(room.status, true);
    const [alice, bob, carol] = await Promise.all([
      api(a)
        .joinToken('s3room', 'alice')
        .then((t) => connect(a.url, t).then((c) => ({ t, c }))),
      api(b)
        .joinToken('s3room', 'bob')
        .then((t) => connect(b.url, t).then((c) => ({ t, c }))),
      api(b)
        .joinToken('s3room', 'carol')
        .then((t) => connect(b.url, t).then((c) => ({ t, c }))),
    ]);
    clients.push(alice.c, bob.c, carol.c);

    // Chunked, without a Content-Length: the server learns the size as it reads.
    const big = pdf(11 * MB + 123);
    const res = await upload(a.url, 's3room', 'big.pdf', big, { token: alice.t, chunked: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(res.body.ok);
    const file = res.body.message.file!;
    const got = await bob.c.waitFor((m) => m.kind === 'file', 5000);
    assert.deepEqual(got.file, file);
    const fromB = await download(b.url, file.url, bob.t);
    assert.equal(fromB.status, 200);
    assert.equal(sha256(fromB.bytes), sha256(big));
    assert.equal(fromB.headers.get('content-disposition'), 'attachment; filename="big.pdf"');
    const stored = await objects();
    assert.deepEqual(
      stored.map((o) => o.key.split('/')[0]),
      ['room-files', 'room-files'],
      'under FILES_S3_PREFIX',
    );
    assert.ok(stored.some((o) => o.key.endsWith(`${file.id}.bin`) && o.size === big.length));

    const secret = await upload(b.url, 's3room', 'secret.txt', Buffer.from('for alice only'), {
      token: bob.t,
      to: 'alice',
    });
    assert.ok(secret.body.ok, JSON.stringify(secret.body));
    const url = secret.body.message.file!.url;
    assert.equal((await download(a.url, url, alice.t)).bytes.toString(), 'for alice only');
    assert.equal(
      (await download(a.url, url, carol.t)).status,
      404,
      'a third participant cannot fetch it from either process',
    );
    assert.equal((await download(b.url, url, carol.t)).status, 404);
  });

  it('a refusal mid-stream leaves no object, with a Content-Length or without', async () => {
    const t = await api(a).joinToken('s3room', 'dave');
    const before = await objects();
    const tooBig = await upload(a.url, 's3room', 'huge.pdf', pdf(12 * MB + 1), { token: t, chunked: true });
    assert.equal(tooBig.body.code, 'file_too_large');
    const wrongType = await upload(
      b.url,
      's3room',
      'x.pdf',
      Buffer.concat([Buffer.from([0, 0xff]), Buffer.alloc(200_000, 7)]),
      { token: t, chunked: true },
    );
    assert.equal(wrongType.body.code, 'file_type_not_allowed');
    const declared = await upload(
      b.url,
      's3room',
      'x.pdf',
      Buffer.concat([Buffer.from([0, 0xff]), Buffer.alloc(2 * MB, 7)]),
      { token: t },
    );
    assert.equal(declared.body.code, 'file_type_not_allowed');
    assert.deepEqual(await objects(), before);
    const fine = await upload(b.url, 's3room', 'fine.pdf', pdf(3 * MB), { token: t });
    assert.equal(fine.status, 201, 'the store still takes the next upload');
  });

  it('ending the room on either process removes its objects from the bucket', async () => {
    assert.ok((await objects()).length > 0);
    assert.equal((await api(b).pn('/room/endRoom', { room_id: 's3room' })).status, 200);
    await eventually(async () => (await objects()).length === 0, 'the bucket holds no object of the ended room');
  });
});
