import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { DirectoryStorage } from '../../server/files/storage.ts';
import { fileStorageFor } from '../../server/files/sharing.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('directory storage', () => {
  const root = mkdtempSync(join(tmpdir(), 'rw-storage-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a body refused at its first byte leaves no part file, even while the file is still opening', async () => {
    const storage = new DirectoryStorage(root);
    // The refusal comes before the write stream has opened its file: the race the removal must not lose.
    const refusedAtOnce = () =>
      Readable.from(
        // eslint-disable-next-line require-yield -- a stream whose first read fails, before any chunk
        (async function* () {
          throw new Error('refused');
        })(),
      );
    // Busy file-system threads hold the opens back while the refusals arrive, then free several threads at once.
    const busy = () => Array.from({ length: 4 }, () => promisify(pbkdf2)('x', 'y', 20_000, 32, 'sha256'));
    const results: PromiseSettledResult<void>[] = [];
    for (let round = 0; round < 10; round++) {
      const hold = busy();
      const writes = Array.from({ length: 20 }, (_, i) => storage.write(`r-room/f${round}-${i}.bin`, refusedAtOnce()));
      results.push(...(await Promise.allSettled(writes)));
      await Promise.all(hold);
    }
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'refused'));
    await sleep(200); // an open that completed after the removal would show up by now
    assert.deepEqual(readdirSync(join(root, 'r-room')), []);
  });

  it('a starting server sweeps part files a dead process left, and keeps uploads under way and stored files', async () => {
    const dir = join(root, 'sweep');
    mkdirSync(join(dir, 'r-a'), { recursive: true });
    const old = Date.now() / 1000 - 2 * 24 * 3600;
    writeFileSync(join(dir, 'r-a/dead.bin.1.part'), 'half');
    utimesSync(join(dir, 'r-a/dead.bin.1.part'), old, old);
    writeFileSync(join(dir, 'r-a/live.bin.2.part'), 'under way');
    writeFileSync(join(dir, 'r-a/kept.bin'), 'stored');
    utimesSync(join(dir, 'r-a/kept.bin'), old, old);
    const storage = await fileStorageFor({ uploadDir: dir } as Parameters<typeof fileStorageFor>[0]);
    assert.deepEqual(readdirSync(join(dir, 'r-a')).sort(), ['kept.bin', 'live.bin.2.part']);
    await storage.close();
  });
});
