import { html, type ReactiveControllerHost } from 'lit';
import type { NotificationLevel } from '../../core/public-types.ts';

/**
 * The toasts' live regions: errors go to the assertive one, the rest to the polite one. Both are in the DOM before
 * the first toast, as screen readers only announce changes to a region they already know.
 */
export class Announcer {
  #polite = '';
  #assertive = '';

  constructor(private readonly host: ReactiveControllerHost) {}

  say(level: NotificationLevel, text: string): void {
    // A repeated identical text must still be announced: alternate a trailing no-break space.
    if (level === 'error') this.#assertive = this.#assertive === text ? `${text}\u00a0` : text;
    else this.#polite = this.#polite === text ? `${text}\u00a0` : text;
    this.host.requestUpdate();
  }

  render() {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#polite}</div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true">${this.#assertive}</div>`;
  }
}
