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
