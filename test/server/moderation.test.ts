import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, createRoom, joinToken, pn, startServer, type TestServer } from './helpers.ts';
import { eventually } from './files-helpers.ts';
import { playModeration } from './moderation-scenario.ts';

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
});
