import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, createRoom, joinToken, startServer, type TestServer } from './helpers.ts';
import { PNG, download, eventually, upload } from './files-helpers.ts';
import { act, playConversation, sent } from './conversation-scenario.ts';

describe('conversation: replies, reactions, mentions, deleting (one process)', () => {
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
    server = await startServer({ CHAT_RATE_POINTS: '1000', HMS_WEBHOOK_URL: `http://127.0.0.1:${port}/hms` });
  });
  after(async () => {
    await server.stop();
    hooks.close();
  });

  it('an admin and two users talk; a late joiner and a resumed widget see the same tombstones, quotes and counts', async () => {
    await createRoom(server.url, 'talk', {}, { webhook_url: hookUrl });
    const played = await playConversation(
      { urlOf: () => server.url, token: (u, a, n) => joinToken(server.url, 'talk', u, a, n) },
      'talk',
    );
    played.close();
    await eventually(() => received.some((e) => e.type === 'message.delete.success'), 'the deletion webhook');
    const hook = received.filter((e) => e.type === 'message.delete.success');
    assert.deepEqual(
      hook.map((e) => [e.data.user_id, e.data.sender, e.data.by_admin]),
      [
        ['bob', 'bob', false],
        ['mod', 'alice', true],
      ],
    );
    await eventually(
      () => received.filter((e) => e.event === 'chat_message_deleted').length === 2,
      'the plugNmeet deletion webhooks',
    );
    const pn = received.filter((e) => e.event === 'chat_message_deleted');
    assert.deepEqual(
      pn.map((e) => [e.participant.identity, JSON.parse(e.participant.metadata).deleted_message.by_admin]),
      [
        ['bob', false],
        ['mod', true],
      ],
    );
    assert.ok(!JSON.stringify(received).includes('this will go'), 'webhooks never carry the deleted text');
  });

  it('deleting a file message removes its file', async () => {
    await createRoom(server.url, 'files-talk');
    const token = await joinToken(server.url, 'files-talk', 'erin', false, 'Erin');
    const erin = await connect(server.url, token);
    try {
      const up = await upload(server.url, 'files-talk', 'dot.png', PNG, { token });
      assert.equal(up.status, 201);
      const message = sent(up.body);
      assert.equal((await download(server.url, message.file!.url, token)).status, 200);
      sent(await act.remove(erin, message.id));
      assert.equal((await download(server.url, message.file!.url, token)).status, 404, 'the bytes are gone');
      const welcome = (await connect(server.url, await joinToken(server.url, 'files-talk', 'fred'))).welcome;
      assert.deepEqual(
        welcome.history.map((m) => [m.kind, m.text, m.file, m.deleted]),
        [['file', '', undefined, true]],
      );
    } finally {
      erin.close();
    }
  });

  it('refuses malformed requests with a named field and keeps serving', async () => {
    await createRoom(server.url, 'bad-talk');
    const c = await connect(server.url, await joinToken(server.url, 'bad-talk', 'gus'));
    try {
      for (const request of [42, {}, { message_id: 7 }, { message_id: '' }]) {
        const ack = await c.socket.timeout(3000).emitWithAck('chat_delete', request as never);
        assert.deepEqual(ack, { ok: false, code: 'message_invalid', message: 'message_id must be a message id' });
      }
      const unknown = await act.react(c, 'no-such-id', '👍');
      assert.equal(unknown.ok === false && unknown.code, 'message_not_found');
      const badReply = await act.send(c, { text: 'hi', reply_to: 12 });
      assert.deepEqual(badReply, { ok: false, code: 'message_invalid', message: 'reply_to must be a message id' });
      assert.equal(sent(await act.send(c, { text: 'still here' })).text, 'still here');
    } finally {
      c.close();
    }
  });
});
