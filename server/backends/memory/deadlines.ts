import type { DeadlineKind, Deadlines } from '../../core/deadlines.ts';
import { runAt, type LongTimer } from '../../core/timers.ts';

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
