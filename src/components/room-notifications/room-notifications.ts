import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { resolveServer } from '../../core/defaults.ts';
import type { NotificationLevel, RoomMessage } from '../../core/protocol.ts';
import { ToastQueue, type Toast } from '../../core/toast-queue.ts';
import { SoundPlayer } from '../../sound/sound-player.ts';
import { RoomElement } from '../room-element.ts';
import { themeStyles } from '../theme.ts';
import { notificationStyles } from './room-notifications.styles.ts';

/** Every text the notifications show, in one place for translations. */
export const notificationStrings = {
  level: { info: 'Info', warning: 'Warning', error: 'Error' } as Record<NotificationLevel, string>,
  missed: (level: string) => `Missed ${level.toLowerCase()}`,
  announce: (label: string, text: string) => `${label}: ${text}`,
  times: (n: number) => `${n} times`,
  dismiss: (level: string, text: string) => `Dismiss ${level.toLowerCase()}: ${text}`,
  region: 'Notifications',
  more: (n: number) => `+${n} more`,
  soundBlocked: '🔇 Your browser blocked a notification sound. Enable sound',
};
const T = notificationStrings;
const LABEL = T.level;

/**
 * Toasts for the room's notifications, typed info, warning or error, with optional sound.
 *
 * @summary Notification toasts connected to a room server.
 * @tag room-notifications
 *
 * @event {RoomNotificationEvent} room-notification - A notification is about to be shown. Cancelable: `preventDefault()` stops the toast and its sound. Detail `{ id, type, text, withSound, ts }`.
 * @event {RoomSoundEvent} room-sound - A notification sound was attempted. Detail `{ type, result }`: `played`, `blocked`, `dropped`, `failed`.
 *
 * @csspart stack - The list of toasts.
 * @csspart toast - Every toast.
 * @csspart toast-info - An info toast.
 * @csspart toast-warning - A warning toast.
 * @csspart toast-error - An error toast.
 * @csspart toast-missed - A toast for a notification sent while this page was disconnected.
 * @csspart toast-label - The type label ("Info", "Warning", "Error").
 * @csspart toast-text - The notification text.
 * @csspart toast-count - How many identical notifications merged into the toast.
 * @csspart close-button - Closes a toast (Esc does too).
 * @csspart overflow - "+N more" when more toasts wait than are shown.
 * @csspart enable-sound - Shown when the browser blocked a sound: enables sound.
 *
 * @cssprop --room-info - Info accent.
 * @cssprop --room-warning - Warning accent.
 * @cssprop --room-error - Error accent.
 * @cssprop --room-background - Toast background.
 * @cssprop --room-foreground - Toast text.
 * @cssprop --room-toast-inset - Where the stack sits (`inset`); default bottom right.
 * @cssprop --room-toast-z-index - Stacking order.
 */
export class RoomNotifications extends RoomElement {
  static override styles = [themeStyles, notificationStyles];
  static override properties: PropertyDeclarations = {
    muted: { type: Boolean, reflect: true },
    infoDuration: { type: Number, attribute: 'info-duration' },
    warningDuration: { type: Number, attribute: 'warning-duration' },
    errorDuration: { type: Number, attribute: 'error-duration' },
    maxVisible: { type: Number, attribute: 'max-visible' },
    replayWindow: { type: Number, attribute: 'replay-window' },
    infoSound: { attribute: 'info-sound' },
    warningSound: { attribute: 'warning-sound' },
    errorSound: { attribute: 'error-sound' },
    toasts: { state: true },
    soundBlocked: { state: true },
  };

  /** No sound at all. */
  muted = false;
  /** Milliseconds an info toast stays (0: until dismissed). */
  infoDuration = 5000;
  /** Milliseconds a warning toast stays (0: until dismissed). */
  warningDuration = 8000;
  /** Milliseconds an error toast stays; 0 (the default) keeps it until dismissed. */
  errorDuration = 0;
  /** Toasts shown at once; more are counted. */
  maxVisible = 4;
  /** A notification older than this (ms) when it arrives, after a reconnection, is shown as missed, without sound. */
  replayWindow = 60_000;
  /** Sound URL for info toasts; default `<server>/sounds/info.wav`. */
  infoSound: string | undefined;
  /** Sound URL for warning toasts. */
  warningSound: string | undefined;
  /** Sound URL for error toasts. */
  errorSound: string | undefined;

  private toasts: Toast[] = [];
  private soundBlocked = false;

  readonly queue = new ToastQueue({ durations: { info: 5000, warning: 8000, error: 0 }, maxVisible: 4, mergeWindowMs: 4000 });
  readonly #player = new SoundPlayer((level) => this.#soundUrl(level));
  #polite = '';
  #assertive = '';
  readonly #onVisibility = () => (document.hidden ? this.queue.pause('hidden') : this.queue.resume('hidden'));

