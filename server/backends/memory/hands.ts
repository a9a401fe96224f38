import type { RaisedHand } from '../../../src/core/protocol.ts';
import { oldestFirst, type HandStore } from '../../core/hands.ts';

export class MemoryHandStore implements HandStore {
  readonly #rooms = new Map<string, Map<string, RaisedHand>>();

  async raise(roomId: string, hand: RaisedHand) {
    const hands = this.#rooms.get(roomId) ?? new Map<string, RaisedHand>();
    this.#rooms.set(roomId, hands);
    if (hands.has(hand.user_id)) return false;
    hands.set(hand.user_id, hand);
    return true;
  }

  async lower(roomId: string, userId: string) {
    const hands = this.#rooms.get(roomId);
    const hand = hands?.get(userId);
    hands?.delete(userId);
    return hand;
  }

  async list(roomId: string) {
    return oldestFirst([...(this.#rooms.get(roomId)?.values() ?? [])]);
  }

  async drop(roomId: string) {
    this.#rooms.delete(roomId);
  }
}
