import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startRoomServer } from '../room-server-process.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../server/config.ts';
import { Client } from '../server/helpers.ts';

/**
 * The README's backend examples run as written (only the server's address changes) against a started server, in the
 * order a new user follows them: the room of their own and Alice's token, then every publish example reaches Alice,
 * the Quick start user.
 */
const run = promisify(execFile);
const README = readFileSync('README.md', 'utf8');

/** The code block after `<!-- snippet:NAME -->`. */
function snippet(name: string): string {
  const at = README.indexOf(`<!-- snippet:${name} -->`);
  assert.ok(at >= 0, `the README has the ${name} snippet`);
  const block = /```\w*\n([\s\S]*?)```/.exec(README.slice(at));
  return block![1]!;
}

describe('the README’s backend examples, as written', () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let alice: Client | undefined;
  const bash = (script: string) =>
    run('bash', ['-c', script.replaceAll('http://127.0.0.1:3000', server.url)], { cwd: resolve('.') });
  /** The curl example's `post` helper and credentials, for the examples that use them. */
  const postHelper = () => snippet('curl-token').split('\n}\n')[0] + '\n}\n';

  before(async () => {
    server = await startRoomServer({ ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET });
  });

  after(async () => {
    alice?.close();
    await server.stop();
  });

  it('curl makes the room and Alice’s token, and the token joins that room with files on', async () => {
    const { stdout } = await bash(snippet('curl-token'));
    const [created, joined] = stdout.split(/(?<=})\s*(?={)/).map((line) => JSON.parse(line));
    assert.equal(created.status, true, created.msg);
    assert.equal(joined.status, true, joined.msg);
    alice = new Client(server.url, { token: joined.token });
    const welcome = await alice.ready;
    assert.equal(welcome.room.room_id, 'standup');
    assert.equal(welcome.room.welcome_message, 'Welcome!');
    assert.equal(welcome.room.files?.enabled, true, 'the files recipe works in this room');
    assert.equal(welcome.self.user_id, 'alice');
  });

  it('plugnmeet-sdk-js 1.4.1, imported as the README says, makes a room and a token that joins it', async () => {
    mkdirSync('test-output', { recursive: true });
    const file = resolve('test-output/readme-sdk.mjs');
    writeFileSync(file, snippet('sdk-token').replaceAll('http://127.0.0.1:3000', server.url));
    const { stdout } = await run(process.execPath, [file], {
      env: { ...process.env, ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET },
    });
    const sdkUser = new Client(server.url, { token: stdout.trim() });
    const welcome = await sdkUser.ready;
    sdkUser.close();
    assert.equal(welcome.room.room_id, 'standup-sdk');
    assert.equal(welcome.self.user_id, 'alice');
  });

  it('the broadcastToRoom example reaches Alice as a warning toast with sound', async () => {
    await bash(postHelper() + snippet('broadcast'));
    const toast = await alice!.waitFor((m) => m.kind === 'notification');
    assert.equal(toast.text, 'Your recording is ready.');
    assert.equal(toast.level, 'warning');
    assert.equal(toast.withSound, true);
  });

  it('the 100ms send-message example reaches Alice as the custom event the Quick start page logs', async () => {
    const { stdout } = await bash(snippet('hms'));
    assert.match(stdout, /message sent/);
    const custom = await alice!.waitFor((m) => m.kind === 'custom');
    assert.equal(custom.type, 'custom_event');
    assert.deepEqual(JSON.parse(custom.text), { total_bet: 250 });
  });
});