  constructor() {
    super();
    this.queue.on('change', (toasts) => (this.toasts = toasts));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#onVisibility();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (['infoDuration', 'warningDuration', 'errorDuration', 'maxVisible'].some((k) => changed.has(k as keyof RoomNotifications))) {
      this.queue.options = {
        ...this.queue.options,
        durations: { info: this.infoDuration, warning: this.warningDuration, error: this.errorDuration },
        maxVisible: Math.max(1, this.maxVisible),
      };
    }
  }

  /** Shows a notification as if the room had sent it (for the host app's own notices). */
  notify(level: NotificationLevel, text: string, withSound = false): void {
    this.#show({ id: `local-${crypto.randomUUID()}`, room_id: '', seq: null, ts: Date.now(), kind: 'notification', from: null, private: false, text, level, withSound });
  }

  /** Closes a toast by id. */
  dismiss(id: string): void {
    this.queue.dismiss(id);
  }

  protected override roomMessage(m: RoomMessage): void {
    this.#show(m);
  }

  #show(m: RoomMessage): void {
    if (m.kind !== 'notification') return;
    const level = m.level ?? 'info';
    const withSound = m.withSound === true;
    if (!this.emit('room-notification', { id: m.id, type: level, text: m.text, withSound, ts: m.ts }, true)) return;
    const missed = Date.now() - m.ts > this.replayWindow;
    this.queue.add({ id: m.id, level, text: m.text, ts: m.ts, missed });
    this.#announce(level, T.announce(missed ? T.missed(LABEL[level]) : LABEL[level], m.text));
    if (withSound && !this.muted && !missed) void this.#playSound(level);
  }

  async #playSound(level: NotificationLevel): Promise<void> {
    const result = await this.#player.play(level);
    if (result === 'blocked') this.soundBlocked = true;
    if (result === 'played') this.soundBlocked = false;
    this.emit('room-sound', { type: level, result });
  }

  async #enableSound(): Promise<void> {
    this.soundBlocked = !(await this.#player.enable());
  }

  #soundUrl(level: NotificationLevel): string {
    const custom = { info: this.infoSound, warning: this.warningSound, error: this.errorSound }[level];
    if (custom) return custom;
    return new URL(`/sounds/${level}.wav`, resolveServer(this.server) ?? location.href).href;
  }

  /** Errors go to the assertive region, the rest to the polite one; both exist before the first toast. */
  #announce(level: NotificationLevel, text: string): void {
    // A repeated identical text must still be announced: alternate a trailing no-break space.
    if (level === 'error') this.#assertive = this.#assertive === text ? `${text}\u00a0` : text;
    else this.#polite = this.#polite === text ? `${text}\u00a0` : text;
    this.requestUpdate();
  }

  #onKeydown(event: KeyboardEvent, toast: Toast): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.queue.dismiss(toast.id);
    }
  }

  #renderToast(t: Toast) {
    const parts = `toast toast-${t.level}${t.missed ? ' toast-missed' : ''}`;
    return html`<li part=${parts} class="toast ${t.level}" data-id=${t.id} @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, t)}>
      <span part="toast-label" class="label">${t.missed ? T.missed(LABEL[t.level]) : LABEL[t.level]}${t.count > 1
          ? html`<span part="toast-count" class="count" aria-label=${T.times(t.count)}>×${t.count}</span>`
          : nothing}</span>
      <p part="toast-text" class="text" dir="auto">${t.text}</p>
      <button part="close-button" class="close" type="button" aria-label=${T.dismiss(LABEL[t.level], t.text.slice(0, 80))} @click=${() => this.queue.dismiss(t.id)}>✕</button>
    </li>`;
  }

  protected override render() {
    const overflow = this.queue.overflow;
    return html`
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#polite}</div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true">${this.#assertive}</div>
      <section
        aria-label=${T.region}
        @mouseenter=${() => this.queue.pause('hover')}
        @mouseleave=${() => this.queue.resume('hover')}
        @focusin=${() => this.queue.pause('focus')}
        @focusout=${(e: FocusEvent) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) this.queue.resume('focus');
        }}
      >
        <ol part="stack" class="stack">
          ${repeat(this.toasts, (t) => t.id, (t) => this.#renderToast(t))}
        </ol>
        ${overflow > 0 ? html`<div part="overflow" class="overflow">${T.more(overflow)}</div>` : nothing}
        ${this.soundBlocked
          ? html`<button part="enable-sound" class="enable-sound" type="button" @click=${this.#enableSound}>${T.soundBlocked}</button>`
          : nothing}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-notifications': RoomNotifications;
  }
}
