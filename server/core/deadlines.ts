import { runAt, type LongTimer } from './timers.ts';

export type DeadlineKind = 'empty' | 'duration';

/**
 * Room timers (`empty_timeout`, `room_duration`) as deadlines rather than timers of the process that set them:
 * with Redis every live process polls the shared set and exactly one claims each due deadline, so a room ends on
 * time even when the process that created it is gone.
 */
export interface Deadlines {
  set(kind: DeadlineKind, roomId: string, at: number): Promise<void>;
  clear(kind: DeadlineKind, roomId: string): Promise<void>;
  /** Starts calling `onDue` once for each deadline that passes. */
  start(onDue: (kind: DeadlineKind, roomId: string) => void): void;
  stop(): void;
}

export class MemoryDeadlines implements Deadlines {
  readonly #timers = new Map<string, LongTimer>();
  #onDue: ((kind: DeadlineKind, roomId: string) => void) | null = null;

  async set(kind: DeadlineKind, roomId: string, at: number): Promise<void> {
    const key = `${kind}\0${roomId}`;
    this.#timers.get(key)?.clear();
    this.#timers.set(
      key,
      runAt(at, () => {
        this.#timers.delete(key);
        this.#onDue?.(kind, roomId);
      }),
    );
  }

  async clear(kind: DeadlineKind, roomId: string): Promise<void> {
    const key = `${kind}\0${roomId}`;
    this.#timers.get(key)?.clear();
    this.#timers.delete(key);
  }

  start(onDue: (kind: DeadlineKind, roomId: string) => void): void {
    this.#onDue = onDue;
  }

  stop(): void {
    for (const timer of this.#timers.values()) timer.clear();
    this.#timers.clear();
    this.#onDue = null;
  }
}
