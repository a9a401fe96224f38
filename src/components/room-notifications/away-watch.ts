import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RoomMessage } from '../../core/public-types.ts';
import type { ConnectionState } from '../../core/store/state.ts';

/** What arrived while the user was away or presenting: the catch-up card's and the summary's counts. */
export interface Tally {
  messages: number;
  mentions: number;
  private: number;
  notifications: number;
  /** The first message of each kind, which its link opens. */
  first: { messages?: string; mentions?: string; private?: string };
}

export const emptyTally = (): Tally => ({ messages: 0, mentions: 0, private: 0, notifications: 0, first: {} });

export const isEmpty = (t: Tally): boolean => t.messages + t.notifications === 0;

/** Counts a chat message from someone else (the caller decides that it counts). */
export function countMessage(t: Tally, m: RoomMessage, self: string | undefined): void {
  t.messages++;
  t.first.messages ??= m.id;
  if (m.private) {
    t.private++;
    t.first.private ??= m.id;
  } else if (self && m.mentions?.includes(self)) {
    t.mentions++;
    t.first.mentions ??= m.id;
  }
}

/** A resume's burst arrives right after the connection is back: it still belongs to the absence. */
const SETTLE_MS = 1000;

export interface AwayOptions {
  /** `catch-up-after`: an absence at least this long (ms) ends in a catch-up card. */
  after(): number;
  /**
   * The user is back. `long`: the card shows `tally` and `held` are dropped (errors never wait); otherwise `held` run
   * now, in order, as if they had just arrived.
   */
  back(held: Array<() => void>, tally: Tally, long: boolean): void;
  /** The page was hidden or shown. */
  hidden(hidden: boolean): void;
}

/**
 * Whether the user is away (the page hidden, or the room's connection down after it was up) and, while they are, what
 * waits for them: toasts are held (their OS notification still goes out while the page is hidden), and counted.
 */
export class AwayWatch implements ReactiveController {
  #hidden = false;
  #offline = false;
  #wasConnected = false;
  /** When the absence began; 0 while the user is here. */
  #since = 0;
  #returned = 0;
  #settle: ReturnType<typeof setTimeout> | undefined;
  /** By toast id: a toast updated while it waits replaces its earlier self. */
  #held = new Map<string, () => void>();
  tally = emptyTally();
  /** When a sound last played during this absence: a returning burst plays one, not one per item. */
  lastSound = -Infinity;

  readonly #onVisibility = () => {
    this.#hidden = document.visibilityState === 'hidden';
    this.o.hidden(this.#hidden);
    this.#update();
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly o: AwayOptions,
  ) {
    host.addController(this);
  }

  /** Toasts wait (the user is away, or has just come back and the resume's burst may still be arriving). */
  get holding(): boolean {
    return this.#since !== 0;
  }

  hold(id: string, run: () => void): void {
    this.#held.set(id, run);
  }

  isHeld(id: string): boolean {
    return this.#held.has(id);
  }

  /** The room's connection changed (a first connection is not a return). */
  connection(state: ConnectionState | undefined): void {
    const connected = state === 'connected';
    this.#offline = !connected && this.#wasConnected;
    this.#wasConnected ||= connected;
    this.#update();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#onVisibility();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearTimeout(this.#settle);
    this.#settle = undefined;
    this.#since = 0;
    this.#held.clear();
  }

  #update(): void {
    const away = this.#hidden || this.#offline;
    if (away) {
      clearTimeout(this.#settle);
      this.#settle = undefined;
      if (this.#since === 0) {
        this.#since = Date.now();
        this.#held.clear();
        this.tally = emptyTally();
        this.lastSound = -Infinity;
      }
      return;
    }
    if (this.#since === 0 || this.#settle) return;
    this.#returned = Date.now();
    this.#settle = setTimeout(() => {
      this.#settle = undefined;
      const long = this.#returned - this.#since >= this.o.after();
      const held = [...this.#held.values()];
      this.#since = 0;
      this.#held.clear();
      this.o.back(held, this.tally, long);
    }, SETTLE_MS);
  }
}
