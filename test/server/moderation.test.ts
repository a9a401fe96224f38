import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, createRoom, joinToken, pn, startServer, type TestServer } from './helpers.ts';
import { eventually } from './files-helpers.ts';
import { managementToken } from './hms-sdk.ts';
import { moderationAct, playModeration, refusedWith } from './moderation-scenario.ts';

describe('issue 29: edit, pin and moderate (one process)', () => {
  let server: TestServer;
  let hooks: Server;
  const received: Array<Record<string, any>> = [];
  let hookUrl = '';
  before(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    const { port } = hooks.address() as { port: number };
    hookUrl = `http://127.0.0.1:${port}/pn`;
    server = await startServer({ CHAT_RATE_POINTS: '1000' });
  });
  after(async () => {
    await server.stop();
    hooks.close();
  });

  it('an admin and two users: edits, pins, lock, mute, slow mode, clear, late joiners, the backend route', async () => {
    await createRoom(server.url, 'mod-room', {}, { webhook_url: hookUrl });
    const played = await playModeration({
      urlOf: () => server.url,
      token: (u, isAdmin) => joinToken(server.url, 'mod-room', u, isAdmin),
      backend: (path, body) => pn(server.url, path, body),
    });
    played.close();
    await eventually(() => received.some((e) => e.event === 'chat_message_edited'), 'the edit webhook');
    const edit = received.find((e) => e.event === 'chat_message_edited')!;
    assert.equal(edit.participant.identity, 'alice');
    assert.deepEqual(JSON.parse(edit.participant.metadata).change, {
      message_id: JSON.parse(edit.participant.metadata).change.message_id,
      text: 'final words',
    });
    await eventually(() => received.some((e) => e.event === 'chat_message_pinned'), 'the pin webhook');
    await eventually(
      () =>
        received.some(
          (e) => e.event === 'chat_moderated' && !e.participant && JSON.parse(e.metadata).change.action === 'clear',
        ),
      'the backend clear webhook',
    );
  });

  it('the route is signed like every plugNmeet route', async () => {
    await createRoom(server.url, 'mod-signed');
    const forged = await pn(
      server.url,
      '/room/moderateChat',
      { room_id: 'mod-signed', action: 'clear' },
      { secret: 'wrong' },
    );
    assert.equal(forged.status, 401);
    const user = await connect(server.url, await joinToken(server.url, 'mod-signed', 'u1'));
    assert.equal(user.messages.length, 0, 'nothing was published');
    user.close();
  });

  it('100ms backends have the same route under /v2/active-rooms, authorised by a management token', async () => {
    await createRoom(server.url, 'mod-hms');
    const user = await connect(server.url, await joinToken(server.url, 'mod-hms', 'u1'));
    const call = (body: unknown, token?: string) =>
      fetch(`${server.url}/v2/active-rooms/mod-hms/moderate-chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    assert.equal((await call({ action: 'lock_chat', locked: true })).status, 401);
    const token = await managementToken();
    const res = await call({ action: 'lock_chat', locked: true }, token);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).locks.lock_chat, true);
    refusedWith(await moderationAct.send(user, 'locked'), 'chat_locked');
    const muted = await call({ action: 'mute', user_id: 'u1', muted: true }, token);
    assert.deepEqual(((await muted.json()) as any).moderation.muted, ['u1']);
    assert.equal((await call({ action: 'slow_mode', seconds: -1 }, token)).status, 400);
    user.close();
  });
});
