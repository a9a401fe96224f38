import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Elements whose children do not render: a toast moved into one would vanish. */
const REPLACED = 'video, canvas, img, iframe, object, embed, audio, svg';

/**
 * Keeps the toasts and the centre visible and usable above an element in fullscreen and above a modal dialog. The
 * element is a manual popover, in the top layer, shown again on top whenever one of those enters it. Visible is not
 * enough: the browser makes everything outside the newest fullscreen element or modal dialog inert, so the element
 * also moves into it (`moveBefore`, which keeps its state and its room) and back to where it was when it closes.
 * `position="static"` (in the page's flow) stays out of all this.
 */
export class TopLayer implements ReactiveController {
  /** Fullscreen elements and modal dialogs still open, oldest first: the last is on top. */
  #modals: Element[] = [];
  #home: { parent: Node; next: Node | null } | null = null;

  readonly #changed = (event: Event) => {
    const target = event.target;
    if (event.type === 'toggle') {
      if (!(target instanceof HTMLDialogElement)) return;
      if ((event as ToggleEvent).newState === 'open' && target.matches(':modal')) this.#modals.push(target);
    }
    const full = document.fullscreenElement;
    if (full && !this.#modals.includes(full)) this.#modals.push(full);
    this.#modals = this.#modals.filter((m) => m.isConnected && m.matches(':modal'));
    this.#follow();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly wanted: () => boolean,
  ) {
    host.addController(this);
  }

  /** The fullscreen element or modal dialog on top, which the element lives in while it is open (null: none). */
  get root(): Element | null {
    return this.#modals.at(-1) ?? null;
  }

  /** The position may have changed: in or out of the top layer. */
  update(): void {
    if (this.host.matches('[popover]:popover-open') !== this.wanted()) this.#follow();
  }

  hostConnected(): void {
    document.addEventListener('fullscreenchange', this.#changed);
    // A dialog's `toggle` does not bubble; a capturing listener on the document still hears it.
    document.addEventListener('toggle', this.#changed, true);
    this.#follow();
  }

  hostDisconnected(): void {
    document.removeEventListener('fullscreenchange', this.#changed);
    document.removeEventListener('toggle', this.#changed, true);
  }

  #follow(): void {
    const el = this.host;
    if (!this.wanted() || !el.isConnected || !('showPopover' in el)) {
      if (el.hasAttribute('popover')) {
        if (el.matches(':popover-open')) el.hidePopover();
        el.removeAttribute('popover');
      }
      return;
    }
    this.#move();
    if (!el.hasAttribute('popover')) el.setAttribute('popover', 'manual');
    if (el.matches(':popover-open')) el.hidePopover();
    el.showPopover();
    // Placed again: only the chats inside the new top are on screen.
    this.host.requestUpdate();
  }

  /** Into the modal on top (where it can be used), or back home when none is open. */
  #move(): void {
    const el = this.host;
    const into = [...this.#modals].reverse().find((m) => !m.matches(REPLACED));
    const move = (parent: Node, next: Node | null) =>
      (parent as Node & { moveBefore?(node: Node, child: Node | null): void }).moveBefore?.(el, next);
    if (into && el.parentNode !== into) {
      if (!('moveBefore' in into)) return;
      this.#home ??= { parent: el.parentNode!, next: el.nextSibling };
      move(into, null);
    } else if (!into && this.#home) {
      const { parent, next } = this.#home;
      this.#home = null;
      if (parent.isConnected) move(parent, next?.parentNode === parent ? next : null);
    }
  }
}
