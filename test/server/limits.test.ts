import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryWindowLimiter } from '../../server/core/limits.ts';
import { sleep } from './helpers.ts';

describe('join limiter in memory', () => {
  it('allows `points` calls per key in a window that opens with the key’s first call, then answers the wait', async () => {
    const limiter = new MemoryWindowLimiter(2, 300);
    assert.equal(await limiter.take('r\0a'), 0);
    await sleep(100);
    assert.equal(await limiter.take('r\0a'), 0);
    const wait = await limiter.take('r\0a');
    assert.ok(wait > 0 && wait <= 200, `wait ${wait} ms: what is left of a window opened 100 ms ago`);
    // Another key has a window of its own, opened now.
    assert.equal(await limiter.take('r\0b'), 0);
    assert.equal(await limiter.take('r\0b'), 0);
    assert.ok((await limiter.take('r\0b')) > 200);
    await sleep(220);
    // a's window is over, b's is not.
    assert.equal(await limiter.take('r\0a'), 0);
    assert.ok((await limiter.take('r\0b')) > 0);
  });

  it('counts up to large limits exactly', async () => {
    const limiter = new MemoryWindowLimiter(1000, 60_000);
    for (let i = 0; i < 1000; i++) assert.equal(await limiter.take('ip'), 0, `call ${i + 1}`);
    assert.ok((await limiter.take('ip')) > 59_000);
  });
});
