import { adoptStyles, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { resolveServer } from '../../core/defaults.ts';
import { showDesktop } from '../../core/desktop-notifier.ts';
import { NotificationCentre, notificationCentre, type CentreState } from '../../core/notification-centre.ts';
import { loadSettings, saveSetting, typesOf, type NotificationSettings, type SettingName } from '../../core/notification-settings.ts';
import type { NotificationLevel, RoomMessage } from '../../core/protocol.ts';
import { ToastQueue, type Toast } from '../../core/toast-queue.ts';
import { LocaleController } from '../../i18n/locale-controller.ts';
import { SoundPlayer } from '../../sound/sound-player.ts';
import { RoomElement } from '../room-element.ts';
import { themeStyles } from '../theme.ts';
import { avoidChats } from './chat-avoidance.ts';
import { notificationStyles } from './room-notifications.styles.ts';
import type { CentreHost } from './centre-panel.ts';

type CentrePanel = typeof import('./centre-panel.ts');

const LABEL = { info: 'notifications.info', warning: 'notifications.warning', error: 'notifications.error' } as const;
const MISSED = { info: 'notifications.missedInfo', warning: 'notifications.missedWarning', error: 'notifications.missedError' } as const;
const DISMISS = { info: 'notifications.dismissInfo', warning: 'notifications.dismissWarning', error: 'notifications.dismissError' } as const;

export type NotificationPosition = 'top-end' | 'top-start' | 'bottom-end' | 'bottom-start' | 'top-center' | 'bottom-center' | 'static';

/** A button on a toast; a click fires `room-notification-action` once and closes the toast. */
export interface ToastAction {
  id: string;
  label: string;
}

export interface NotifyOptions {
  withSound?: boolean;
  actions?: ToastAction[];
}

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
 * Toasts for the room's notifications, typed info, warning or error, with optional sound, a notification centre
 * (history, unread count, per-type settings) and, opt-in, OS notifications while the page is hidden.
 *
 * @summary Notification toasts and a notification centre connected to a room server.
 * @tag room-notifications
 *
 * @event {RoomNotificationEvent} room-notification - A notification is about to be shown. Cancelable: `preventDefault()` stops the toast, its sound and its listing. Detail `{ id, type, text, withSound, ts }`.
 * @event {RoomSoundEvent} room-sound - A notification sound was attempted. Detail `{ type, result }`: `played`, `blocked`, `dropped`, `failed`.
 * @event {RoomNotificationActionEvent} room-notification-action - The user chose a toast action. Detail `{ notificationId, actionId }`.
 * @event {RoomDesktopNotificationEvent} room-desktop-notification - An OS notification was raised (page hidden, permission granted). Detail `{ id, type, text }`.
 *
 * @csspart stack - The list of toasts; the hotkey (`hotkey`, default F8) focuses it.
 * @csspart toast - Every toast.
 * @csspart toast-info - An info toast.
 * @csspart toast-warning - A warning toast.
 * @csspart toast-error - An error toast.
 * @csspart toast-missed - A toast for a notification sent while this page was disconnected.
 * @csspart toast-label - The type label ("Info", "Warning", "Error").
 * @csspart toast-text - The notification text.
 * @csspart toast-count - How many identical notifications merged into the toast.
 * @csspart toast-action - A host-given action button on a toast.
 * @csspart close-button - Closes a toast (Esc does too).
 * @csspart overflow - "+N more" when more toasts wait than are shown.
 * @csspart enable-sound - Shown when the browser blocked a sound: enables sound.
 * @csspart center-button - The bell that opens the notification centre.
 * @csspart center-badge - The unread count on the bell.
 * @csspart center - The notification centre panel.
 * @csspart center-item - One notification listed in the centre.
 * @csspart center-settings - The per-type sound and pop-up switches.
 *
 * @cssprop --room-info - Info accent.
 * @cssprop --room-warning - Warning accent.
 * @cssprop --room-error - Error accent.
 * @cssprop --room-background - Toast background.
 * @cssprop --room-foreground - Toast text.
 * @cssprop --room-toast-inset - Places the stack itself (`inset`), whatever `position` says.
 * @cssprop --room-toast-z-index - Stacking order.
 */
export class RoomNotifications extends RoomElement {
  static override styles = [themeStyles, notificationStyles];
  static override properties: PropertyDeclarations = {
    muted: { type: Boolean, reflect: true },
    position: { reflect: true },
    hotkey: {},
    desktopNotifications: { type: Boolean, attribute: 'desktop-notifications' },
    soundTypes: { attribute: 'sound-types' },
    popupTypes: { attribute: 'popup-types' },
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
    centreOpen: { state: true },
  };

  /** No sound at all. */
  muted = false;
  /** Where the toasts sit: `top-end` (default, in the document's direction), `top-start`, `bottom-end`, `bottom-start`, `top-center`, `bottom-center`, or `static` (in the page's flow). */
  position: NotificationPosition = 'top-end';
  /** The key that moves focus to the toasts (or the bell when there are none), as `F8` or `Alt+Shift+N`; empty turns it off. */
  hotkey = 'F8';
  /** Offer OS notifications while the page is hidden (the centre asks permission on a click). */
  desktopNotifications = false;
  /** Types that play their sound until the user chooses otherwise, space-separated; default all. */
  soundTypes: string | undefined;
  /** Types that pop up a toast until the user chooses otherwise, space-separated; default all. */
  popupTypes: string | undefined;
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
  private centreOpen = false;

  readonly queue = new ToastQueue({ durations: { info: 5000, warning: 8000, error: 0 }, maxVisible: 4, mergeWindowMs: 4000 });
  readonly #i18n = new LocaleController(this);
  readonly #player = new SoundPlayer((level) => this.#soundUrl(level));
  /** Without a room (no token yet), `notify()` still lists in a centre of the element's own. */
  readonly #ownCentre = new NotificationCentre();
  #centreOff?: () => void;
  #centreState: CentreState = { entries: [], unread: 0 };
  #settings!: NotificationSettings;
  #panel?: CentrePanel;
  #panelLoad?: Promise<CentrePanel | null> | undefined;
  #actions = new Map<string, ToastAction[]>();
  #polite = '';
  #assertive = '';
  /** Where focus was before it came into the toasts: it goes back there when they close. */
  #returnFocus: HTMLElement | null = null;
  readonly #onVisibility = () => (document.hidden ? this.queue.pause('hidden') : this.queue.resume('hidden'));
  readonly #onPageFocus = () => {
    const el = deepActive();
    if (el && !this.shadowRoot?.contains(el)) this.#returnFocus = el;
  };
  readonly #place = () => this.#avoid();
  readonly #onHotkey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || !matchesHotkey(event, this.hotkey)) return;
    event.preventDefault(); // one element answers, if a page has several
    const el = deepActive();
    if (el && !this.shadowRoot?.contains(el)) this.#returnFocus = el;
    const target = this.toasts.length > 0 ? 'stack' : 'center-button';
    this.shadowRoot?.querySelector<HTMLElement>(`[part="${target}"]`)?.focus();
  };

  constructor() {
    super();
    this.queue.on('change', (toasts) => (this.toasts = toasts));
  }

  /** The notification centre this element shows: the room's (shared with its other elements and the host). */
  get centre(): NotificationCentre {
    return this.client ? notificationCentre(this.client.store) : this.#ownCentre;
  }

  /** Unread notifications in the centre. */
  get unreadNotifications(): number {
    return this.centre.snapshot.unread;
  }

  /** The user's per-type sound and pop-up choices, else the host's `sound-types` and `popup-types`. */
  get settings(): NotificationSettings {
    return (this.#settings ??= loadSettings({ sound: typesOf(this.soundTypes), popup: typesOf(this.popupTypes) }));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    document.addEventListener('focusin', this.#onPageFocus);
    document.addEventListener('keydown', this.#onHotkey);
    addEventListener('resize', this.#place);
    this.#onVisibility();
    this.#subscribeCentre();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    document.removeEventListener('focusin', this.#onPageFocus);
    document.removeEventListener('keydown', this.#onHotkey);
    removeEventListener('resize', this.#place);
    this.#centreOff?.();
  }

  protected override roomChanged(): void {
    this.#subscribeCentre();
    super.roomChanged();
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
    if (changed.has('soundTypes' as keyof RoomNotifications) || changed.has('popupTypes' as keyof RoomNotifications)) this.#settings = undefined!;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('toasts' as keyof RoomNotifications) || changed.has('position') || changed.has('centreOpen' as keyof RoomNotifications)) this.#avoid();
  }

  /**
   * Shows a notification as if the room had sent it (for the host app's own notices). The third argument is
   * `withSound` or `{ withSound, actions: [{ id, label }] }`; a toast with actions stays until used or closed.
   * Returns the notification's id.
   */
  notify(level: NotificationLevel, text: string, options: boolean | NotifyOptions = false): string {
    const { withSound = false, actions = [] } = typeof options === 'boolean' ? { withSound: options } : options;
    const id = `local-${crypto.randomUUID()}`;
    if (actions.length > 0) this.#actions.set(id, actions.map((a) => ({ id: String(a.id), label: String(a.label) })));
    this.#show({ id, room_id: '', seq: null, ts: Date.now(), kind: 'notification', from: null, private: false, text, level, withSound });
    return id;
  }

  /** Closes a toast by id. */
  dismiss(id: string): void {
    this.#close(id);
  }

  protected override roomMessage(m: RoomMessage): void {
    this.#show(m);
  }

  #subscribeCentre(): void {
    const centre = this.centre;
    this.#centreOff?.();
    this.#centreOff = centre.subscribe((state) => {
      this.#centreState = state;
      this.requestUpdate();
    });
  }

  #show(m: RoomMessage): void {
    if (m.kind !== 'notification') return;
    const level = m.level ?? 'info';
    const withSound = m.withSound === true;
    if (!this.emit('room-notification', { id: m.id, type: level, text: m.text, withSound, ts: m.ts }, true)) return;
    const missed = Date.now() - m.ts > this.replayWindow;
    const text = m.from === null ? this.#i18n.serverText(m.text) : m.text;
    this.centre.add({ id: m.id, level, text, ts: m.ts, missed });
    const { sound, popup } = this.settings[level];
    if (!popup) return;
    const { merged } = this.queue.add({ id: m.id, level, text, ts: m.ts, missed, sticky: this.#actions.has(m.id) });
    const label = this.#i18n.t((missed ? MISSED : LABEL)[level]);
    this.#announce(level, this.#i18n.t('notifications.announce', { label, text }));
    if (withSound && sound && !this.muted && !missed) void this.#playSound(level);
    if (this.desktopNotifications && !missed && !merged && showDesktop(label, text, m.id)) this.emit('room-desktop-notification', { id: m.id, type: level, text });
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

  /** Closes a toast; focus inside it moves to the next toast, else back to where it was before the toasts. */
  async #close(id: string): Promise<void> {
    const li = this.shadowRoot?.querySelector(`[data-id="${CSS.escape(id)}"]`);
    const hadFocus = !!li && li.contains(this.shadowRoot!.activeElement);
    this.queue.dismiss(id);
    this.#actions.delete(id);
    if (!hadFocus) return;
    await this.updateComplete;
    const next = this.shadowRoot!.querySelector<HTMLElement>('[part~="toast"] [part="close-button"]');
    (next ?? (this.#returnFocus?.isConnected ? this.#returnFocus : null))?.focus();
  }

  #act(t: Toast, action: ToastAction): void {
    if (!this.#actions.has(t.id)) return; // a second click while closing
    this.#actions.delete(t.id);
    this.emit('room-notification-action', { notificationId: t.id, actionId: action.id });
    void this.#close(t.id);
  }

  /** Esc on the stack itself or the bell (where the hotkey leads) gives focus back to where it was. */
  #onStackKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.target !== event.currentTarget) return;
    event.stopPropagation();
    (this.#returnFocus?.isConnected ? this.#returnFocus : null)?.focus();
  }

  #onKeydown(event: KeyboardEvent, toast: Toast): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      void this.#close(toast.id);
    }
  }

  #avoid(): void {
    const [edge, side] = (this.position || 'top-end').split('-') as ['top' | 'bottom' | 'static', 'start' | 'end' | 'center' | undefined];
    this.style.removeProperty('--_offset');
    this.style.removeProperty('--_max-height');
    // A host's --room-toast-inset places the stack itself, as before positions existed.
    const inset = getComputedStyle(this).getPropertyValue('--room-toast-inset').trim();
    if (inset || this.style.inset) this.style.inset = inset;
    if (inset || edge === 'static' || side === 'center' || !side) return;
    const room = avoidChats(side, edge as 'top' | 'bottom', this.#i18n.dir === 'rtl' || getComputedStyle(this).direction === 'rtl', this.offsetWidth);
    const offset = room[side];
    if (offset !== undefined) this.style.setProperty('--_offset', `${offset}px`);
    if (room.maxHeight !== undefined) this.style.setProperty('--_max-height', `${room.maxHeight}px`);
  }

  #toggleSetting(level: NotificationLevel, name: SettingName, value: boolean): void {
    this.settings[level][name] = value;
    saveSetting(level, name, value);
    this.requestUpdate();
  }

  #renderToast(t: Toast) {
    const i = this.#i18n;
    const parts = `toast toast-${t.level}${t.missed ? ' toast-missed' : ''}`;
    const actions = this.#actions.get(t.id) ?? [];
    return html`<li part=${parts} class="toast ${t.level}" data-id=${t.id} @keydown=${(e: KeyboardEvent) => this.#onKeydown(e, t)}>
      <span part="toast-label" class="label">${i.t((t.missed ? MISSED : LABEL)[t.level])}${t.count > 1
          ? html`<span part="toast-count" class="count" aria-label=${i.t('notifications.times', { count: t.count })}>×${t.count}</span>`
          : nothing}</span>
      <p part="toast-text" class="text" dir="auto">${t.text}</p>
      ${actions.length > 0
        ? html`<div class="actions">${actions.map((a) => html`<button part="toast-action" type="button" @click=${() => this.#act(t, a)}>${a.label}</button>`)}</div>`
        : nothing}
      <button part="close-button" class="close" type="button" aria-label=${i.t(DISMISS[t.level], { text: t.text.slice(0, 80) })} @click=${() => this.#close(t.id)}>✕</button>
    </li>`;
  }

  /** Opens the centre, loading its panel on first use; resolves once the panel is shown. */
  async openCentre(): Promise<void> {
    this.centreOpen = true;
    await this.#loadPanel();
    await this.updateComplete;
  }

  #loadPanel(): Promise<CentrePanel | null> {
    this.#panelLoad ??= this.loadPart(import('./centre-panel.ts'), 'the notification centre').then((panel) => {
      if (!panel) {
        this.#panelLoad = undefined; // the next press tries again
        return null;
      }
      adoptStyles(this.renderRoot as ShadowRoot, [...RoomNotifications.elementStyles, panel.centreStyles]);
      this.#panel = panel;
      this.requestUpdate();
      return panel;
    });
    return this.#panelLoad;
  }

  /** What the centre's panel reads and calls. */
  #centreHost(): CentreHost {
    const i = this.#i18n;
    return {
      t: (key, ...params) => i.t(key, ...params),
      time: (ts) => i.time(ts),
      entries: this.#centreState.entries,
      settings: this.settings,
      desktopNotifications: this.desktopNotifications,
      labelOf: (e) => i.t((e.missed ? MISSED : LABEL)[e.level]),
      markAllRead: () => this.centre.markAllRead(),
      clear: () => this.centre.clear(),
      toggleSetting: (level, name, value) => this.#toggleSetting(level, name, value),
      requestUpdate: () => this.requestUpdate(),
    };
  }

  #toggleCentre(): void {
    this.centreOpen = !this.centreOpen;
    if (this.centreOpen) void this.#loadPanel();
  }

  protected override render() {
    const overflow = this.queue.overflow;
    const i = this.#i18n;
    const unread = this.#centreState.unread;
    return html`
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#polite}</div>
      <div class="sr-only" role="alert" aria-live="assertive" aria-atomic="true">${this.#assertive}</div>
      <button part="center-button" class="bell" type="button" aria-expanded=${this.centreOpen ? 'true' : 'false'} aria-controls="center"
        aria-label=${i.t('notifications.bell', { count: unread })} @click=${this.#toggleCentre} @keydown=${this.#onStackKeydown}
        aria-keyshortcuts=${this.toasts.length === 0 && this.hotkey ? this.hotkey : nothing}>
        🔔${unread > 0 ? html`<span part="center-badge" class="badge" aria-hidden="true">${unread}</span>` : nothing}
      </button>
      ${this.centreOpen && this.#panel ? this.#panel.renderCentre(this.#centreHost()) : nothing}
      <section
        aria-label=${i.t('notifications.region')}
        @mouseenter=${() => this.queue.pause('hover')}
        @mouseleave=${() => this.queue.resume('hover')}
        @focusin=${() => this.queue.pause('focus')}
        @focusout=${(e: FocusEvent) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) this.queue.resume('focus');
        }}
      >
        <ol part="stack" class="stack" tabindex="-1" aria-keyshortcuts=${this.hotkey || nothing} @keydown=${this.#onStackKeydown}>
          ${repeat(this.toasts, (t) => t.id, (t) => this.#renderToast(t))}
        </ol>
        ${overflow > 0 ? html`<div part="overflow" class="overflow">${i.t('notifications.more', { count: overflow })}</div>` : nothing}
        ${this.soundBlocked
          ? html`<button part="enable-sound" class="enable-sound" type="button" @click=${this.#enableSound}>${i.t('notifications.enableSound')}</button>`
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
