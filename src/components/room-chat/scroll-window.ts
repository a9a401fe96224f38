import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Messages in the DOM while the reader follows the latest; scrolling up (or "Show earlier") adds more. */
export const WINDOW = 40;
/** A burst of messages renders at most once per this many ms; a lone message renders at once. */
const BATCH_MS = 32;
/**
 * A render that brought more than `FLOOD_BATCH` new entries, at over `FLOOD_PER_S` a second since the render before,
 * is a flood's, which no one reads line by line: the next render waits `FLOOD_MS`, which spares the page (and the
 * meeting's video beside it) most of the flood's style and layout work.
 */
const FLOOD_BATCH = 4;
const FLOOD_PER_S = 125;
const FLOOD_MS = 200;
/** A scroll this soon after the reader's input on the list is the reader's. */
const INPUT_MS = 300;
const SCROLL_KEY = /^(Arrow(Up|Down)|Page(Up|Down)|Home|End| )$/;
const INPUTS = ['wheel', 'touchmove', 'keydown', 'pointerdown'];

export interface ScrollWindowOptions {
  /** The scrolling list, once rendered. */
  log(): HTMLElement | null;
  /** Entries in the log now (the most the window can show). */
  total(): number;
  /** The reader has seen the latest: the chat is on screen, in a visible tab, and scrolled to the bottom. */
  seen(): void;
}

/**
 * The chat's scroll window: how many of the latest entries are rendered, whether the reader follows the latest
 * (then new ones scroll into view) or reads back (then they are counted for the "new messages" button and the place
 * is kept), "Show earlier" without a jump, batched renders during a flood, and "read means seen".
 */
