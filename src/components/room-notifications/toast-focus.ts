import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whether `event` is the hotkey `spec` (`F8`, `Alt+Shift+N`): its key, and exactly its modifiers. */
function matchesHotkey(event: KeyboardEvent, spec: string): boolean {
  const keys = spec.split('+').map((k) => k.trim().toLowerCase());
  const key = keys.pop();
  if (!key) return false;
  const mods = ['alt', 'ctrl', 'meta', 'shift'] as const;
  // A letter also matches by its physical key: with Option held, macOS changes `key` (Alt+Shift+N gives ˜).
  const pressed = event.key.toLowerCase() === key || event.code.toLowerCase() === `key${key}`;
  return pressed && mods.every((m) => event[`${m}Key`] === keys.includes(m));
}

/** The deepest focused element, through open shadow roots. */
function deepActive(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement && el !== document.body ? el : null;
}

/**
 * Keyboard access to the toasts: the page-wide hotkey moves focus to the stack (or the bell when no toast shows), and
 * focus goes back where it was on the page when the toasts let it go (Escape, the last toast closed).
 */
export class ToastFocus implements ReactiveController {
  /** Where focus was before it came into the toasts. */
  #returnTo: HTMLElement | null = null;
  readonly #onPageFocus = () => this.#remember();
  readonly #onHotkey = (event: KeyboardEvent) => {
    const spec = this.hotkey();
    if (event.defaultPrevented || !matchesHotkey(event, spec)) return;
    event.preventDefault(); // one element answers, if a page has several
    this.#remember();
    this.host.shadowRoot?.querySelector<HTMLElement>(`[part="${this.target()}"]`)?.focus();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** The hotkey now (the element's `hotkey`). */
    private readonly hotkey: () => string,
    /** The part the hotkey focuses now. */
    private readonly target: () => 'stack' | 'center-button',
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('focusin', this.#onPageFocus);
    document.addEventListener('keydown', this.#onHotkey);
  }

  hostDisconnected(): void {
    document.removeEventListener('focusin', this.#onPageFocus);
    document.removeEventListener('keydown', this.#onHotkey);
  }

  /** Gives focus back to where it was on the page, when that is still there. */
  giveBack(): void {
    (this.#returnTo?.isConnected ? this.#returnTo : null)?.focus();
  }

  #remember(): void {
    const el = deepActive();
    if (el && !this.host.shadowRoot?.contains(el)) this.#returnTo = el;
  }
}
