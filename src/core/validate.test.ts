import { expect } from '@open-wc/testing';
import { loadCore } from './load-core.ts';
import { PayloadError, parseMessage } from './validate.ts';

// The connection loads the conversation core before it hands over a reaction, deletion, edit or moderation: so do
// these tests.
before(() => loadCore());

const base = {
  id: 'm',
  room_id: 'r',
  seq: 1,
  ts: 1,
  kind: 'chat',
  from: { user_id: 'a', name: 'A', role: null },
  private: false,
  text: 'hi',
};

describe('parseMessage and the conversation fields', () => {
  it('keeps a reply quote, mentions and reactions, counting reactions by their users', () => {
    const m = parseMessage({
      ...base,
      reply_to: { id: 'o', from: null, excerpt: 'before' },
      mentions: ['b', 7],
      reactions: [{ emoji: '👍', count: 99, users: [{ user_id: 'b', name: 'B' }] }],
    });
    expect(m.reply_to).to.deep.equal({ id: 'o', from: null, excerpt: 'before' });
    expect(m.mentions).to.deep.equal(['b']);
    expect(m.reactions).to.deep.equal([{ emoji: '👍', count: 1, users: [{ user_id: 'b', name: 'B' }] }]);
  });

  it('a tombstone keeps no words, whatever the server sends; nor does a quote of a deleted message', () => {
    const dead = parseMessage({
      ...base,
      deleted: true,
      text: 'gone',
      reply_to: { id: 'o', from: null, excerpt: 'x' },
      mentions: ['b'],
      reactions: [],
    });
    expect(dead).to.deep.equal({ ...base, deleted: true, text: '' });
    const reply = parseMessage({ ...base, reply_to: { id: 'o', from: null, excerpt: 'leaked', deleted: true } });
    expect(reply.reply_to).to.deep.equal({ id: 'o', from: null, excerpt: '', deleted: true });
  });

  it('refuses a malformed reaction event or quote', () => {
    expect(() =>
      parseMessage({ ...base, kind: 'reaction', text: '', reaction: { message_id: 'o', emoji: '👍' } }),
    ).to.throw(PayloadError, /reaction/);
    expect(() => parseMessage({ ...base, reply_to: { id: 1 } })).to.throw(PayloadError, /reply_to/);
    expect(() => parseMessage({ ...base, reactions: [{ emoji: '👍', users: [{ user_id: 3 }] }] })).to.throw(
      PayloadError,
      /reactions/,
    );
    expect(
      parseMessage({ ...base, kind: 'reaction', text: '', reaction: { message_id: 'o', emoji: '👍', on: false } })
        .reaction,
    ).to.deep.equal({ message_id: 'o', emoji: '👍', on: false });
  });
});
