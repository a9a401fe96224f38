import type { RoomMessage } from '../../src/core/protocol.ts';

/**
 * The newest messages that fit in `maxCount` and `maxBytes` (their JSON), oldest first. A welcome is one frame
 * per handshake: unbounded, a resume from `since=0` would send the whole history to anyone holding a token. A
 * message too big for what is left of the budget is skipped (the welcome is then `truncated`), and older, smaller
 * ones still go: one huge message cannot hide the history before it.
 */
export function withinBudget(
  messages: RoomMessage[],
  maxCount: number,
  maxBytes: number,
): { messages: RoomMessage[]; truncated: boolean } {
  const kept: RoomMessage[] = [];
  let bytes = 0;
  for (let i = messages.length - 1; i >= 0 && kept.length < maxCount; i--) {
    const size = Buffer.byteLength(JSON.stringify(messages[i]), 'utf8');
    if (bytes + size > maxBytes) continue;
    bytes += size;
    kept.push(messages[i]!);
  }
  return { messages: kept.reverse(), truncated: kept.length < messages.length };
}
