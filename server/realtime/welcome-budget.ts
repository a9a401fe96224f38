import type { RoomMessage } from '../../src/core/protocol.ts';

/**
 * The newest messages that fit in `maxCount` and `maxBytes` (their JSON), oldest first. A welcome is one frame
 * per handshake: unbounded, a resume from `since=0` would send the whole history to anyone holding a token.
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
    if (bytes + size > maxBytes) break;
    bytes += size;
    kept.push(messages[i]!);
  }
  return { messages: kept.reverse(), truncated: kept.length < messages.length };
}
