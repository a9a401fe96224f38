import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { NotificationLevel } from '../core/public-types.ts';
import type { AnnounceMode } from './room-element.ts';

/** One thing a widget would have a screen reader say. */
export interface Spoken {
  /** What it is about: a later `say` with the same id, before it is spoken, replaces it (a toast updated in place). */
  id: string;
  text: string;
  /** Errors are always spoken at once, assertively; the rest politely. */
  level?: NotificationLevel;
  /** A private message, a mention: spoken with `announce="direct"`. */
  direct?: boolean;
  /** Who it is from, for "5 new messages from 3 people". */
  from?: string;
}

/** Polite announcements are spoken at most this often; what comes between is summarised in one. */
export const ANNOUNCE_EVERY_MS = 3000;
/** A screen reader takes a region's text as it changes: it is cleared after this, so no message lingers in the page. */
const KEEP_MS = 1000;

/**
 * A widget's live regions. A busy room must neither read every message nor go silent: the first arrival is spoken at
 * once, and whatever comes within the next few seconds is spoken as one summary (`burst`) when they are up; errors
 * interrupt at once. The element's `announce` chooses what is spoken at all. Both regions are in the DOM before the
 * first announcement, as screen readers only announce changes to a region they already know.
 */
export class LiveAnnouncer implements ReactiveController {
  #polite = '';
  #assertive = '';
  #last = -Infinity;
  readonly #pending = new Map<string, Spoken>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #clear: ReturnType<typeof setTimeout> | undefined;
  /** What the polite region says now is about these. */
  #spoken = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly mode: () => AnnounceMode,
    /** The summary of several: "5 new messages from 3 people". */
    private readonly burst: (items: Spoken[]) => string,
  ) {
    host.addController(this);
  }

  say(s: Spoken): void {
    if (s.level === 'error') return this.#speak('assertive', s.text);
    const mode = this.mode();
    if (mode === 'none' || (mode === 'direct' && !s.direct)) return;
    this.#pending.delete(s.id);
    this.#pending.set(s.id, s);
    if (this.#timer) return;
    const wait = this.#last + ANNOUNCE_EVERY_MS - performance.now();
    if (wait <= 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), wait);
  }

  /** A message was deleted (no id: the chat was cleared): it is not spoken, and no longer in the region. */
  forget(id?: string): void {
    if (id === undefined) this.#pending.clear();
    else this.#pending.delete(id);
    if (id === undefined || this.#spoken.has(id)) this.#set('');
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#clear);
    this.#timer = undefined;
    this.#pending.clear();
  }

  #flush(): void {
    this.#timer = undefined;
    const items = [...this.#pending.values()];
    this.#pending.clear();
    if (items.length === 0) return;
    this.#last = performance.now();
    this.#spoken = new Set(items.map((s) => s.id));
    this.#speak('polite', items.length === 1 ? items[0]!.text : this.burst(items));
  }

  #set(polite: string): void {
    this.#polite = polite;
    this.host.requestUpdate();
  }

  #speak(region: 'polite' | 'assertive', text: string): void {
    // A repeated identical text must still be announced: alternate a trailing no-break space.
    const same = (was: string) => (was === text ? `${text}\u00a0` : text);
    if (region === 'assertive') this.#assertive = same(this.#assertive);
    else {
      this.#polite = same(this.#polite);
      clearTimeout(this.#clear);
      this.#clear = setTimeout(() => this.#set(''), KEEP_MS);
    }
    this.host.requestUpdate();
  }

  render() {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#polite}</div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true">${this.#assertive}</div>`;
  }
}