export class ScrollWindow implements ReactiveController {
  /** Entries rendered, counted from the latest. */
  size = WINDOW;
  /** Entries added below while the reader is scrolled up. */
  below = 0;
  #atBottom = true;
  #received = 0;
  #visible = false;
  #observer: IntersectionObserver | null = null;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #queued = false;
  #lastFlush = 0;
  /** New entries since the last render. */
  #adding = 0;
  /** The last render was a flood's (see FLOOD_BATCH). */
  #flood = false;
  /** The log as the last render due showed it. */
  #shown: readonly unknown[] = [];
  /** Scroll height before older messages were added above, to keep the reader's place. */
  #anchor: number | null = null;
  /** The frame that sets the scroll position after an update, while one is pending. */
  #follow: number | null = null;
  /** When the reader last used the wheel, touch, a key or the pointer on the list. */
  #inputAt = -Infinity;
  readonly #onVisibility = () => this.#seenIfSo();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ScrollWindowOptions,
  ) {
    host.addController(this);
  }

  /**
   * The store changed; `received` counts the entries it ever added, `yours` says the latest is a message of yours being
   * sent. Only new entries are batched.
   */
  changed(received: number, yours = false): void {
    const added = received - this.#received;
    this.#received = received;
    if (this.#atBottom) this.size = WINDOW;
    else this.below += added;
    if (added > 0) {
      this.#adding += added;
      // What you send (a message, a reply, a file) shows at once, a flood's next render made with it.
      if (yours && this.#flooding) this.#flush();
      else this.#schedule();
    }
    // Another room's log (a new token) shows at once, and what a flood held of the old one goes.
    else if (added < 0) this.#flush();
    // A change of state (connected, refused, ended) shows at once, but during a flood with its next render: the
    // flood's messages, marked read as they scroll into view, would otherwise render between the flood's renders.
    else if (!this.#flooding) this.host.requestUpdate();
  }

  /**
   * The log to render: `log` now, but while a flood's next render is due, the log as the last one showed it, so that
   * whatever else renders the chat in between (its live region, a menu) does not render the flood's entries early.
   */
  shown<T>(log: readonly T[]): readonly T[] {
    if (!this.#flooding) this.#shown = log;
    return this.#shown as readonly T[];
  }

  /** A flood's next render is due (one burst of a few messages, or your own, renders with whatever renders next). */
  get #flooding(): boolean {
    return this.#flushTimer !== null && this.#flood;
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    for (const type of INPUTS) this.host.addEventListener(type, this.#onInput, { passive: true });
    this.#observer = new IntersectionObserver((entries) => {
      this.#visible = entries.at(-1)?.isIntersecting ?? false;
      this.#seenIfSo();
    });
    this.#observer.observe(this.host);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    for (const type of INPUTS) this.host.removeEventListener(type, this.#onInput);
    this.#observer?.disconnect();
    this.#visible = false;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#cancelFollow();
  }

  hostUpdated(): void {
    if (this.#anchor !== null || this.#atBottom) this.#followNextFrame();
    this.#seenIfSo();
  }

  /**
   * Keeps the reader's place (or the latest in view) just before the next frame paints. Reading `scrollHeight` right
   * after an update forces a layout of the whole list in the message's task; in the frame, the layout is the one the
   * browser makes anyway, once for however many updates came since.
   */
  #followNextFrame(): void {
    this.#follow ??= requestAnimationFrame(() => {
      this.#follow = null;
      const log = this.options.log();
      if (!log) return;
      if (this.#anchor !== null) {
        log.scrollTop = log.scrollHeight - this.#anchor;
        this.#anchor = null;
      } else if (this.#atBottom) log.scrollTop = log.scrollHeight;
    });
  }

  #cancelFollow(): void {
    if (this.#follow !== null) cancelAnimationFrame(this.#follow);
    this.#follow = null;
  }

  /** The reader's own input on the list (wheel, touch, scrolling keys, the scrollbar): what scrolls next is theirs. */
  readonly #onInput = (e: Event): void => {
    // Only input on the list counts (a press on the scrollbar lands on the list's own box, one on a message's button
    // inside it), and only keys that scroll.
    const log = this.options.log();
    const path = e.composedPath();
    const onList = log !== null && (e.type === 'pointerdown' ? path[0] === log : path.includes(log));
    const scrolls = !(e instanceof KeyboardEvent) || SCROLL_KEY.test(e.key);
    if (onList && scrolls) this.#inputAt = performance.now();
  };

  readonly onScroll = (): void => {
    // While the place is about to be set again, a scroll that no input of the reader's came just before is the
    // browser's (the list grew, or lost its oldest entry): read now, it would look as if the reader had scrolled up.
    if (this.#follow !== null && performance.now() - this.#inputAt > INPUT_MS) return;
    const log = this.options.log()!;
    this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    if (this.#atBottom) {
      this.#set(this.size, 0);
      this.#seenIfSo();
    }
    if (log.scrollTop < 40 && !this.#atBottom) this.showEarlier();
  };

  readonly showEarlier = (): void => {
    const log = this.options.log();
    if (!log || this.size >= this.options.total()) return;
    this.#anchor = log.scrollHeight - log.scrollTop;
    this.#set(this.size + WINDOW, this.below);
  };

  jumpToLatest(): void {
    // A place kept for "Show earlier" a moment ago is given up with it: the reader wants the latest.
    this.#cancelFollow();
    this.#anchor = null;
    const log = this.options.log()!;
    log.scrollTop = log.scrollHeight;
    this.#atBottom = true;
    this.#set(this.size, 0);
    this.#seenIfSo();
  }

  /** Widens the window to hold the entry `back` places from the latest (a quote's original); resolves once rendered. */
  async reveal(back: number): Promise<void> {
    if (back <= this.size) return;
    this.#atBottom = false;
    this.#set(back, this.below);
    await this.host.updateComplete;
  }

  /**
   * Shows entry `id` of `entries` (the log's, oldest first): widens the window to it, scrolls to it, and focuses it
   * when `focus` (a quote's original, a pin; a search match keeps focus in the search field).
   */
  async show(id: string, entries: ReadonlyArray<{ id: string }>, focus = true): Promise<void> {
    // It may have come after the last flood render: the next one is made now.
    if (this.#flooding) {
      this.#flush();
      await this.host.updateComplete;
    }
    await this.reveal(entries.length - entries.findIndex((e) => e.id === id));
    const article = this.options.log()?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`);
    if (!article) return;
    // The reader goes to this message: a follow to the latest still pending must not take them back down.
    this.#cancelFollow();
    article.tabIndex = -1;
    article.scrollIntoView({ block: 'center' });
    if (focus) article.focus({ preventScroll: true });
  }

  #set(size: number, below: number): void {
    if (size === this.size && below === this.below) return;
    this.size = size;
    this.below = below;
    this.host.requestUpdate();
  }

  /** Read means seen: while a flood's render is due, the log on screen lacks what came since, so it waits for it. */
  #seenIfSo(): void {
    if (this.#flooding) return;
    if (this.#visible && this.#atBottom && document.visibilityState === 'visible') this.options.seen();
  }

  /** A burst renders once a frame or so, a flood five times a second; a lone message renders in this task. */
  #schedule(): void {
    if (this.#flushTimer || this.#queued) return;
    const wait = this.#lastFlush + (this.#flood ? FLOOD_MS : BATCH_MS) - performance.now();
    // No timer for a lone message: a background tab would throttle it.
    if (wait <= 0) {
      this.#queued = true;
      queueMicrotask(this.#flush);
    } else this.#flushTimer = setTimeout(this.#flush, wait);
  }

  /** Renders what came since the last render, and notes whether it was a flood. */
  readonly #flush = (): void => {
    const now = performance.now();
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#queued = false;
    const span = Math.max(now - this.#lastFlush, BATCH_MS);
    this.#flood = this.#adding > FLOOD_BATCH && (this.#adding * 1000) / span > FLOOD_PER_S;
    this.#lastFlush = now;
    this.#adding = 0;
    this.host.requestUpdate();
  };
}
