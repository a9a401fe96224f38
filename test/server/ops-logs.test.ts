import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { io as connectSocket } from 'socket.io-client';
import { freePort } from '../room-server-process.js';
import { apiClient } from '../api-client.js';

const KEY = 'prod-key';
const SECRET = 'prod-secret-that-is-long-enough-0123456789abcdef';

/**
 * The real server process as production runs it (NODE_ENV=production, LOG_FORMAT unset, LOG_LEVEL=trace so that
 * every line the code can write is written), driven through every dialect and a widget, then stopped with SIGTERM.
 * Every line it printed is read back.
 */
describe('logs in production', () => {
  it('one JSON object per line with time, level and msg; request ids; no secret or token in any line', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        ROOM_API_KEY: KEY,
        ROOM_API_SECRET: SECRET,
        LOG_LEVEL: 'trace',
        LOG_FORMAT: '',
        SHUTDOWN_GRACE_MS: '3000',
        // The room's webhook goes to a loopback port: production refuses that unless the host is listed (issue 32).
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const secrets: string[] = [SECRET];
    try {
      const deadline = Date.now() + 20_000;
      while (
        !(await fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        ))
      ) {
        assert.ok(Date.now() < deadline && child.exitCode === null, `server did not start: ${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const api = apiClient(url, KEY, SECRET);
      assert.equal(
        (await api.createRoom('logged', {}, { webhook_url: 'http://127.0.0.1:1/hook?token=hook-credential' })).status,
        200,
      );
      const joinToken = await api.joinToken('logged', 'alice', { isAdmin: true });
      const otherJoinToken = await api.joinToken('logged', 'bob');
      const peerToken = await api.peerToken('logged', 'carol', 'guest');
      const management = await api.managementToken();
      const forged = await new SignJWT({ access_key: KEY, type: 'management', version: 2 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('not-the-secret-but-long-enough-0123456789'));
      secrets.push(joinToken, otherJoinToken, peerToken, management, forged);

      for (const token of [joinToken, peerToken]) {
        const socket = connectSocket(url, {
          auth: { token },
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
        });
        await new Promise((resolve, reject) => {
          socket.once('welcome', resolve);
          socket.once('connect_error', reject);
        });
        assert.equal((await socket.timeout(3000).emitWithAck('chat_send', { text: 'hello' })).ok, true);
        socket.disconnect();
      }
      const bad = connectSocket(url, {
        auth: { token: `${joinToken}x` },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      await new Promise((resolve) => bad.once('connect_error', resolve));
      bad.close();

      const send = (token: string) =>
        fetch(`${url}/v2/active-rooms/logged/send-message`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ message: 'hi' }),
        });
      assert.equal((await send(management)).status, 200);
      assert.equal((await send(forged)).status, 401);
      const raw = JSON.stringify({ room_id: 'logged', chat_msg: { message: 'x' } });
      const wrongSignature = createHmac('sha256', 'wrong').update(raw).digest('hex');
      secrets.push(createHmac('sha256', SECRET).update(raw).digest('hex'), wrongSignature);
      assert.equal(
        (
          await fetch(`${url}/auth/room/broadcastToRoom`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'API-KEY': KEY, 'HASH-SIGNATURE': wrongSignature },
            body: raw,
          })
        ).status,
        401,
      );
      const nonce = 'log-nonce-1';
      const timestamp = String(Date.now());
      const rcSignature = createHash('sha1')
        .update(SECRET + nonce + timestamp)
        .digest('hex');
      secrets.push(rcSignature);
      const rc = await fetch(`${url}/message/chatroom/broadcast.json`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'App-Key': KEY,
          Nonce: nonce,
          Timestamp: timestamp,
          Signature: rcSignature,
        },
        body: new URLSearchParams({
          fromUserId: 'sys',
          objectName: 'RC:TxtMsg',
          content: JSON.stringify({ content: 'rc' }),
        }).toString(),
      });
      assert.equal(rc.status, 200);
      const traced = await fetch(`${url}/readyz`, { headers: { 'x-request-id': 'trace-me-42' } });
      assert.equal(traced.headers.get('x-request-id'), 'trace-me-42');
      assert.equal((await fetch(`${url}/nowhere?token=${joinToken}`)).status, 404);
      assert.equal((await api.pn('/room/endRoom', { room_id: 'logged' })).status, 200);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    const lines = output.split('\n').filter((l) => l !== '');
    assert.ok(lines.length > 20, `a line per request at least; got ${lines.length}`);
    const entries = lines.map((line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof entry.msg, 'string', line);
      assert.match(String(entry.level), /^(trace|debug|info|warn|error|fatal)$/, line);
      assert.ok(!Number.isNaN(Date.parse(String(entry.time))), line);
      return entry;
    });
    for (const line of lines) {
      for (const secret of secrets) assert.ok(!line.includes(secret), `a log line holds a secret or token: ${line}`);
      // Half a token is as bad as a whole one: its signature is what makes it usable.
      for (const token of secrets.filter((s) => s.split('.').length === 3))
        assert.ok(!line.includes(token.split('.')[2]!), `a token signature in: ${line}`);
      assert.ok(!line.includes('hook-credential'), `a webhook URL's query in: ${line}`);
    }
    const completed = entries.filter((e) => e.msg === 'request completed');
    assert.ok(completed.length >= 10);
    for (const e of completed) assert.equal(typeof e.reqId, 'string');
    assert.ok(
      completed.some((e) => e.reqId === 'trace-me-42'),
      'the caller’s request id is logged',
    );
    assert.ok(entries.some((e) => e.msg === 'shutting down' && e.signal === 'SIGTERM'));
    assert.ok(entries.some((e) => e.msg === 'stopped'));
  });
});
