import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RoomRefusal } from '../../src/core/refusal.ts';
import { ConversationPolicy, type RoomRules, type WriteKind } from '../../server/conversation/policy.ts';
import { RateLimiter } from '../../server/core/limits.ts';
import { defaultLocks } from '../../server/core/rooms.ts';

/** The conversation policy alone (server/conversation/policy.ts): no server, no socket. */
describe('conversation policy', () => {
  const fileDefaults = { enabled: true, locked: false, allowed_types: ['pdf'], max_size: 1024 };
  const policy = (points = 100) =>
    new ConversationPolicy({
      chatLimiter: new RateLimiter(new RateLimiterMemory({ points, duration: 60 })),
      fileDefaults,
    });
  const room = (patch: Partial<RoomRules> = {}): RoomRules => ({
    room_id: 'r',
    features: { chat: true },
    locks: { ...defaultLocks },
    ...patch,
  });
  const user = { user_id: 'u', is_admin: false };
  const admin = { user_id: 'a', is_admin: true };
  const KINDS: WriteKind[] = ['chat', 'private_chat', 'reply', 'file', 'reaction', 'delete'];

  function refusal(r: RoomRules, writer: typeof user, kind: WriteKind): { code: string; status?: number } | null {
    try {
      policy().mayWrite(r, writer, kind);
      return null;
    } catch (error) {
      assert.ok(error instanceof RoomRefusal);
      return { code: error.code, status: error.status };
    }
  }

  it('lets everyone write every kind in an open room', () => {
    for (const kind of KINDS) assert.equal(refusal(room(), user, kind), null, kind);
  });

  it('refuses every kind when chat is off, admins included', () => {
    for (const kind of KINDS)
      for (const w of [user, admin])
        assert.deepEqual(refusal(room({ features: { chat: false } }), w, kind), { code: 'chat_disabled', status: 403 });
  });

  it('a locked chat refuses all but deleting, and not admins', () => {
    const locked = room({ locks: { ...defaultLocks, lock_chat: true } });
    for (const kind of KINDS) {
      assert.deepEqual(
        refusal(locked, user, kind),
        kind === 'delete' ? null : { code: 'chat_locked', status: 403 },
        kind,
      );
      assert.equal(refusal(locked, admin, kind), null, kind);
    }
  });

  it('locked private messages refuse only private writes', () => {
    const locked = room({ locks: { ...defaultLocks, lock_private_chat: true } });
    assert.deepEqual(refusal(locked, user, 'private_chat'), { code: 'private_chat_locked', status: 403 });
    assert.equal(refusal(locked, admin, 'private_chat'), null);
    for (const kind of KINDS.filter((k) => k !== 'private_chat')) assert.equal(refusal(locked, user, kind), null, kind);
  });

  it('files follow the room file settings, or the server defaults', () => {
    assert.deepEqual(refusal(room({ files: { ...fileDefaults, enabled: false } }), admin, 'file'), {
      code: 'file_upload_disabled',
      status: 403,
    });
    assert.deepEqual(refusal(room({ files: { ...fileDefaults, locked: true } }), user, 'file'), {
      code: 'file_share_locked',
      status: 403,
    });
    assert.equal(refusal(room({ files: { ...fileDefaults, locked: true } }), admin, 'file'), null);
    assert.equal(refusal(room({ files: { ...fileDefaults, locked: true } }), user, 'chat'), null);
    // A disabled feature is reported before a lock, as the files endpoint always did.
    const both = room({ locks: { ...defaultLocks, lock_chat: true }, files: { ...fileDefaults, enabled: false } });
    assert.equal(refusal(both, user, 'file')?.code, 'file_upload_disabled');
  });

  it('counts turns per writer and room, and refuses past the rate with the wait', async () => {
    const p = policy(2);
    await p.takeTurn(room(), user);
    await p.takeTurn(room(), user);
    await p.takeTurn(room(), admin);
    await assert.rejects(
      p.takeTurn(room(), user),
      (e: unknown) =>
        e instanceof RoomRefusal &&
        e.code === 'rate_limited' &&
        e.status === 429 &&
        /^too many messages: wait \d+ s$/.test(e.message),
    );
  });
});
