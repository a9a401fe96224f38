import { expect } from '@open-wc/testing';
import { loadCore } from './load-core.ts';
import { camelize } from './public-types.ts';
import { parseMessage, parseWelcome } from './validate.ts';

// The connection loads the conversation core before it hands over a reaction, deletion, edit or moderation: so do
// these tests.
before(() => loadCore());

describe('camelize', () => {
  it('renames snake_case keys recursively through objects and arrays, and leaves every value alone', () => {
    const wire = {
      room_id: 'r',
      text: 'keep_this_text',
      reply_to: { id: 'o', from: { user_id: 'a', name: 'snake_name', role: null }, excerpt: '' },
      reactions: [{ emoji: '👍', count: 1, users: [{ user_id: 'b', name: 'B' }] }],
      locks: { lock_chat: true, lock_chat_send_message: false, lock_private_chat: true },
      mentions: ['user_one'],
      seq: null,
      withSound: true,
    };
    expect(camelize(wire)).to.deep.equal({
      roomId: 'r',
      text: 'keep_this_text',
      replyTo: { id: 'o', from: { userId: 'a', name: 'snake_name', role: null }, excerpt: '' },
      reactions: [{ emoji: '👍', count: 1, users: [{ userId: 'b', name: 'B' }] }],
      locks: { lockChat: true, lockChatSendMessage: false, lockPrivateChat: true },
      mentions: ['user_one'],
      seq: null,
      withSound: true,
    });
    expect(camelize('a_b')).to.equal('a_b');
    expect(camelize(null)).to.equal(null);
  });

  it('a custom event keeps its payload as the string it came in: only the host parses it, never camelized', () => {
    const m = camelize(
      parseMessage({
        id: 'c',
        room_id: 'r',
        seq: 1,
        ts: 1,
        kind: 'custom',
        type: 'custom_event',
        from: null,
        private: false,
        text: '{"total_bet":250}',
      }),
    );
    expect(m).to.deep.include({ roomId: 'r', type: 'custom_event', text: '{"total_bet":250}' });
  });

  it('a validated welcome comes out camelCased whole, with no snake_case key left', () => {
    const { welcome } = parseWelcome({
      self: { user_id: 'me', name: 'Me', role: null, is_admin: true, peer_id: 'p' },
      room: {
        room_id: 'r',
        title: 'R',
        welcome_message: 'hi',
        logout_url: null,
        features: { chat: true },
        locks: { lock_chat: false, lock_chat_send_message: false, lock_private_chat: false },
        files: { enabled: true, locked: false, allowed_types: ['png'], max_size: 10 },
      },
      participants: [{ user_id: 'me', name: 'Me', role: null, is_admin: true }],
      history: [
        {
          id: 'd',
          room_id: 'r',
          seq: 2,
          ts: 1,
          kind: 'message_deleted',
          from: null,
          private: false,
          text: '',
          deletion: { message_id: 'x', by_admin: true },
        },
      ],
      seq: 2,
    });
    const pub = camelize(welcome);
    expect(JSON.stringify(pub)).not.to.match(/"[a-z]+_[a-z_]+":/);
    expect(pub.self).to.deep.equal({ userId: 'me', name: 'Me', role: null, isAdmin: true, peerId: 'p' });
    expect(pub.room.files).to.deep.equal({ enabled: true, locked: false, allowedTypes: ['png'], maxSize: 10 });
    expect(pub.room).to.include({ roomId: 'r', welcomeMessage: 'hi', logoutUrl: null });
    expect(pub.history[0]!.deletion).to.deep.equal({ messageId: 'x', byAdmin: true });
    expect(pub.history[0]!.kind, 'values keep their wire spelling').to.equal('message_deleted');
  });
});
