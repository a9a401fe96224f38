import { Emitter } from './emitter.ts';

/**
 * Whether the user is sharing their screen, for the whole page: every widget on it (and the host's own UI, through the
 * headless client) hides private text and holds OS notifications while it is on. A page has one screen to share, so
 * this is one fact per page, not per room.
 */
class Presenting extends Emitter<{ change: boolean }> {
  on_ = false;

  set(on: boolean): void {
    if (this.on_ === on) return;
    this.on_ = on;
    this.emit('change', on);
  }
}

const presenting = new Presenting();

/** Turns presenting on or off for every widget of the page (each element's own `presenting` attribute adds to it). */
export function setPresenting(on: boolean): void {
  presenting.set(!!on);
}

/** Whether the page said it is presenting (`setPresenting`). */
export function isPresenting(): boolean {
  return presenting.on_;
}

/** Calls `listener` when the page starts or stops presenting; returns the unsubscribe. */
export function onPresenting(listener: (on: boolean) => void): () => void {
  return presenting.on('change', listener);
}
