import type { RoomMessage } from '../../src/core/protocol.ts';
import type { HistoryStore } from './history.ts';
import type { Audience } from './targets.ts';

/** Hands a numbered message to the sockets it targets (this process's, or every process's). */
export type Emit = (message: RoomMessage, audience: Audience) => void;

/**
 * The delivery port of the core: numbers a message (when it belongs to the history), keeps it and delivers it,
 * so that every client sees a room's messages in sequence order. Tested without sockets through `Emit`.
 */
export interface Deliveries {
  publish(message: Omit<RoomMessage, 'seq'>, audience: Audience, persist: boolean): Promise<RoomMessage>;
  close(): Promise<void>;
}

/** One process: the history's append and the emit run in call order, so delivery order is sequence order. */
export class DirectDeliveries implements Deliveries {
  constructor(
    private readonly history: HistoryStore,
    private readonly emit: Emit,
  ) {}

  async publish(message: Omit<RoomMessage, 'seq'>, audience: Audience, persist: boolean): Promise<RoomMessage> {
    const stored = persist ? await this.history.append(message, audience) : { ...message, seq: null };
    this.emit(stored, audience);
    return stored;
  }

  async close(): Promise<void> {}
}
